#!/usr/bin/env node
// The `xrd` launcher: works right after `npm ci`, with no build step by hand.
// It runs a bundle of the TypeScript CLI that esbuild (installed with tsx) builds once into
// node_modules/.cache/xrd-engine and rebuilds whenever a source file changes (keyed by the sources' paths, sizes and
// times): the CLI then starts in about half the time it takes through tsx's loader. If the bundle cannot be built
// or loaded, or XRD_NO_BUNDLE is set, the sources run through tsx as they are.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
globalThis.__XRD_ROOT__ = root;

function bundlePath() {
  const src = join(root, 'src');
  const h = createHash('sha256');
  for (const f of readdirSync(src, { recursive: true }).filter((f) => f.endsWith('.ts')).sort()) {
    const s = statSync(join(src, f));
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return join(root, 'node_modules', '.cache', 'xrd-engine', `cli-${h.digest('hex').slice(0, 16)}.mjs`);
}

async function loadBundle() {
  const out = bundlePath();
  if (!existsSync(out)) {
    const { buildSync } = await import('esbuild');
    mkdirSync(dirname(out), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    buildSync({
      entryPoints: [join(root, 'src', 'cli', 'main.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20',
      packages: 'external', outfile: tmp, logLevel: 'silent',
    });
    renameSync(tmp, out);
  }
  return pathToFileURL(out).href;
}

let entry;
if (!process.env.XRD_NO_BUNDLE) {
  try {
    entry = await loadBundle();
  } catch {
    entry = undefined;
  }
}
if (entry) {
  await import(entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
