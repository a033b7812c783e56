/**
 * Readers of diffractometer files, checked against numbers read off the files independently of
 * the readers: `unzip -p FILE '*RawData0.xml' | grep '<Datum>' | head -1 / tail -1 / grep -c`,
 * `unzip -p FILE Data0/Profile0.txt | head -1 / tail -1 / wc -l`, and a few lines of Python
 * `struct.unpack_from` at the offsets of the published RAW layouts (header 712 bytes, range
 * header 304 + supplementary bytes for v3; 61-byte header, segments and 160-byte range headers
 * for v4), `re.search('<intensities[^>]*>([^<]*)<')` for XRDML. The synthetic fixtures' numbers
 * are those written by test/fixtures/formats/synthetic/make_fixtures.py.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError, ParseError } from '../../src/errors.js';
import { detectFormat, readPatternFile, selectScan, writeCsv, writeFxye, writeXye } from '../../src/io/formats/index.js';
import { loadPatternFile } from '../../src/io/formats/load.js';
import type { Pattern, PatternFile } from '../../src/io/pattern.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIX = resolve(here, '../fixtures/formats');
const SHARED = resolve(here, '../../../shared/data');
const hasShared = existsSync(join(SHARED, 'formats'));

const bytesOf = (path: string) => new Uint8Array(readFileSync(path));
const read = (path: string) => readPatternFile(bytesOf(path), path);
const text = (s: string) => new TextEncoder().encode(s);

interface ScanExpect {
  n: number;
  t0: number;
  t1: number;
  i0: number;
  i1: number;
}

function checkScans(pf: PatternFile, scans: ScanExpect[]): void {
  expect(pf.scans.length).toBe(scans.length);
  scans.forEach((e, k) => {
    const p = pf.scans[k];
    const n = p.twoTheta.length;
    expect(n).toBe(e.n);
    expect(p.twoTheta[0]).toBeCloseTo(e.t0, 6);
    expect(p.twoTheta[n - 1]).toBeCloseTo(e.t1, 5);
    expect(p.counts[0]).toBeCloseTo(e.i0, 6);
    expect(p.counts[n - 1]).toBeCloseTo(e.i1, 6);
    checkValid(p);
  });
}

function checkValid(p: Pattern): void {
  const n = p.twoTheta.length;
  expect(p.counts.length).toBe(n);
  expect(p.sigma.length).toBe(n);
  for (let i = 0; i < n; i++) {
    expect(Number.isFinite(p.twoTheta[i]) && Number.isFinite(p.counts[i])).toBe(true);
    expect(p.sigma[i]).toBeGreaterThan(0);
    if (i) expect(p.twoTheta[i]).toBeGreaterThan(p.twoTheta[i - 1]);
  }
}

const KA12_BRUKER = [
  { lambda: 1.5406, weight: 1, label: 'Ka1' },
  { lambda: 1.54439, weight: 0.5, label: 'Ka2' },
];

describe('copyable fixtures (test/fixtures/formats, permissive licences)', () => {
  it('Si SRM 640d .brml: 4-value Datum, Johansson primary monochromator -> Ka1 only', () => {
    const pf = read(join(FIX, 'Si-Std_SRM640d_D8D_20-97_7_16hm.brml'));
    expect(pf.format).toBe('brml');
    // grep -c '<Datum>' = 9227; first "1344,1,10,17141", last "1344,1,97.013,670"
    checkScans(pf, [{ n: 9227, t0: 10, t1: 97.013, i0: 17141, i1: 670 }]);
    const m = pf.scans[0].meta;
    expect(m.wavelengths).toEqual([{ lambda: 1.5406, weight: 1, label: 'Ka1' }]);
    expect(m.anode).toBe('Cu');
    expect(m.countTimeS).toBe(7);
    expect(m.goniometerRadiusMm).toBe(217.5); // secondary track; primary is 260
    expect(m.sampleName).toBe('Si-Std_SRM640d');
    expect(m.stepDeg).toBeCloseTo(0.009431283127, 12);
    // the Johansson optic is Ge(111): 2 asin(1.5406 / (2 x 5.6575 / sqrt 3)) = 27.28 deg, for the polarization factor
    expect(m.monochromatorTwoThetaDeg).toBeCloseTo(27.28, 2);
    // <AxialDivergence Value="2.5"> under the primary track's SollerInfoData; the secondary track has none
    expect(m.primarySollerDeg).toBe(2.5);
    expect(m.secondarySollerDeg).toBeUndefined();
  });

  it('corundum SRM 1976b .brml: 5-value Datum (2theta, theta, counts), Ka1 + Ka2', () => {
    const pf = read(join(FIX, 'SRM1976b_260105_D8A_20-155_0.008_4s_19hm.brml'));
    // 16509 Datum; first "768,1,20,10,2647", last "768,1,154.9965,77.4983,1030"
    checkScans(pf, [{ n: 16509, t0: 20, t1: 154.9965, i0: 2647, i1: 1030 }]);
    expect(pf.scans[0].meta.wavelengths).toEqual(KA12_BRUKER);
    expect(pf.scans[0].meta.goniometerRadiusMm).toBe(280);
    expect(pf.scans[0].meta.countTimeS).toBe(4);
    // Axial Soller 2,5 on the primary track, Soller_25 2,5 on the secondary
    expect(pf.scans[0].meta.primarySollerDeg).toBe(2.5);
    expect(pf.scans[0].meta.secondarySollerDeg).toBe(2.5);
  });

  it('BAM D6 Phaser .brml: 7-value Datum', () => {
    const pf = read(join(FIX, 'A52-B128-S_20-140_0.008_4s_17h_D6Pm.brml'));
    // 13950 Datum; first "768,1,20.00123,10.00062,20.00123,10.00062,3940", last "...,140.00405,...,2506"
    checkScans(pf, [{ n: 13950, t0: 20.00123, t1: 140.00405, i0: 3940, i1: 2506 }]);
    expect(pf.scans[0].meta.sampleName).toBe('A52-B128-S');
    expect(pf.scans[0].meta.goniometerRadiusMm).toBe(166.5);
  });

  it('cheminfo .brml without a top folder in the ZIP', () => {
    const pf = read(join(FIX, 'cheminfo_test.brml'));
    // 2443 Datum; first "191,1,20,10,1096", last "191,1,79.9968,39.9984,3782"
    checkScans(pf, [{ n: 2443, t0: 20, t1: 79.9968, i0: 1096, i1: 3782 }]);
    expect(pf.scans[0].meta.sampleName).toBe('Commander Sample ID');
    expect(pf.scans[0].meta.wavelengths).toEqual(KA12_BRUKER);
  });

  it('Rigaku .rasx with BOM and attenuator column, wave type Ka1', () => {
    const pf = read(join(FIX, 'TwoTheta_scan_powder.rasx'));
    expect(pf.format).toBe('rigaku-rasx');
    // Profile0.txt: 2726 lines, first "<BOM>10.0000\t170.55354309082\t1", last "119.0000\t13.8521060943604\t1"
    checkScans(pf, [{ n: 2726, t0: 10, t1: 119, i0: 170.55354309082, i1: 13.8521060943604 }]);
    const m = pf.scans[0].meta;
    expect(m.wavelengths).toEqual([{ lambda: 1.540593, weight: 1, label: 'Ka1' }]); // <WaveType>Ka1</WaveType>
    expect(m.goniometerRadiusMm).toBe(300);
    expect(m.stepDeg).toBe(0.04);
    expect(m.countTimeS).toBeCloseTo(2.4, 12); // 0.04 deg at 1 deg/min
  });

  it('Rigaku .rasx, wave type Ka -> Ka1 + Ka2 (ratio 0.5 assumed), sample name', () => {
    const pf = read(join(FIX, 'JO_KL_16_ZF_3_60deg_0.02step_12degpermin_001.rasx'));
    // 2851 lines, first "<BOM>3.0000\t2589\t1", last "60.0000\t119\t1"
    checkScans(pf, [{ n: 2851, t0: 3, t1: 60, i0: 2589, i1: 119 }]);
    expect(pf.scans[0].meta.sampleName).toBe('JO_KL_16_ZF');
    expect(pf.scans[0].meta.wavelengths).toEqual([
      { lambda: 1.540593, weight: 1, label: 'Ka1' },
      { lambda: 1.544414, weight: 0.5, label: 'Ka2' },
    ]);
  });

  it('Bruker RAW v4 (datalab TiO2.raw), Locked Coupled range', () => {
    const pf = read(join(FIX, 'TiO2.raw'));
    expect(pf.format).toBe('bruker-raw-v4');
    // range header at 0x20e: start 10.0, step 0.036477, 1647 steps; float32 data at 10994 - 4*1647:
    // first 557, last 328; last 2theta = 10 + 1646 * 0.036477
    checkScans(pf, [{ n: 1647, t0: 10, t1: 70.041142, i0: 557, i1: 328 }]);
    expect(pf.scans[0].meta.sampleName).toBe('TiO2');
    expect(pf.scans[0].meta.wavelengths).toEqual(KA12_BRUKER);
    expect(pf.scans[0].meta.stepDeg).toBe(0.036477);
  });

  it('Bruker RAW v4 with 8-byte datums and Ka2 ratio 0 -> Ka1 only (negative counts kept)', () => {
    const pf = read(join(FIX, 'TwoTheta_scan_scrambled.raw'));
    // 7134 datums of (float32, uint32 1); first 283.7691955566406, last -105.77827453613281;
    // step 0.0105203 (float32), last 2theta = 10 + 7133 * 0.0105203
    checkScans(pf, [{ n: 7134, t0: 10, t1: 85.0412999, i0: 283.7691955566406, i1: -105.77827453613281 }]);
    const p = pf.scans[0];
    expect(p.meta.wavelengths).toEqual([{ lambda: 1.5406, weight: 1, label: 'Ka1' }]);
    expect(p.sigma[p.sigma.length - 1]).toBe(1); // negative count: sigma 1
  });

  it('XRDML 1.6 (Empyrean, intended K-Alpha 1 but no monochromator: Ka1 + Ka2 kept)', () => {
    const pf = read(join(FIX, 'XRD-918-16_10.xrdml'));
    expect(pf.format).toBe('xrdml');
    // 5027 values in <intensities>, first 1305, last 171; start/endPosition 4.00656514 / 69.99936587
    checkScans(pf, [{ n: 5027, t0: 4.00656514, t1: 69.99936587, i0: 1305, i1: 171 }]);
    const m = pf.scans[0].meta;
    expect(m.countTimeS).toBe(39.27);
    expect(m.goniometerRadiusMm).toBe(240);
    expect(m.wavelengths).toEqual([
      { lambda: 1.540598, weight: 1, label: 'Ka1' },
      { lambda: 1.544426, weight: 0.5, label: 'Ka2' },
    ]);
    expect(m.extra?.intendedWavelength).toBe('K-Alpha 1');
  });
});

describe('synthetic fixtures (made by make_fixtures.py)', () => {
  const S = join(FIX, 'synthetic');

  it('Bruker RAW v1: two ranges, "RAW " repeated before the second, zero/negative counts get sigma 1', () => {
    const pf = read(join(S, 'raw_v1_two_ranges.raw'));
    expect(pf.format).toBe('bruker-raw-v1');
    checkScans(pf, [
      { n: 5, t0: 10, t1: 10.2, i0: 100, i1: 250 },
      { n: 4, t0: 20, t1: 20.3, i0: 10, i1: 40 },
    ]);
    expect(Array.from(pf.scans[0].counts)).toEqual([100, 120, 0, -3, 250]);
    expect(Array.from(pf.scans[0].sigma.subarray(2, 4))).toEqual([1, 1]);
    expect(pf.scans[0].sigma[0]).toBe(10);
    expect(pf.scans[1].meta.countTimeS).toBe(2);
    expect(pf.scans[0].meta.wavelengths).toEqual(KA12_BRUKER); // v1 has no ratio: 0.5 assumed
  });

  it('Bruker RAW v2: Co tube, ratio 0 -> Ka1 only', () => {
    const pf = read(join(S, 'raw_v2_ka1.raw'));
    expect(pf.format).toBe('bruker-raw-v2');
    checkScans(pf, [{ n: 6, t0: 5, t1: 5.1, i0: 1, i1: 6 }]);
    expect(pf.scans[0].meta.anode).toBe('Co');
    expect(pf.scans[0].meta.wavelengths).toEqual([{ lambda: 1.78897, weight: 1, label: 'Ka1' }]);
    expect(pf.scans[0].meta.countTimeS).toBe(3);
  });

  it('XRDML 2.0: raw counts times attenuation factors, listPositions, Omega scan skipped, cps x time', () => {
    const pf = read(join(S, 'xrdml_v2_counts.xrdml'));
    checkScans(pf, [
      { n: 4, t0: 10, t1: 10.3, i0: 5, i1: 7 },
      { n: 3, t0: 20, t1: 21, i0: 5, i1: 15 },
    ]);
    const [a, b] = pf.scans;
    expect(Array.from(a.twoTheta)).toEqual([10, 10.1, 10.25, 10.3]);
    expect(Array.from(a.counts)).toEqual([5, 1050, 0, 7]);
    expect(a.sigma[1]).toBeCloseTo(105, 10); // 10.5 * sqrt(100)
    expect(Array.from(b.counts)).toEqual([5, 10, 15]); // 10 20 30 cps * 0.5 s
    expect(a.meta.wavelengths).toEqual([{ lambda: 1.540598, weight: 1, label: 'Ka1' }]); // ratio 0
    expect(a.meta.sampleName).toBe('synthetic xrdml');
  });

  it('Rigaku .ras: attenuator factor, cps scan, Omega scan skipped, wave types', () => {
    const pf = read(join(S, 'two_scans.ras'));
    expect(pf.format).toBe('rigaku-ras');
    checkScans(pf, [
      { n: 3, t0: 10, t1: 10.02, i0: 100, i1: 0 },
      { n: 2, t0: 40, t1: 40.02, i0: 6, i1: 12 },
    ]);
    expect(pf.scans[0].counts[1]).toBe(125); // 50 * 2.5
    expect(pf.scans[0].sigma[1]).toBeCloseTo(2.5 * Math.sqrt(50), 10);
    expect(pf.scans[0].meta.wavelengths?.length).toBe(2); // "Ka"
    expect(pf.scans[1].meta.wavelengths).toEqual([{ lambda: 1.540593, weight: 1, label: 'Ka1' }]);
    expect(pf.scans[1].meta.countTimeS).toBeCloseTo(0.6, 12);
  });

  it('UXD: _COUNTS from _START/_STEPSIZE, _2THETACPS times _STEPTIME', () => {
    const pf = read(join(S, 'two_ranges.uxd'));
    expect(pf.format).toBe('uxd');
    checkScans(pf, [
      { n: 8, t0: 15, t1: 15.35, i0: 11, i1: 18 },
      { n: 2, t0: 30, t1: 30.1, i0: 50, i1: 25 },
    ]);
    const m = pf.scans[0].meta;
    expect(m.anode).toBe('Co');
    expect(m.goniometerRadiusMm).toBe(217.5);
    expect(m.wavelengths).toEqual([
      { lambda: 1.78901, weight: 1, label: 'Ka1' },
      { lambda: 1.7929, weight: 0.5, label: 'Ka2' },
    ]);
  });

  it('GSAS STD (centidegrees, counters field) with a RALF bank skipped', () => {
    const pf = read(join(S, 'std_const_ralf.gsa'));
    expect(pf.format).toBe('gsas');
    checkScans(pf, [{ n: 12, t0: 10, t1: 10.275, i0: 100, i1: 111 }]);
    const p = pf.scans[0];
    expect(p.counts[4]).toBe(400);
    expect(p.sigma[4]).toBeCloseTo(Math.sqrt(400 / 2), 10);
    expect(p.sigma[11]).toBeCloseTo(Math.sqrt(111 / 4), 10);
    expect(p.meta.extra?.instrumentParameterFile).toBe('synthetic.prm');
  });

  it('GSAS ESD and FXYE', () => {
    const esd = read(join(S, 'esd_const.gsa'));
    checkScans(esd, [{ n: 7, t0: 20, t1: 20.3, i0: 50, i1: 100 }]);
    expect(esd.scans[0].sigma[1]).toBe(7.75);
    expect(esd.scans[0].sigma[2]).toBe(1); // esd 0 in the file, count 0
    const fx = read(join(S, 'variable_step.fxye'));
    checkScans(fx, [{ n: 4, t0: 15, t1: 15.04, i0: 10, i1: 8 }]);
    expect(Array.from(fx.scans[0].twoTheta)).toEqual([15, 15.01, 15.025, 15.04]);
    expect(fx.scans[0].meta.stepDeg).toBeUndefined();
  });

  it('text: lone wavelength line, ! and ; comments, variable step, sigma 0 replaced', () => {
    const pf = read(join(S, 'lone_wavelength.xye'));
    expect(pf.format).toBe('xye');
    checkScans(pf, [{ n: 4, t0: 2, t1: 2.045, i0: 10, i1: -4 }]);
    expect(Array.from(pf.scans[0].sigma)).toEqual([3, 3.5, 1, 2]);
    expect(pf.scans[0].meta.wavelengths).toEqual([{ lambda: 0.4137, weight: 1, label: 'monochromatic' }]);
  });

  it('text: semicolons with decimal commas; tabs, header line and descending order', () => {
    const csv = read(join(S, 'decimal_comma.csv'));
    expect(csv.format).toBe('csv');
    checkScans(csv, [{ n: 3, t0: 5, t1: 5.04, i0: 12, i1: 9 }]);
    const xy = read(join(S, 'descending_tabs.xy'));
    checkScans(xy, [{ n: 3, t0: 29, t1: 30, i0: 7, i1: 5 }]);
    expect(xy.scans[0].meta.anode).toBe('Co');
    expect(xy.scans[0].meta.wavelengths).toEqual([{ lambda: 1.78897, weight: 1, label: 'Ka1' }]);
  });
});

describe('format detection: content first, extension second', () => {
  it('content wins over a misleading extension', () => {
    expect(detectFormat(bytesOf(join(FIX, 'TiO2.raw')), 'renamed.xy')).toBe('bruker-raw-v4');
    expect(detectFormat(bytesOf(join(FIX, 'cheminfo_test.brml')), 'data.zip')).toBe('brml');
    expect(detectFormat(bytesOf(join(FIX, 'TwoTheta_scan_powder.rasx')), 'x.brml')).toBe('rigaku-rasx');
    expect(detectFormat(bytesOf(join(FIX, 'XRD-918-16_10.xrdml')), 'scan.txt')).toBe('xrdml');
    expect(detectFormat(bytesOf(join(FIX, 'synthetic/std_const_ralf.gsa')), 'lab.raw')).toBe('gsas');
    expect(detectFormat(bytesOf(join(FIX, 'synthetic/two_ranges.uxd')), 'a.txt')).toBe('uxd');
    expect(detectFormat(bytesOf(join(FIX, 'synthetic/two_scans.ras')), 'a.dat')).toBe('rigaku-ras');
  });

  it('plain text by its columns; an unknown extension is fine for text', () => {
    expect(detectFormat(text('10 1\n10.1 2\n'), 'a.foo')).toBe('xy');
    expect(detectFormat(text('10 1 1\n10.1 2 1\n'), 'a')).toBe('xye');
    expect(detectFormat(text('10,1\n10.1,2\n'), 'a.txt')).toBe('csv');
  });

  it('the extension decides when content is not decisive, and the reader explains', () => {
    expect(detectFormat(new Uint8Array([1, 2, 3, 4, 5]), 'x.raw')).toBe('bruker-raw-v1');
    expect(() => readPatternFile(new Uint8Array([1, 2, 3, 4, 5]), 'x.raw')).toThrow(/not a Bruker RAW file/);
    expect(() => readPatternFile(text('title\nno bank here\n'), 'x.gsa')).toThrow(/no BANK line/);
  });

  it('a foreign binary is a ParseError naming the file and offset', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const err = catchErr(() => readPatternFile(png, 'picture.png'));
    expect(err).toBeInstanceOf(ParseError);
    expect(err.message).toMatch(/^picture\.png \(offset 0\): unrecognised binary file/);
  });
});

function catchErr(f: () => unknown): ParseError {
  try {
    f();
  } catch (e) {
    return e as ParseError;
  }
  throw new Error('expected an error');
}

describe('errors name the file and the line or byte offset', () => {
  it('NaN and Inf are rejected with the line', () => {
    const e1 = catchErr(() => readPatternFile(text('# c\n10 1\n10.1 nan\n'), 'a.xy'));
    expect(e1).toBeInstanceOf(ParseError);
    expect(e1.line).toBe(3);
    expect(e1.message).toBe('a.xy:3: intensity is not finite: "nan"');
    const e2 = catchErr(() => readPatternFile(text('10 1\nInf 2\n'), 'b.xy'));
    expect(e2.message).toMatch(/^b\.xy:2: 2theta is not finite/);
  });

  it('duplicates and back-steps in 2theta are rejected, a descending file is reversed', () => {
    expect(catchErr(() => readPatternFile(text('10 1\n10.1 2\n10.1 3\n'), 'd.xy')).message).toBe('d.xy:3: duplicate 2theta 10.1');
    expect(catchErr(() => readPatternFile(text('10 1\n10.2 2\n10.1 3\n'), 'e.xy')).message).toMatch(/^e\.xy:3: 2theta 10\.1 after 10\.2/);
    const p = readPatternFile(text('10.2 1\n10.1 2\n10 3\n'), 'f.xy').scans[0];
    expect(Array.from(p.twoTheta)).toEqual([10, 10.1, 10.2]);
    expect(Array.from(p.counts)).toEqual([3, 2, 1]);
  });

  it('text column count changes, garbage inside data, a footer at the end is allowed', () => {
    expect(catchErr(() => readPatternFile(text('10 1 1\n10.1 2\n'), 'g.xye')).message).toBe(
      'g.xye:2: expected 3 columns as in the first data line, found 2',
    );
    expect(catchErr(() => readPatternFile(text('10 1\nhello\n10.2 2\n'), 'h.xy')).line).toBe(2);
    expect(readPatternFile(text('10 1\n10.1 2\nEND OF DATA\n'), 'i.xy').scans[0].twoTheta.length).toBe(2);
    expect(catchErr(() => readPatternFile(text('# nothing\n'), 'j.foo')).message).toMatch(/^j\.foo:1: no numeric data/);
    expect(catchErr(() => readPatternFile(text('# nothing\n'), 'j.xy')).message).toBe('j.xy:1: no data points');
  });

  it('a truncated RAW names the byte offset', () => {
    const b = bytesOf(join(FIX, 'TiO2.raw')).subarray(0, 5000);
    const e = catchErr(() => readPatternFile(b, 'TiO2.raw'));
    expect(e).toBeInstanceOf(ParseError);
    expect(e.offset).toBeDefined();
    expect(e.message).toMatch(/^TiO2\.raw \(offset \d+\): file is truncated/);
  });

  it('a truncated XRDML names a line; a GSAS bank short of points too', () => {
    const x = bytesOf(join(FIX, 'XRD-918-16_10.xrdml'));
    const e = catchErr(() => readPatternFile(x.subarray(0, 20000), 'cut.xrdml'));
    expect(e).toBeInstanceOf(ParseError);
    expect(e.line).toBeGreaterThan(0);
    const g = new TextDecoder().decode(bytesOf(join(FIX, 'synthetic/std_const_ralf.gsa'))).split('\n').slice(0, 4).join('\n');
    expect(catchErr(() => readPatternFile(text(g), 'cut.gsa')).message).toMatch(/^cut\.gsa:4: bank 1 promises 12 points but holds 10/);
  });

  it('a damaged ZIP is a ParseError', () => {
    const z = bytesOf(join(FIX, 'cheminfo_test.brml'));
    const e = catchErr(() => readPatternFile(z.subarray(0, 100000), 'cut.brml'));
    expect(e).toBeInstanceOf(ParseError);
    expect(e.message).toMatch(/^cut\.brml/);
  });
});

describe('selectScan', () => {
  const v1 = () => read(join(FIX, 'synthetic/raw_v1_two_ranges.raw'));

  it('one scan by default, numbered scans, errors for ambiguity and range', () => {
    const single = read(join(FIX, 'TiO2.raw'));
    expect(selectScan(single)).toBe(single.scans[0]);
    const pf = v1();
    expect(selectScan(pf, 2)).toBe(pf.scans[1]);
    expect(() => selectScan(pf)).toThrow(InputError);
    expect(() => selectScan(pf)).toThrow(/holds 2 scans: choose one with --scan 1\.\.2, or --scan merge/);
    expect(() => selectScan(pf, 3)).toThrow(/scan 3 does not exist/);
    expect(() => selectScan(pf, 0)).toThrow(InputError);
  });

  it('merge: sorted by 2theta, different counting times scaled to the first scan', () => {
    const m = selectScan(v1(), 'merge');
    expect(Array.from(m.twoTheta)).toEqual([10, 10.05, 10.1, 10.15, 10.2, 20, 20.1, 20.2, 20.3]);
    // range 2 counted 2 s per step, range 1 1 s: range 2 is halved
    expect(Array.from(m.counts.subarray(5))).toEqual([5, 10, 15, 20]);
    expect(m.meta.countTimeS).toBe(1);
    expect(m.meta.extra?.mergedScans).toBe(2);
  });

  it('merge: overlapping points are averaged', () => {
    const mk = (x: number[], y: number[]): Pattern => ({
      twoTheta: Float64Array.from(x),
      counts: Float64Array.from(y),
      sigma: Float64Array.from(y.map((v) => Math.sqrt(v))),
      meta: { format: 'xy', countTimeS: 1 },
    });
    const pf: PatternFile = { file: 'm', format: 'xy', scans: [mk([2, 2.1, 2.2], [16, 16, 16]), mk([1.9, 2.0, 2.1], [36, 4, 9])] };
    const m = selectScan(pf, 'merge');
    expect(Array.from(m.twoTheta)).toEqual([1.9, 2, 2.1, 2.2]);
    expect(Array.from(m.counts)).toEqual([36, 10, 12.5, 16]);
    expect(m.sigma[1]).toBeCloseTo(Math.sqrt(16 + 4) / 2, 12);
    expect(m.meta.extra?.averagedPoints).toBe(2);
  });
});

describe('writers: what is written reads back', () => {
  const p = read(join(FIX, 'TiO2.raw')).scans[0];

  it('xye keeps the points and the metadata that matters for refinement', () => {
    const back = readPatternFile(text(writeXye(p)), 'out.xye').scans[0];
    expect(back.twoTheta.length).toBe(p.twoTheta.length);
    for (let i = 0; i < p.twoTheta.length; i += 97) {
      expect(back.twoTheta[i]).toBeCloseTo(p.twoTheta[i], 6);
      expect(back.counts[i]).toBe(p.counts[i]);
      expect(back.sigma[i]).toBeCloseTo(p.sigma[i], 4);
    }
    expect(back.meta.wavelengths).toEqual(p.meta.wavelengths);
    expect(back.meta.anode).toBe('Cu');
    expect(back.meta.sampleName).toBe('TiO2');
  });

  it('a Ka1-only pattern stays Ka1-only through .xye', () => {
    const k1 = read(join(FIX, 'Si-Std_SRM640d_D8D_20-97_7_16hm.brml')).scans[0];
    const back = readPatternFile(text(writeXye(k1)), 'k1.xye').scans[0];
    expect(back.meta.wavelengths).toEqual([{ lambda: 1.5406, weight: 1, label: 'Ka1' }]);
  });

  it('what the refinement takes from a file (radius, monochromator, a capillary\'s geometry) survives .xye, .csv and .fxye', () => {
    const k1 = read(join(FIX, 'Si-Std_SRM640d_D8D_20-97_7_16hm.brml')).scans[0];
    const keys = ['goniometerRadiusMm', 'monochromatorTwoThetaDeg', 'incidentMonochromator', 'detectorScanSampleDeg', 'geometry'] as const;
    const want = Object.fromEntries(keys.map((k) => [k, k1.meta[k]]));
    expect(want).toEqual({ goniometerRadiusMm: 217.5, monochromatorTwoThetaDeg: expect.closeTo(27.2809, 4), incidentMonochromator: 'johansson', detectorScanSampleDeg: 17, geometry: 'transmission' });
    for (const [name, out] of [['k1.xye', writeXye(k1)], ['k1.csv', writeCsv(k1)], ['k1.fxye', writeFxye(k1)]] as const) {
      const back = readPatternFile(text(out), name).scans[0];
      expect(Object.fromEntries(keys.map((k) => [k, back.meta[k]])), name).toEqual(want);
    }
    // a flat specimen's coupled scan writes no geometry and reads none back
    expect(readPatternFile(text(writeXye(p)), 'p.xye').scans[0].meta.geometry).toBeUndefined();
  });

  it('csv and GSAS FXYE read back', () => {
    const c = readPatternFile(text(writeCsv(p)), 'out.csv');
    expect(c.format).toBe('csv');
    expect(c.scans[0].counts[100]).toBe(p.counts[100]);
    // both carry the '#' header of .xye, so the wavelengths survive a conversion (a Co pattern was read back as Cu)
    expect(c.scans[0].meta.wavelengths).toEqual(p.meta.wavelengths);
    const fx = writeFxye(p, 'TiO2 test');
    expect(fx.split('\n')[0].trimEnd()).toBe('TiO2 test');
    expect(fx.split('\n').find((l) => l.startsWith('BANK'))).toMatch(/^BANK 1 1647 1647 CONST 1000 3\.6477 0 0 FXYE/);
    expect(Math.max(...fx.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    const g = readPatternFile(text(fx), 'out.fxye');
    expect(g.format).toBe('gsas');
    expect(g.scans[0].twoTheta[1646]).toBeCloseTo(p.twoTheta[1646], 6);
    expect(g.scans[0].sigma[5]).toBeCloseTo(p.sigma[5], 4);
    expect(g.scans[0].meta.wavelengths).toEqual(p.meta.wavelengths);
  });
});

describe('loadPatternFile (node fs)', () => {
  it('reads from disk; a missing file is an InputError', async () => {
    const pf = await loadPatternFile(join(FIX, 'TiO2.raw'));
    expect(pf.scans[0].twoTheta.length).toBe(1647);
    await expect(loadPatternFile(join(FIX, 'nope.xy'))).rejects.toThrow(/nope\.xy: cannot read pattern file: no such file/);
  });
});

// ---------------------------------------------------------------------------------------------
// Samples that may not be copied into the project (LGPL xylib samples, unlicensed GSAS-II
// tutorial data, GPL xrayutilities): read from ../shared/data when it is there.
const sharedTitle = hasShared
  ? 'samples in ../shared/data (not copyable)'
  : 'samples in ../shared/data (not copyable) [SKIPPED: ../shared/data is absent in this checkout]';
if (!hasShared) console.warn(`formats.test: ${SHARED} not found, shared-sample tests skipped`);

describe.skipIf(!hasShared)(sharedTitle, () => {
  const F = join(SHARED, 'formats');
  const R = join(SHARED, 'real');

  it('BT86.raw (RAW v3) and BT86_.UXD give identical counts', () => {
    const raw = read(join(F, 'xylib/BT86.raw'));
    const uxd = read(join(F, 'xylib/BT86_.UXD'));
    // struct: range at 712, 2374 steps, start 3.0, step 0.0155922, 40-byte supplementary header,
    // first 187, last 269; the UXD's _2THETACOUNTS pairs run 3.000 187 .. 40.00 269
    checkScans(raw, [{ n: 2374, t0: 3, t1: 40.0002906, i0: 187, i1: 269 }]);
    checkScans(uxd, [{ n: 2374, t0: 3, t1: 40, i0: 187, i1: 269 }]);
    expect(Array.from(uxd.scans[0].counts)).toEqual(Array.from(raw.scans[0].counts));
    // the UXD writes 2theta with 4 significant digits (39.94, 40.00)
    for (let i = 0; i < 2374; i++) expect(Math.abs(uxd.scans[0].twoTheta[i] - raw.scans[0].twoTheta[i])).toBeLessThan(0.006);
    expect(raw.scans[0].meta.goniometerRadiusMm).toBe(200.5);
    expect(uxd.scans[0].meta.goniometerRadiusMm).toBe(200.5);
    expect(raw.scans[0].meta.wavelengths).toEqual(KA12_BRUKER);
    expect(uxd.scans[0].meta.wavelengths).toEqual(KA12_BRUKER);
  });

  it('RAW v3 single and multi-range files', () => {
    checkScans(read(join(F, 'xylib/Cu3Au-1.raw')), [{ n: 3901, t0: 22, t1: 100, i0: 48, i1: 11 }]);
    checkScans(read(join(F, 'xylib/Cu3Au-2.raw')), [{ n: 3901, t0: 22, t1: 100, i0: 73, i1: 19 }]);
    checkScans(read(join(F, 'xylib/format1.raw')), [
      { n: 101, t0: 10, t1: 20, i0: 10, i1: 9 },
      { n: 26, t0: 30, t1: 35, i0: 6, i1: 5 },
      { n: 51, t0: 40, t1: 45, i0: 4, i1: 7 },
    ]);
    checkScans(read(join(F, 'gsas2_tutorials_raw/Keokuk_kaolinite.RAW')), [
      { n: 4001, t0: 10, t1: 90, i0: 29, i1: 54 },
      { n: 3501, t0: 80, t1: 150, i0: 259, i1: 197 },
    ]);
    checkScans(read(join(F, 'gsas2_tutorials_raw/KGA1-CONT.RAW')), [{ n: 3401, t0: 2, t1: 70, i0: 2174, i1: 258 }]);
    const lab6 = read(join(R, 'lab6-gsas2-tutorial/LaB6_Jan2018.raw'));
    checkScans(lab6, [{ n: 3040, t0: 10, t1: 70.0044472, i0: 7393, i1: 1110 }]);
    expect(lab6.scans[0].meta.goniometerRadiusMm).toBe(250);
    expect(lab6.scans[0].meta.countTimeS).toBe(95);
  });

  it('XRDML 1.5 (xylib empyrean)', () => {
    // 196 values in <intensities>, first 8, last 6; 2Theta 30.05 .. 41.75
    checkScans(read(join(F, 'xylib/empyrean.xrdml')), [{ n: 196, t0: 30.05, t1: 41.75, i0: 8, i1: 6 }]);
  });

  it('Rigaku .ras with two scans', () => {
    // the two *RAS_INT_START blocks: 1501 rows 26.5000 51.4986 .. 32.5000 34.9946 and
    // 2501 rows 56.0000 23.9509 .. 66.0000 107.0164, attenuator factors 1
    const pf = read(join(F, 'xrayutilities_ras/inas_layer_radial_002_004.ras'));
    checkScans(pf, [
      { n: 1501, t0: 26.5, t1: 32.5, i0: 51.4986, i1: 34.9946 },
      { n: 2501, t0: 56, t1: 66, i0: 23.9509, i1: 107.0164 },
    ]);
    expect(pf.scans[0].meta.wavelengths).toEqual([{ lambda: 1.540593, weight: 1, label: 'Ka1' }]);
  });

  it('GSAS STD files (LaB6 tutorial, fluorapatite)', () => {
    // 8-character fields after the BANK line: 8378 values, 2364 .. 370; 15.0066 + 8377 * 0.0131303
    checkScans(read(join(R, 'lab6-gsas2-tutorial/NIST660CBI.gsas')), [{ n: 8378, t0: 15.0066, t1: 124.9991231, i0: 2364, i1: 370 }]);
    const fap = read(join(R, 'fluorapatite-gsas/FAP.XRA'));
    checkScans(fap, [{ n: 5753, t0: 15, t1: 130.04, i0: 609, i1: 0 }]);
    // the bank promises 5753 points, but its last record is "84 0 0 0 ...": the scan ended at 130.00 and the points
    // after it are padding, not counts; listed, so that a fit over them refuses them and --range can leave them out
    expect(fap.scans[0].badPoints?.[0]).toMatchObject({ index: 5751, line: 578 });
  });

  it('text .xye with a lone wavelength line (Cu Ka1) and a plain .xye', () => {
    const cpd = read(join(R, 'qpa-round-robin/xye_riet_serv/CPD-1A.xye'));
    // first line "1.540593", 7250 rows "5.0200 161.0000 12.6886" .. "150.0000 21.0000 4.5826"
    checkScans(cpd, [{ n: 7250, t0: 5.02, t1: 150, i0: 161, i1: 21 }]);
    expect(cpd.scans[0].sigma[0]).toBe(12.6886);
    expect(cpd.scans[0].meta.anode).toBe('Cu');
    expect(cpd.scans[0].meta.extra?.wavelength).toBe(1.540593);
    expect(cpd.scans[0].meta.wavelengths).toBeUndefined(); // doublet not stated: left to the instrument file
    const d500 = read(join(R, 'lab6-d500-psd/LaB6_d500_si_psd.xye'));
    checkScans(d500, [{ n: 17381, t0: 4.57208, t1: 150.5783, i0: 950.18403, i1: 0 }]);
    // "150.48589 0.00000 0.00000" between counts of 33 to 374: a point the PSD did not record, not a count
    expect(d500.scans[0].badPoints?.map((b) => b.line)).toEqual([17370]);
  });
});
