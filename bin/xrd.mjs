#!/usr/bin/env node
// Launcher: registers tsx's loader in this process and runs the TypeScript CLI, so that `npx xrd` works right
// after `npm ci` with no build step (and no second Node process).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
