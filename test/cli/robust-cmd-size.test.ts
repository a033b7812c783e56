/** `xrd size` refuses a peak that is not there; size and wh refuse a Scherrer constant or wavelength out of range. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitPeak } from '../../src/analysis/single-peak.js';
import { loadPatternFile } from '../../src/io/formats/load.js';

const ROOT = join(__dirname, '..', '..');
const xrd = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'xrd.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'xrd-robust-size-'));

/** a flat background with Poisson-like scatter and no peak (a fixed generator: reproducible) */
function noisePattern(dir: string): string {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648);
  const lines = ['# noise only', '# Cu Ka1 1.54056 A, Ka2 1.54439 A, I(Ka2)/I(Ka1) = 0.5'];
  for (let i = 0; i <= 9000; i++) {
    const c = Math.round(1000 + (rnd() - 0.5) * 60);
    lines.push(`${(10 + i * 0.01).toFixed(4)} ${c} ${Math.sqrt(c).toFixed(3)}`);
  }
  const path = join(dir, 'noise.xye');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('xrd size: no size of a peak that is not there', () => {
  it.each([
    ['a noise-only pattern', 'NOISE', [], /noise\.xye: --peak 28\.44: no significant peak near 27\.\d\d deg .*is there a reflection there\?/],
    ['an angle without a reflection', 'patterns/dev_SiNi.xye', ['--peak', '90'], /dev_SiNi\.xye: --peak 90: no significant peak near 89\.\d\d deg/],
  ])('%s: exit 2, one line, no JSON', (_label, file, extra, message) => {
    const dir = tmp();
    const json = join(dir, 's.json');
    const r = xrd('size', file === 'NOISE' ? noisePattern(dir) : file, ...extra, '--json', json);
    expect(r.code, r.stderr + r.stdout).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(json)).toBe(false);
  }, 60_000);

  it('a real peak still gives its size, unchanged', () => {
    const r = xrd('size', 'patterns/dev_Si_nano.xye', '--instrument', 'patterns/instrument.json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/FWHM 0\.4802\(13\) deg, L 16\.89\(5\) nm/);
    expect(r.stdout).toMatch(/L 17\.81\(3\) nm/);
  }, 60_000);

  it('fitPeak reports the area and its esd, and refuses K or lambda out of range', async () => {
    const p = (await loadPatternFile(join(ROOT, 'patterns', 'dev_Si_nano.xye'))).scans[0];
    const r = fitPeak(p);
    expect(r.raw.area.value).toBeGreaterThan(5 * r.raw.area.esd);
    expect(() => fitPeak(p, { k: 1e9 })).toThrow(/Scherrer constant K must be above 0 and at most 2, not 1000000000/);
    expect(() => fitPeak(p, { lambda: 100 })).toThrow(/0\.1 to 5 A, not 100/);
  }, 60_000);
});

describe('size and wh: K in (0, 2], lambda 0.1-5 A', () => {
  it.each([
    [['size', 'patterns/dev_SiNi.xye', '--k', '1e9'], /--k .*at most 2, not 1e9/],
    [['size', 'patterns/dev_SiNi.xye', '--k', '2.5'], /--k .*at most 2, not 2\.5/],
    [['size', 'patterns/dev_SiNi.xye', '--lambda', '1e-9'], /--lambda must be an X-ray wavelength, 0\.1 to 5 A, not 1e-9/],
    [['size', 'patterns/dev_SiNi.xye', '--lambda', '100'], /--lambda .*not 100/],
    [['wh', 'patterns/dev_SiNi.xye', '--phase', 'structures/Si.cif', '--k', '1e9'], /--k .*at most 2, not 1e9/],
  ])('%j exits 2 naming the option', (args, message) => {
    const r = xrd(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  }, 60_000);

  it('K 2 and lambda 0.1 / 5 are accepted', () => {
    expect(xrd('size', 'patterns/dev_Si_nano.xye', '--k', '2', '--lambda', '5').code).toBe(0);
    expect(xrd('size', 'patterns/dev_Si_nano.xye', '--lambda', '0.1').code).toBe(0);
  }, 60_000);
});
