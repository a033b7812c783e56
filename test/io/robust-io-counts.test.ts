/**
 * Counts a counter cannot give, found where every reader builds its pattern (buildPattern): a negative count and a
 * zero among counts whose neighbour median is 20 or more (a dropped reading) are listed as the pattern's badPoints
 * with their file and line, and refused by a fit that uses them (refuseBadPoints: the Rietveld model, a single-peak
 * window), so that --range or --exclude can leave them out; a scan of zeros only is refused when read. Zeros among
 * low counts stay, with sigma 1. Each case was read and weighted silently before.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { thrown } from '../helpers/thrown.js';
import { neighbourMedian } from '../../src/io/formats/common.js';
import { readPatternFile, selectScan } from '../../src/io/formats/index.js';
import { refuseBadPoints, type Pattern } from '../../src/io/pattern.js';

const FIX = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/formats');
const enc = (s: string) => new TextEncoder().encode(s);
const read = (s: string, name = 'p.xye') => readPatternFile(enc(s), name).scans[0];
/** what a fit over the whole pattern says about it */
const refused = (p: Pattern) => error(() => refuseBadPoints(p, () => true));
const fixture = (rel: string, name: string) => readPatternFile(new Uint8Array(readFileSync(join(FIX, rel))), name);

const error = (f: () => unknown) => thrown(ParseError, f);

/** An .xye text: 2theta from 10 in steps of 0.02, the given counts, sigma sqrt(max(c, 1)) unless given. */
const xye = (counts: number[], sigma?: (c: number, i: number) => number) =>
  counts.map((c, i) => `${(10 + 0.02 * i).toFixed(2)} ${c} ${sigma ? sigma(c, i) : Math.sqrt(Math.max(c, 1)).toFixed(3)}`).join('\n') + '\n';

describe('negative counts', () => {
  it('are listed naming the line (text), and a fit over them refuses the first with how to leave it out', () => {
    const p = read('# h\n10 5 2\n10.02 -1 1\n10.04 7 2\n');
    expect(p.badPoints?.map((b) => b.index)).toEqual([1]);
    const e = refused(p);
    expect(e.line).toBe(3);
    expect(e.message).toBe('p.xye:3: point 2 (2theta 10.02 deg): negative intensity -1: counts cannot be negative; leave it out with --exclude 10.01:10.03 (or --range), or correct the file');
    // a fit that does not use the point is not refused
    expect(() => refuseBadPoints(p, (i) => i !== 1)).not.toThrow();
  });

  it('name the offset, point and 2theta (binary): the RAW fixtures as they are', () => {
    const v1 = refused(fixture('synthetic/raw_v1_two_ranges.raw', 'v1.raw').scans[0]);
    // its counts are 100 120 0 -3 250: the zero (among 100-250) comes first
    expect(v1.message).toMatch(/^v1\.raw \(offset 164\): point 3 \(2theta 10\.1 deg\): intensity 0 among counts of about 110/);
    const v4 = refused(fixture('TwoTheta_scan_scrambled.raw', 's.raw').scans[0]);
    expect(v4.message).toMatch(/^s\.raw \(offset 1319\): point 2 \(2theta 10\.01052 deg\): negative intensity -164\.5345/);
  });

  it('in the text fixture as it is', () => {
    const e = refused(fixture('synthetic/lone_wavelength.xye', 'lw.xye').scans[0]);
    expect(e.message).toMatch(/^lw\.xye:7: point 4 \(2theta 2\.045 deg\): negative intensity -4/);
  });
});

