/**
 * `npx tsx bench/batch.ts [COUNT]`: xrd batch throughput on COUNT (default 60) copies of the synthetic patterns
 * with --jobs 1 and --jobs 2; prints patterns per second, the speed-up and the peak memory. Each setting runs
 * in a fresh Node process, so that its peak resident memory (maxRSS, worker threads included) is its own.
 *
 * It also measures the machine's ceiling for --jobs 2: two independent --jobs 1 processes, each on half of the
 * patterns, at the same time. They share nothing (no coordinating thread, no messages), so their combined rate
 * over one --jobs 1 run bounds what any two-worker design can reach here: both cores busy with refinements,
 * while a lone --jobs 1 run also has the second core for V8's background work (JIT compilation, GC).
 */
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { benchBatch, type BatchBench } from '../src/batch/bench.js';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);

if (args[0] === '--child') {
  const r = await benchBatch(Number(args[1]), { count: Number(args[2]) });
  process.stdout.write(JSON.stringify(r) + '\n');
} else {
  const count = Number(args[0] ?? 60);
  const run = (jobs: number): BatchBench => {
    const p = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'batch.ts'), '--child', String(jobs), String(count)], { cwd: ROOT, encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`bench child (--jobs ${jobs}) failed: ${p.stderr}`);
    return JSON.parse(p.stdout.trim().split('\n').pop()!) as BatchBench;
  };
  console.log(`xrd batch: ${count} patterns (copies of dev_SiNi, dev_SiCu, dev_SiAg), ${availableParallelism()} cores, ${process.version}`);
  const results = [1, 2].map(run);
  // the ceiling: two independent single-worker processes on half of the patterns each, started together
  const half = (): Promise<BatchBench> => new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'batch.ts'), '--child', '1', String(Math.floor(count / 2))], { cwd: ROOT });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as BatchBench) : reject(new Error(`bench child (ceiling) exited with ${code}`))));
  });
  const pair = await Promise.all([half(), half()]);
  const ceiling = (2 * Math.floor(count / 2)) / Math.max(...pair.map((r) => r.seconds));
  for (const r of results) {
    console.log(`  --jobs ${r.jobs}: ${r.patternsPerSecond.toFixed(2).padStart(6)} patterns/s over the run (${r.seconds.toFixed(1)} s), ${r.steadyPatternsPerSecond.toFixed(2)} in steady state, peak memory ${r.maxRssMB.toFixed(0)} MB${r.failed ? `, ${r.failed} FAILED` : ''}`);
  }
  console.log(`  speed-up --jobs 2 over --jobs 1: ${(results[1].patternsPerSecond / results[0].patternsPerSecond).toFixed(2)}x over the whole run, ${(results[1].steadyPatternsPerSecond / results[0].steadyPatternsPerSecond).toFixed(2)}x in steady state (target 1.7x)`);
  console.log(`  ceiling on this machine: two independent --jobs 1 processes on ${Math.floor(count / 2)} patterns each, together: ${ceiling.toFixed(2)} patterns/s, ${(ceiling / results[0].patternsPerSecond).toFixed(2)}x over one --jobs 1 run (--jobs 2 reaches ${((100 * results[1].patternsPerSecond) / ceiling).toFixed(0)} % of it)`);
}
