/** `xrd info` and `xrd convert`, run as a user runs them: node bin/xrd.mjs ... */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '../..');
const FIX = join(ROOT, 'test/fixtures/formats');
const tmp = mkdtempSync(join(tmpdir(), 'xrd-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function xrd(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/xrd.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('xrd info', () => {
  it('--json follows SPEC section 3', () => {
    const r = xrd('info', join(FIX, 'TiO2.raw'), '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.format).toBe('bruker-raw-v4');
    expect(j.scans).toHaveLength(1);
    const s = j.scans[0];
    // values read off the file with Python struct (see test/io/formats.test.ts)
    expect(s.points).toBe(1647);
    expect(s.twoThetaStart).toBe(10);
    expect(s.twoThetaEnd).toBeCloseTo(70.041142, 6);
    expect(s.firstIntensity).toBe(557);
    expect(s.lastIntensity).toBe(328);
    expect(s.wavelengths).toEqual([
      { lambda: 1.5406, weight: 1, label: 'Ka1' },
      { lambda: 1.54439, weight: 0.5, label: 'Ka2' },
    ]);
    expect(s.sampleName).toBe('TiO2');
  });

  it('human-readable text lists every scan', () => {
    const r = xrd('info', join(FIX, 'synthetic/raw_v1_two_ranges.raw'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/bruker-raw-v1, 2 scans/);
    expect(r.out).toMatch(/scan 1: 5 points, 2theta 10 \.\. 10\.2 deg, step 0\.05; intensity 100 \.\. 250 counts/);
    // its counts 0 (among 100-250) and -3: listed, with the first one's location
    expect(r.out).toMatch(/2 points a counter cannot give \(a fit that includes them refuses them\); first: .*raw_v1_two_ranges\.raw \(offset 164\): point 3/);
    expect(r.out).toMatch(/scan 2: 4 points/);
    expect(r.out).toMatch(/wavelengths: Ka1 1\.5406 A, Ka2 1\.54439 A \(weight 0\.5\)/);
  });

  it('a Ka1-only file says so', () => {
    const r = xrd('info', join(FIX, 'Si-Std_SRM640d_D8D_20-97_7_16hm.brml'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/wavelengths: Cu Ka1 1\.5406 A only/);
    // its scan moved the detector alone, on a capillary stage
    expect(r.out).toMatch(/detector scan, specimen held at 17 deg: a capillary in transmission/);
  });

  it('exit 2 with one line for a truncated file, a foreign file and a missing file', () => {
    const cut = join(tmp, 'cut.raw');
    writeFileSync(cut, readFileSync(join(FIX, 'TiO2.raw')).subarray(0, 3000));
    const png = join(tmp, 'image.png');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
    for (const [f, re] of [
      [cut, /^xrd: .*cut\.raw \(offset \d+\): file is truncated/],
      [png, /^xrd: .*image\.png \(offset 0\): unrecognised binary file/],
      [join(tmp, 'missing.xy'), /^xrd: .*missing\.xy: cannot read pattern file: no such file/],
    ] as const) {
      const r = xrd('info', f);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(re);
    }
  });
});

describe('xrd convert', () => {
  it('writes .xye, .csv and .fxye that read back with the same points', () => {
    for (const ext of ['xye', 'csv', 'fxye']) {
      const out = join(tmp, `tio2.${ext}`);
      const r = xrd('convert', join(FIX, 'TiO2.raw'), out);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/wrote .*: 1647 points from bruker-raw-v4/);
      const info = JSON.parse(xrd('info', out, '--json').out);
      expect(info.scans[0].points).toBe(1647);
      expect(info.scans[0].firstIntensity).toBe(557);
      expect(info.scans[0].lastIntensity).toBe(328);
      expect(info.scans[0].twoThetaEnd).toBeCloseTo(70.041142, 5);
    }
    const xye = readFileSync(join(tmp, 'tio2.xye'), 'utf8').split('\n');
    expect(xye[0]).toBe('# source format bruker-raw-v4, 1647 points');
    expect(xye).toContain('10 557 23.6008');
  });

  it('--scan picks a range, --scan merge joins them; several scans without --scan is an error', () => {
    const src = join(FIX, 'synthetic/raw_v1_two_ranges.raw');
    const one = join(tmp, 'r2.xye');
    expect(xrd('convert', src, one, '--scan', '2').code).toBe(0);
    expect(JSON.parse(xrd('info', one, '--json').out).scans[0].points).toBe(4);
    const all = join(tmp, 'all.csv');
    expect(xrd('convert', src, all, '--scan', 'merge').code).toBe(0);
    expect(JSON.parse(xrd('info', all, '--json').out).scans[0].points).toBe(9);
    const none = join(tmp, 'none.xye');
    const r = xrd('convert', src, none);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^xrd: .*holds 2 scans: choose one with --scan 1\.\.2, or --scan merge\n$/);
    expect(existsSync(none)).toBe(false);
    expect(xrd('convert', src, none, '--scan', '7').code).toBe(2);
    expect(xrd('convert', src, none, '--scan', 'x').err).toMatch(/--scan must be a scan number/);
  });

  it('bad input exits 2 with one line and leaves no output file (nor a temporary one)', () => {
    const dir = mkdtempSync(join(tmp, 'out-'));
    const cut = join(tmp, 'cut.xrdml');
    writeFileSync(cut, readFileSync(join(FIX, 'XRD-918-16_10.xrdml')).subarray(0, 15000));
    const foreign = join(tmp, 'foreign.bin');
    writeFileSync(foreign, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]));
    for (const f of [cut, foreign]) {
      const r = xrd('convert', f, join(dir, 'out.xye'));
      expect(r.code).toBe(2);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^xrd: /);
    }
    const r = xrd('convert', join(FIX, 'TiO2.raw'), join(dir, 'out.png'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/output must end in \.xye, \.csv or \.fxye/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