describe('zeros', () => {
  it('a scan of zeros only is refused', () => {
    expect(error(() => read('10 0\n10.02 0\n10.04 0\n', 'z.xy')).message).toBe('z.xy:3: all intensities are zero: no measured counts');
  });

  it('a zero with sigma 0 amid counts of hundreds is a dropped reading, refused at its line', () => {
    const counts = Array.from({ length: 41 }, (_, i) => 300 + ((i * 37) % 50));
    counts[20] = 0;
    const e = refused(read(xye(counts, (c, i) => (i === 20 ? 0 : Math.sqrt(c)))));
    expect(e.line).toBe(21);
    expect(e.message).toMatch(/^p\.xye:21: point 21 \(2theta 10\.4 deg\): intensity 0 among counts of about 3\d\d: a dropped reading, not a count; leave it out with --exclude 10\.39:10\.41 \(or --range\), or correct the file$/);
  });

  it('zeros among low counts stay, with sigma 1 (also with sigma 0 in the file)', () => {
    const counts = [3, 0, 1, 0, 0, 2, 5, 0, 1, 0, 4, 0];
    const p = read(xye(counts, (c) => (c ? Math.sqrt(c) : 0)));
    expect(Array.from(p.counts)).toEqual(counts);
    counts.forEach((c, i) => expect(p.sigma[i]).toBeCloseTo(c ? Math.sqrt(c) : 1, 10));
  });

  it('the threshold is a neighbour median of 20: 19 passes, 20 does not', () => {
    expect(read(xye([19, 19, 19, 0, 19, 19, 19])).badPoints).toBeUndefined();
    expect(refused(read(xye([20, 20, 20, 0, 20, 20, 20]))).line).toBe(4);
  });

  it('a zero at the very end among high counts (padding) is refused too', () => {
    expect(refused(read(xye([90, 88, 95, 0]))).message).toMatch(/^p\.xye:4: point 4 .*about 90/);
  });

  it('the synthetic .ras and GSAS ESD fixtures as they are: a zero among 50-250', () => {
    const ras = refused(fixture('synthetic/two_scans.ras', 't.ras').scans[0]);
    expect(ras.message).toMatch(/^t\.ras:20: point 3 \(2theta 10\.02 deg\): intensity 0 among counts of about 113/);
    const gsa = refused(fixture('synthetic/esd_const.gsa', 'e.gsa').scans[0]);
    expect(gsa.message).toMatch(/^e\.gsa:3: point 3 \(2theta 20\.1 deg\): intensity 0 among counts of about 75/);
  });

  it('a descending file names the line of the zero, not its sorted position', () => {
    const counts = [300, 310, 305, 0, 320, 300, 290];
    const text = counts.map((c, i) => `${(20 - 0.02 * i).toFixed(2)} ${c}`).join('\n');
    const p = read(text, 'd.xy');
    expect(p.badPoints?.map((b) => b.index)).toEqual([3]); // sorted ascending: 19.88 19.9 19.92 19.94 ...
    expect(p.twoTheta[3]).toBeCloseTo(19.94, 10);
    const e = refused(p);
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/2theta 19\.94 deg/);
  });

  it('merged scans are not tested again: rescaled low counts may surround a zero with 20 or more', () => {
    // scan 2 counted a tenth of the time: its 3s become 30s next to its own legitimate zero
    const pf = readPatternFile(enc('10 3 2\n10.02 0 1\n10.04 2 1.4\n'), 'a.xye');
    const slow = { ...pf.scans[0], meta: { ...pf.scans[0].meta, countTimeS: 10 } };
    const fast = readPatternFile(enc('11 3\n11.02 3\n11.04 3\n11.06 0\n11.08 4\n11.1 3\n11.12 2\n'), 'b.xy').scans[0];
    const m = selectScan({ file: 'ab', format: 'xye', scans: [slow, { ...fast, meta: { ...fast.meta, countTimeS: 1 } }] }, 'merge');
    expect(Array.from(m.counts)).toEqual([3, 0, 2, 30, 30, 30, 0, 40, 30, 20]);
    expect(m.badPoints).toBeUndefined();
  });

  it('a merge keeps its scans\' bad points, at the merged index, with their file and line', () => {
    const a = readPatternFile(enc('10 300\n10.02 310\n10.04 0\n10.06 305\n10.08 290\n'), 'a.xy').scans[0];
    const b = readPatternFile(enc('11 5\n11.02 -2\n11.04 6\n'), 'b.xy').scans[0];
    const m = selectScan({ file: 'ab', format: 'xy', scans: [a, b] }, 'merge');
    expect(m.badPoints?.map((x) => [x.index, x.file, x.line])).toEqual([[2, 'a.xy', 3], [6, 'b.xy', 2]]);
  });
});

