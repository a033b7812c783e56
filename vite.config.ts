/**
 * The browser demo (src/web): `npm run demo` serves it on localhost, `npm run build:web` writes it to
 * dist/web. The library is imported from src/ directly; the CIFs and patterns are bundled from
 * structures/ and patterns/.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: `${root}src/web`,
  base: './',
  publicDir: false,
  server: { host: '127.0.0.1', port: 5173, fs: { allow: [root] } },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  build: { outDir: `${root}dist/web`, emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0, chunkSizeWarningLimit: 2000 },
});
