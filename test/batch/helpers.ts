/** Shared set-up of the batch tests: the instrument, a recipe over the synthetic patterns, the CLI. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCif } from '../../src/io/cif/index.js';
import { readPatternFile, selectScan } from '../../src/io/formats/index.js';
import { writeInstrumentJson } from '../../src/io/instrument.js';
import { calibrateInstrument } from '../../src/rietveld/calibrate.js';

export const ROOT = join(__dirname, '..', '..');
export const XRD = join(ROOT, 'bin', 'xrd.mjs');

export const TRUTH = JSON.parse(readFileSync(join(ROOT, 'patterns', 'truth.json'), 'utf8')) as Record<string, { phases: Record<string, { wt: number; a: number }> }>;

export function xrd(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [XRD, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** patterns/instrument.json, or one calibrated on the LaB6 standard into `dir` when it is missing. */
export function instrumentFile(dir: string): string {
  const bundled = join(ROOT, 'patterns', 'instrument.json');
  if (existsSync(bundled)) return bundled;
  const pattern = selectScan(readPatternFile(new Uint8Array(readFileSync(join(ROOT, 'patterns', 'LaB6_standard.xye'))), 'LaB6_standard.xye'));
  const lab6 = parseCif(readFileSync(join(ROOT, 'structures', 'LaB6.cif'), 'utf8'), 'LaB6.cif');
  const { instrument } = calibrateInstrument(pattern, lab6, { certifiedA: 4.15689, divergenceSlitDeg: 0.5 });
  const path = join(dir, 'instrument.json');
  writeFileSync(path, writeInstrumentJson(instrument));
  return path;
}

/** The samples used: file stem in patterns/ and the phases it holds. */
export const SAMPLES = { SiNi: ['Si', 'Ni'], SiCu: ['Si', 'Cu'], SiAg: ['Si', 'Ag'] } as const;

/** A recipe (YAML) in `dir` over Si, Ni, Cu, Ag, each pattern's phases picked by its name. */
export function writeRecipe(dir: string, extra = ''): string {
  const path = join(dir, 'recipe.yaml');
  const cif = (n: string) => join(ROOT, 'structures', `${n}.cif`);
  writeFileSync(path, [
    'phases:', ...['Si', 'Ni', 'Cu', 'Ag'].map((n) => `  - ${cif(n)}`),
    'phaseSets:', ...Object.entries(SAMPLES).map(([k, v]) => `  - { match: "*${k}*", phases: [${v.join(', ')}] }`),
    `instrument: ${instrumentFile(dir)}`,
    extra,
  ].join('\n') + '\n');
  return path;
}

/** Copies patterns/dev_<sample>.xye to dir/<name>. */
export function copyPattern(sample: keyof typeof SAMPLES, dir: string, name = `dev_${sample}.xye`): string {
  const path = join(dir, name);
  copyFileSync(join(ROOT, 'patterns', `dev_${sample}.xye`), path);
  return path;
}

/** A pattern with a line of garbage inside its data. */
export function writeCorrupt(dir: string, name = 'corrupt.xye'): string {
  const lines = readFileSync(join(ROOT, 'patterns', 'dev_SiNi.xye'), 'utf8').split('\n');
  lines.splice(100, 1, '12.0 @@@ 3');
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
}

/** Files a killed or failed write could leave: writeAtomically's temporaries. */
export const isTemporary = (name: string) => name.endsWith('.tmp');
