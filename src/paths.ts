/**
 * Where the project's own files are. The `xrd` launcher may run a prebuilt bundle of the CLI from
 * node_modules/.cache, where import.meta.url no longer points into src/: it then names the project root in
 * globalThis.__XRD_ROOT__ before loading the bundle.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const given = (globalThis as { __XRD_ROOT__?: string }).__XRD_ROOT__;

/** the project's root folder (holds package.json, src/, structures/) */
export const PROJECT_ROOT: string = given ?? resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** a file of the project, by its path from the root */
export const projectFile = (...parts: string[]): string => resolve(PROJECT_ROOT, ...parts);