describe('property: the reader agrees with the rule, for any non-negative counts', () => {
  it('lists exactly the zeros with a neighbour median >= 20, and refuses only a pattern of zeros', () => {
    const counts = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 15, max: 40 }), fc.integer({ min: 0, max: 5000 })), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(counts, (c) => {
        const bad = c.findIndex((v, i) => v === 0 && neighbourMedian(c, i) >= 20);
        const allZero = c.every((v) => v === 0);
        try {
          const p = read(xye(c));
          expect(allZero).toBe(false);
          for (let i = 0; i < c.length; i++) expect(p.sigma[i]).toBeCloseTo(Math.sqrt(Math.max(c[i], 1)), 2);
          if (bad < 0) expect(p.badPoints).toBeUndefined();
          else expect(refused(p).line).toBe(bad + 1); // the first dropped reading, at its line
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
          expect(allZero).toBe(true);
          expect((e as ParseError).message).toMatch(/all intensities are zero/);
        }
      }),
      { numRuns: 400, seed: 4242 },
    );
  });

  it('neighbourMedian: up to 10 each side, the point left out', () => {
    expect(neighbourMedian([1, 100, 3], 1)).toBe(2);
    expect(neighbourMedian([5], 0)).toBe(0);
    const y = Array.from({ length: 30 }, (_, i) => i);
    expect(neighbourMedian(y, 15)).toBe(15); // 5..14 and 16..25
    expect(neighbourMedian(y, 0)).toBe(5.5); // 1..10
  });
});

describe('fits refuse the bad points they use, and only those', () => {
  const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  // dev_SiNi with the count at 28.44 deg (the Si 111 peak; line 1848) read as 0, as a detector that dropped it
  const lines = readFileSync(join(ROOT, 'patterns/dev_SiNi.xye'), 'utf8').split('\n');
  const k = lines.findIndex((l) => l.startsWith('28.4400 '));
  lines[k] = '28.4400 0 0';
  const pattern = readPatternFile(enc(lines.join('\n')), 'dropped.xye').scans[0];

  it('the Rietveld model, unless --exclude or --range leaves the point out', async () => {
    const { buildModel } = await import('../../src/rietveld/build.js');
    const { parseCif } = await import('../../src/io/cif/index.js');
    const si = parseCif(readFileSync(join(ROOT, 'structures/Si.cif'), 'utf8'), 'Si.cif');
    const e = error(() => buildModel(pattern, [si], undefined, {}));
    expect(e.message).toMatch(new RegExp(`^dropped\\.xye:${k + 1}: point \\d+ \\(2theta 28\\.44 deg\\): intensity 0 among counts of about \\d+: a dropped reading, not a count; leave it out with --exclude 28\\.435:28\\.445`));
    expect(() => buildModel(pattern, [si], undefined, { exclude: [[28.435, 28.445]] })).not.toThrow();
    expect(() => buildModel(pattern, [si], undefined, { range: [30, 90] })).not.toThrow();
  });

  it('a single-peak fit whose window holds the point', async () => {
    const { fitPeak } = await import('../../src/analysis/single-peak.js');
    expect(error(() => fitPeak(pattern, { peakDeg: 28.44 })).line).toBe(k + 1);
    expect(() => fitPeak(pattern, { peakDeg: 47.3 })).not.toThrow();
  });
});

describe('angles', () => {
  it('a 2theta of 180 deg or more is refused at its line; below it, and negative angles, are read', () => {
    expect(error(() => read('170 5\n179.99 6\n190 7\n')).message).toBe('p.xye:3: 2theta 190 deg is out of range (a scattering angle lies between -180 and 180 deg)');
    expect(error(() => read('179 5\n180 6\n')).line).toBe(2);
    expect(read('-10 5\n-9.98 6\n179.9 7\n').twoTheta.length).toBe(3);
  });
});
