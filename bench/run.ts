/**
 * `npm run bench`: speed figures, printed (not pass/fail). Targets on the 2-core reference machine (issues 2, 3):
 * 8001-point three-phase pattern under 2 ms, its full derivative matrix under 20 ms, in-process refinement of
 * dev_SiFeAl under 150 ms, the whole `xrd refine` command under 1 s (GSAS-II: 1.7 s for the same file).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantile } from 'd3-array';
import { parseCif } from '../src/io/cif/index.js';
import { readPatternFile, selectScan } from '../src/io/formats/index.js';
import { parseInstrumentJson } from '../src/io/instrument.js';
import type { Pattern } from '../src/io/pattern.js';
import { buildModel } from '../src/rietveld/build.js';
import { refinePattern } from '../src/rietveld/refine.js';

const ROOT = join(import.meta.dirname, '..');
const structure = (name: string) => parseCif(readFileSync(join(ROOT, 'structures', `${name}.cif`), 'utf8'), `${name}.cif`);
const pattern = (name: string) => selectScan(readPatternFile(new Uint8Array(readFileSync(join(ROOT, 'patterns', `${name}.xye`))), `${name}.xye`));
const instrument = parseInstrumentJson(readFileSync(join(ROOT, 'patterns', 'instrument.json'), 'utf8'), 'instrument.json');

function time(label: string, runs: number, f: () => void, target?: number): number {
  for (let i = 0; i < Math.min(5, runs); i++) f(); // warm up the JIT
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  const median = quantile(t, 0.5)!;
  const verdict = target === undefined ? '' : median <= target ? `  (target ${target} ms: met)` : `  (target ${target} ms: NOT met)`;
  console.log(`${label.padEnd(58)} median ${median.toFixed(2).padStart(8)} ms   min ${t[0].toFixed(2).padStart(8)} ms${verdict}`);
  return median;
}

console.log(`xrd-engine bench on ${process.version}, ${(await import('node:os')).cpus().length} cores\n`);

// 1. forward model and derivatives of a three-phase 8001-point pattern (Si, Ni, Cu)
const grid: Pattern = { twoTheta: Float64Array.from({ length: 8001 }, (_, i) => 10 + i * 0.01), counts: new Float64Array(8001), sigma: new Float64Array(8001).fill(1), meta: { format: 'bench' } };
const { model } = buildModel(grid, [structure('Si'), structure('Ni'), structure('Cu')], instrument, { sampleBroadening: 'full', positionModel: 'both' });
for (const k of ['U', 'V', 'W', 'X', 'Y'] as const) model.params.instrument[k].refine = true;
const out = new Float64Array(model.n);
time('pattern, 8001 points, Si + Ni + Cu', 300, () => model.calculate(out), 2);
const active = model.entries.filter((e) => e.p.refine);
const jac = new Float64Array(model.n * active.length);
time(`full derivative matrix (${active.length} parameters)`, 100, () => model.jacobian(out, jac, active), 20);

// 2. refinement of dev_SiFeAl in process
const feal = pattern('dev_SiFeAl');
const phases = [structure('Si'), structure('Fe'), structure('Al')];
let iterations = 0;
time('refinement of dev_SiFeAl in process (3 phases)', 10, () => {
  iterations = refinePattern(feal, phases, instrument).result.iterations;
}, 150);
console.log(`${''.padEnd(58)} (${iterations} iterations)`);

// 3. the whole command, as a user runs it
const cmd = ['bin/xrd.mjs', 'refine', 'patterns/dev_SiFeAl.xye', '--phase', 'structures/Si.cif', '--phase', 'structures/Fe.cif', '--phase', 'structures/Al.cif', '--instrument', 'patterns/instrument.json', '--json', join((await import('node:os')).tmpdir(), 'bench-refine.json')];
time('whole `xrd refine dev_SiFeAl --json` command', 5, () => {
  const r = spawnSync(process.execPath, cmd, { cwd: ROOT });
  if (r.status !== 0) throw new Error(`xrd refine failed: ${r.stderr}`);
}, 1000);
console.log('\nGSAS-II (v5.7.9) on the same file: 1.4-1.7 s per pattern on this machine (SPEC.md section 4).');

// 4. batch throughput (issue 6): 60 patterns with --jobs 1 and --jobs 2, each in a fresh process
console.log('');
const batch = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'batch.ts'), '60'], { cwd: ROOT, encoding: 'utf8' });
process.stdout.write(batch.status === 0 ? batch.stdout : `batch bench failed: ${batch.stderr}\n`);
