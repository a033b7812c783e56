/** The `xrd` commands end to end (spawned as a user would), their JSON contracts (SPEC.md section 3) and exit codes. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCif } from '../../src/io/cif/index.js';
import { readPatternFile } from '../../src/io/formats/index.js';
import { calibrateInstrument } from '../../src/rietveld/calibrate.js';

const ROOT = join(__dirname, '..', '..');
const xrd = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'xrd.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'xrd-cli-'));

describe('xrd refine', () => {
  it('writes the JSON of SPEC.md, reports, plot, curves and refined CIFs', () => {
    const out = tmp();
    const r = xrd('refine', 'patterns/dev_SiNi.xye', '--phase', 'structures/Si.cif', '--phase', 'structures/Ni.cif',
      '--instrument', 'patterns/instrument.json', '--out', out, '--json', join(out, 'result.json'));
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['Ni.refined.cif', 'Si.refined.cif', 'dev_SiNi.curves.csv', 'dev_SiNi.json', 'dev_SiNi.report.md',
      'dev_SiNi.report.txt', 'dev_SiNi.rietveld.png', 'dev_SiNi.rietveld.svg', 'result.json']);
    const j = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(j.converged).toBe(true);
    expect(j.iterations).toBeGreaterThan(0);
    for (const k of ['rwp', 'rp', 'rexp', 'gof', 'durbinWatson']) expect(typeof j.statistics[k]).toBe('number');
    const si = j.phases.find((p: { name: string }) => p.name === 'Si');
    expect(Math.abs(si.weightPercent.value - 80)).toBeLessThan(0.3);
    expect(si.weightPercent.esd).toBeGreaterThan(0);
    for (const k of ['a', 'b', 'c', 'alpha', 'beta', 'gamma', 'volume']) expect(si.lattice[k]).toHaveProperty('esd');
    expect(si.size.lvolIB.value).toBeGreaterThan(0);
    expect(j.zero).toHaveProperty('value');
    expect(j.displacement).toHaveProperty('value');
    expect(j.background.type).toBe('chebyshev');
    expect(j.background.coefficients).toHaveLength(12);
    expect(readFileSync(join(out, 'dev_SiNi.rietveld.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(out, 'Si.refined.cif'), 'utf8')).toMatch(/_cell_length_a\s+5\.430\d+\(\d+\)/);
  }, 60_000);

  it.each([
    ['a NaN in the pattern', ['refine', 'NAN', '--phase', 'structures/Si.cif'], /:2: intensity is not finite/],
    ['a missing CIF', ['refine', 'patterns/dev_SiNi.xye', '--phase', 'structures/nope.cif'], /nope\.cif: no such file/],
    ['a phase with no reflection in the range', ['refine', 'patterns/dev_SiNi.xye', '--phase', 'structures/Si.cif', '--range', '10:20'], /phase Si has no reflection between 10 and 20/],
    ['an unknown option value', ['refine', 'patterns/dev_SiNi.xye', '--phase', 'structures/Si.cif', '--position', 'sideways'], /--position must be/],
    ['an unknown geometry', ['refine', 'patterns/dev_SiNi.xye', '--phase', 'structures/Si.cif', '--geometry', 'capillary'], /--geometry must be reflection or transmission, not "capillary"/],
    ['a capillary mu r in reflection', ['refine', 'patterns/dev_SiNi.xye', '--phase', 'structures/Si.cif', '--capillary-mu-r', '1'], /^xrd: the capillary's mu r \(--capillary-mu-r, a recipe's capillaryMuR\) = 1 applies to a capillary in transmission \(the geometry is reflection, by default/],
    ['a reflection term freed in transmission', ['refine', 'patterns/dev_SiNi.xye', '--phase', 'structures/Si.cif', '--geometry', 'transmission', '--free', 'slit=0.5'], /^xrd: slit: a flat specimen's \(reflection\) terms; a capillary in transmission moves its lines by its offsets sampleX and sampleY \(the geometry is transmission, as given/],
  ])('exits 2 with one line for %s, writing nothing', (_label, args, message) => {
    const dir = tmp();
    const nan = join(dir, 'nan.xy');
    writeFileSync(nan, '10 100\n10.01 NaN\n10.02 120\n');
    const r = xrd(...args.map((a) => (a === 'NAN' ? nan : a)), '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  }, 60_000);
});

describe('xrd refine and the geometry', () => {
  const SRM = 'test/fixtures/formats/Si-Std_SRM640d_D8D_20-97_7_16hm.brml';
  const EX = ['--exclude', '43:45.3', '--exclude', '50.2:52.5', '--exclude', '74:75.8', '--range', '25:80', '--background-terms', '4'];

  it('--geometry and --capillary-mu-r on the command line win over a recipe\'s', () => {
    const dir = tmp();
    const recipe = join(dir, 'r.yaml');
    writeFileSync(recipe, `phases: [${join(ROOT, 'structures', 'Si.cif')}]\ngeometry: reflection\n`);
    const r = xrd('refine', SRM, '--recipe', recipe, '--geometry', 'transmission', '--capillary-mu-r', '0.7', ...EX, '--json', '-');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.instrument.geometry).toBe('transmission');
    expect(j.instrument.capillaryMuR).toBe(0.7);
    expect(j.instrument.provenance.geometry).toBe('option');
  }, 60_000);

  it('instrument --divergence-slit on a capillary standard exits 2 naming the option', () => {
    const dir = tmp();
    const r = xrd('instrument', SRM, '--phase', 'structures/Si.cif', '--divergence-slit', '0.5', ...EX.slice(0, 8), '--out', join(dir, 'i.json'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^xrd: \S+Si-Std_SRM640d_D8D_20-97_7_16hm\.brml: --divergence-slit 0\.5 deg: the flat-specimen aberration of a divergence slit does not apply to a capillary in transmission/);
    expect(existsSync(join(dir, 'i.json'))).toBe(false);
  }, 60_000);
});

describe('xrd reflections, simulate, size, instrument', () => {
  it('reflections --json has the SPEC keys and Si 111 first', () => {
    const r = xrd('reflections', 'structures/Si.cif', '--json');
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows[0].hkl).toEqual([1, 1, 1]);
    expect(rows[0].multiplicity).toBe(8);
    expect(rows[0].twoTheta).toBeCloseTo(28.443, 2);
    for (const k of ['d', 'F2', 'iRel']) expect(typeof rows[0][k]).toBe('number');
  }, 30_000);

  it('simulate writes a pattern that refines back to its weight fractions', () => {
    const dir = tmp();
    const s = xrd('simulate', '--phase', 'structures/Si.cif:70:100', '--phase', 'structures/Cu.cif:30:30', '--instrument', 'patterns/instrument.json',
      '--noise', '7', '--background', '300', '--out', join(dir, 'sim.xye'), '--plot', join(dir, 'sim.svg'));
    expect(s.code, s.stderr).toBe(0);
    expect(readFileSync(join(dir, 'sim.svg'), 'utf8')).toContain('<svg');
    const r = xrd('refine', join(dir, 'sim.xye'), '--phase', 'structures/Si.cif', '--phase', 'structures/Cu.cif', '--instrument', 'patterns/instrument.json', '--json', join(dir, 'r.json'));
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(Math.abs(j.phases[0].weightPercent.value - 70)).toBeLessThan(0.5);
  }, 60_000);

  it('size --json gives raw and corrected Scherrer sizes', () => {
    const dir = tmp();
    const r = xrd('size', 'patterns/dev_Si_nano.xye', '--instrument', 'patterns/instrument.json', '--phase', 'structures/Si.cif', '--json', join(dir, 's.json'));
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
    expect(j.peak.hkl).toEqual([1, 1, 1]);
    expect(j.raw.lvolFWHM).toBeGreaterThan(0);
    // truth: LVol-FWHM 17.8 nm (patterns/truth.json), corrected within 8 %
    expect(Math.abs(j.corrected.lvolFWHM.value / 17.8 - 1)).toBeLessThan(0.08);
  }, 30_000);

  it('instrument writes a file that refine accepts', () => {
    const dir = tmp();
    const r = xrd('instrument', 'patterns/LaB6_standard.xye', '--phase', 'structures/LaB6.cif', '--certified-a', '4.15689', '--divergence-slit', '0.5', '--out', join(dir, 'inst.json'));
    expect(r.code, r.stderr).toBe(0);
    const inst = JSON.parse(readFileSync(join(dir, 'inst.json'), 'utf8'));
    for (const k of ['U', 'V', 'W', 'X', 'Y', 'SL', 'HL']) expect(typeof inst.profile[k]).toBe('number');
    expect(inst.calibration.converged).toBe(true);
  }, 30_000);

  it('instrument --exclude leaves a region out (peaks of a sample holder): the calibration weights it 0; a malformed region exits 2', () => {
    const dir = tmp();
    const r = xrd('instrument', 'patterns/LaB6_standard.xye', '--phase', 'structures/LaB6.cif', '--certified-a', '4.15689', '--exclude', '21:22.2', '--out', join(dir, 'ex.json'));
    expect(r.code, r.stderr).toBe(0);
    const bad = xrd('instrument', 'patterns/LaB6_standard.xye', '--phase', 'structures/LaB6.cif', '--exclude', '21', '--out', join(dir, 'bad.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--exclude/);
    const pattern = readPatternFile(readFileSync(join(ROOT, 'patterns', 'LaB6_standard.xye')), 'LaB6_standard.xye').scans[0];
    const lab6 = parseCif(readFileSync(join(ROOT, 'structures', 'LaB6.cif'), 'utf8'), 'LaB6.cif');
    const cal = calibrateInstrument(pattern, lab6, { certifiedA: 4.15689, exclude: [[21, 22.2]] });
    const { twoTheta, weight } = cal.refinement.curves;
    const inside = twoTheta.map((t, i) => (t >= 21 && t <= 22.2 ? weight[i] : 0));
    expect(twoTheta.some((t) => t >= 21 && t <= 22.2)).toBe(true);
    expect(Math.max(...inside)).toBe(0);
  }, 30_000);
});
