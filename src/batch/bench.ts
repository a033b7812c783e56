/**
 * benchBatch: throughput of `runBatch` on copies of the bundled synthetic patterns (dev_SiNi, dev_SiCu,
 * dev_SiAg in turn) in a temporary folder, with one recipe that picks each pattern's phases by file name.
 * Reports patterns per second and the peak resident memory of this process (process.resourceUsage().maxRSS:
 * the worker threads live in this process, so it covers them). maxRSS never goes down: measure each setting
 * in a fresh process (bench/batch.ts does).
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBatch } from './run.js';

export interface BatchBench {
  jobs: number;
  patterns: number;
  seconds: number;
  patternsPerSecond: number;
  /** rate between the 10th and the 50th of 60 results (start-up and the last stragglers left out), patterns/s */
  steadyPatternsPerSecond: number;
  /** peak resident set of the process, MB */
  maxRssMB: number;
  failed: number;
}

const SAMPLES = [
  { file: 'dev_SiNi', phases: ['Si', 'Ni'] },
  { file: 'dev_SiCu', phases: ['Si', 'Cu'] },
  { file: 'dev_SiAg', phases: ['Si', 'Ag'] },
];

/** Writes `count` pattern copies and a recipe into `dir`; returns the recipe path and the pattern paths. */
export async function writeBenchInputs(dir: string, count: number, root = resolve(import.meta.dirname, '..', '..')): Promise<{ recipe: string; patterns: string[] }> {
  const patterns: string[] = [];
  for (let i = 0; i < count; i++) {
    const s = SAMPLES[i % SAMPLES.length];
    const path = join(dir, `p${String(i + 1).padStart(3, '0')}_${s.file.slice(4)}.xye`);
    await copyFile(join(root, 'patterns', `${s.file}.xye`), path);
    patterns.push(path);
  }
  const recipe = {
    phases: ['Si', 'Ni', 'Cu', 'Ag'].map((n) => join(root, 'structures', `${n}.cif`)),
    phaseSets: SAMPLES.map((s) => ({ match: `*_${s.file.slice(4)}.xye`, phases: s.phases })),
    instrument: join(root, 'patterns', 'instrument.json'),
  };
  const recipePath = join(dir, 'recipe.json');
  await writeFile(recipePath, JSON.stringify(recipe, null, 2));
  return { recipe: recipePath, patterns };
}

export async function benchBatch(jobs: number, opts: { count?: number } = {}): Promise<BatchBench> {
  const count = opts.count ?? 60;
  const dir = await mkdtemp(join(tmpdir(), 'xrd-bench-batch-'));
  try {
    const { recipe, patterns } = await writeBenchInputs(dir, count);
    const t0 = performance.now();
    const stamps: number[] = [];
    const r = await runBatch({ recipe, patterns, out: join(dir, 'out'), jobs, onProgress: (e) => e.kind === 'done' && stamps.push(performance.now() - t0) });
    const seconds = (performance.now() - t0) / 1000;
    const a = Math.floor(count / 6);
    const b = Math.floor((5 * count) / 6);
    const steady = b > a && stamps[b] > stamps[a] ? ((b - a) / (stamps[b] - stamps[a])) * 1000 : count / seconds;
    return { jobs, patterns: count, seconds, patternsPerSecond: count / seconds, steadyPatternsPerSecond: steady, maxRssMB: process.resourceUsage().maxRSS / 1024, failed: r.failed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
