/**
 * The browser end-to-end test, kept out of `npm test`: `npm run test:e2e`. It builds the demo, serves it on
 * localhost and drives Debian's Chromium (/usr/bin/chromium, scripts/install-chromium.sh) with playwright-core.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
