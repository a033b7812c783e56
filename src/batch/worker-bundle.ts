/**
 * The batch worker as one prebuilt JavaScript file. A worker thread started on the TypeScript sources loads the
 * engine through tsx's loader, about 0.5 s per thread; the bundle (esbuild, which tsx already brings) loads in
 * about 0.2 s. Built once into node_modules/.cache/xrd-engine/, keyed by the sources' paths, sizes and times,
 * and rebuilt when they change. Any failure falls back to the sources (undefined).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { projectFile } from '../paths.js';

const SRC = projectFile('src');
const HERE = join(SRC, 'batch');
const CACHE = projectFile('node_modules', '.cache', 'xrd-engine');

async function sourceKey(): Promise<string> {
  const h = createHash('sha256');
  const files = (await readdir(SRC, { recursive: true })).filter((f) => f.endsWith('.ts')).sort();
  for (const f of files) {
    const s = await stat(join(SRC, f));
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

let built: Promise<string | undefined> | undefined;

/** file URL of the bundled worker, or undefined to run the worker from its TypeScript source */
export function workerBundle(): Promise<string | undefined> {
  built ??= (async () => {
    try {
      const key = await sourceKey();
      const out = join(CACHE, `worker-${key}.mjs`);
      const exists = await stat(out).then(() => true, () => false);
      if (!exists) {
        const { build } = await import('esbuild');
        await mkdir(CACHE, { recursive: true });
        const tmp = `${out}.${process.pid}.tmp`;
        await build({
          entryPoints: [join(HERE, 'worker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20',
          packages: 'external', outfile: tmp, logLevel: 'silent', write: true, sourcemap: false,
        });
        await rename(tmp, out);
        for (const f of await readdir(CACHE)) {
          if (f.startsWith('worker-') && f !== relative(CACHE, out)) await unlink(join(CACHE, f)).catch(() => undefined);
        }
      }
      return new URL(`file://${out}`).href;
    } catch {
      return undefined;
    }
  })();
  return built;
}
