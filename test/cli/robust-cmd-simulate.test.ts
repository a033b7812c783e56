/** `xrd simulate` refuses what it would write wrongly, writes the format its --out names, and states its wavelengths readably. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCif } from '../../src/io/cif/index.js';
import { loadPatternFile } from '../../src/io/formats/load.js';
import { simulatePattern } from '../../src/model/simulate.js';

const ROOT = join(__dirname, '..', '..');
const xrd = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'xrd.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'xrd-robust-sim-'));
const SI = parseCif(readFileSync(join(ROOT, 'structures', 'Si.cif'), 'utf8'), 'Si.cif');

describe('xrd simulate: refusals, exit 2 and nothing written', () => {
  it.each([
    ['2theta beyond 180', ['--range', '10:200:0.01'], 'a.xye', undefined, /--range 10:200:0\.01: 2theta must lie from 0 to below 180/],
    ['an --out that is not a pattern format', [], 'h.cif', undefined, /--out .*h\.cif: .*\.xye, \.csv or \.fxye, not "\.cif"/],
    ['--plot the same file as --out', [], 'p.svg', 'p.svg', /--out|--plot/],
    ['--plot the --out pattern', [], 'p.xye', 'p.xye', /--plot .*p\.xye/],
    ['--plot to a .png (SVG content)', [], 'q.xye', 'q.png', /--plot .*q\.png: the plot is SVG/],
    ['a single phase of 0 %', ['--phase', 'structures/Si.cif:0'], 'z.xye', undefined, /--phase structures\/Si\.cif:0: a weight of 0 %/],
    ['a negative seed', ['--noise', '-1'], 'n.xye', undefined, /--noise must be a seed: .* not -1/],
    ['a fractional seed', ['--noise', '1.5'], 'n.xye', undefined, /--noise must be a seed: .* not 1\.5/],
    ['a seed above 2^32', ['--noise', '1e30'], 'n.xye', undefined, /--noise must be a seed: .* not 1e30/],
  ])('%s', (_label, extra, out, plot, message) => {
    const dir = tmp();
    const args = ['simulate', ...((extra as string[]).includes('--phase') ? [] : ['--phase', 'structures/Si.cif']), ...(extra as string[]), '--out', join(dir, out), ...(plot ? ['--plot', join(dir, plot)] : [])];
    const r = xrd(...args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('the library refuses all-zero weights and 2theta beyond 180 too', () => {
    expect(() => simulatePattern([{ structure: SI, weightPercent: 0 }])).toThrow(/add up to 0 %/);
    expect(() => simulatePattern([{ structure: SI }], { range: [10, 190, 0.1] })).toThrow(/below 180/);
  });
});

describe('xrd simulate: what is written', () => {
  it('--out .csv and .fxye write those formats, which read back as the same pattern', async () => {
    const dir = tmp();
    const ref = xrd('simulate', '--phase', 'structures/Si.cif', '--out', join(dir, 's.xye'));
    expect(ref.code, ref.stderr).toBe(0);
    for (const ext of ['csv', 'fxye']) {
      const r = xrd('simulate', '--phase', 'structures/Si.cif', '--out', join(dir, `s.${ext}`));
      expect(r.code, r.stderr).toBe(0);
      const text = readFileSync(join(dir, `s.${ext}`), 'utf8');
      // not the .xye text: csv has its column line after the '#' header, fxye its BANK line after title and comments
      const lines = text.split('\n');
      if (ext === 'csv') expect(lines.find((l) => !l.startsWith('#'))).toBe('two_theta_deg,counts,sigma');
      else expect(lines.find((l) => l.startsWith('BANK'))).toMatch(/^BANK 1 8001 8001 CONST 1000 1/);
      expect(text).not.toMatch(/columns: 2theta\(deg\) counts sigma/);
    }
    const a = (await loadPatternFile(join(dir, 's.xye'))).scans[0];
    const b = (await loadPatternFile(join(dir, 's.csv'))).scans[0];
    expect(b.twoTheta.length).toBe(a.twoTheta.length);
    expect(Math.max(...b.counts)).toBeCloseTo(Math.max(...a.counts), 3);
  }, 60_000);

  it('the wavelengths of an --instrument file read back (a Co Ka1 pattern is not read as Cu)', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'co.json'), JSON.stringify({ wavelengths: [{ lambda: 1.78897, weight: 1 }], goniometerRadiusMm: 240 }));
    writeFileSync(join(dir, 'co2.json'), JSON.stringify({ wavelengths: [{ lambda: 1.78897, weight: 1 }, { lambda: 1.79285, weight: 0.5 }] }));
    for (const [inst, expected] of [['co.json', [1.78897]], ['co2.json', [1.78897, 1.79285]]] as const) {
      const out = join(dir, `${inst}.xye`);
      const r = xrd('simulate', '--phase', 'structures/Si.cif', '--instrument', join(dir, inst), '--out', out);
      expect(r.code, r.stderr).toBe(0);
      const p = (await loadPatternFile(out)).scans[0];
      expect(p.meta.wavelengths?.map((w) => w.lambda)).toEqual(expected);
      if (expected.length === 2) expect(p.meta.wavelengths?.[1].weight).toBe(0.5);
      const info = xrd('info', out);
      expect(info.code, info.stderr).toBe(0);
      expect(info.stdout).toMatch(/1\.78897/);
      expect(info.stdout).not.toMatch(/1\.5405|not stated/);
    }
  }, 60_000);

  it('a valid run is unchanged: plot .svg written next to the pattern', () => {
    const dir = tmp();
    const r = xrd('simulate', '--phase', 'structures/Si.cif:70', '--phase', 'structures/Cu.cif:30', '--noise', '4294967295', '--out', join(dir, 's.xye'), '--plot', join(dir, 's.svg'));
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 's.svg'))).toBe(true);
    expect(readFileSync(join(dir, 's.xye'), 'utf8')).toMatch(/^# source format simulated, 8001 points\n# Ka1 1\.54056 A, Ka2 1\.54439 A, I\(Ka2\)\/I\(Ka1\) = 0\.5\n/);
  }, 60_000);
});
