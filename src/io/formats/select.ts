/** Choosing one scan of a multi-scan file, or merging them. */
import { InputError } from '../../errors.js';
import type { BadPoint, Pattern, PatternFile } from '../pattern.js';
import { buildPattern, cleanMeta } from './common.js';

/**
 * The scan to work on: `scan` is 1-based; without it a one-scan file gives its scan and a
 * multi-scan file is an error that lists the choices (picking one silently would hide data).
 * 'merge' joins all scans sorted by 2theta: scans with a different counting time are first
 * scaled to the first scan's counting time (counts and sigma), and points of different scans
 * closer than a tenth of the smallest step are averaged (mean counts, sigma = sqrt(sum s^2)/k).
 */
export function selectScan(file: PatternFile, scan?: number | 'merge'): Pattern {
  const n = file.scans.length;
  if (n === 0) throw new InputError('the file holds no scan', { file: file.file });
  if (scan === 'merge') return n === 1 ? file.scans[0] : mergeScans(file);
  if (scan === undefined) {
    if (n === 1) return file.scans[0];
    throw new InputError(`the file holds ${n} scans: choose one with --scan 1..${n}, or --scan merge`, { file: file.file });
  }
  if (!Number.isInteger(scan) || scan < 1 || scan > n) {
    throw new InputError(`scan ${scan} does not exist: the file holds ${n} scan${n > 1 ? 's' : ''} (1..${n})`, { file: file.file });
  }
  return file.scans[scan - 1];
}

function medianStep(p: Pattern): number {
  const n = p.twoTheta.length;
  if (n < 2) return Infinity;
  const d: number[] = [];
  for (let i = 1; i < n; i++) d.push(p.twoTheta[i] - p.twoTheta[i - 1]);
  d.sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)];
}

function mergeScans(file: PatternFile): Pattern {
  const scans = [...file.scans].sort((a, b) => a.twoTheta[0] - b.twoTheta[0]);
  const t0 = scans[0].meta.countTimeS;
  const pts: { x: number; y: number; s: number; k: number; bad?: BadPoint }[] = [];
  let scaled = false;
  scans.forEach((p, k) => {
    const t = p.meta.countTimeS;
    const f = t0 !== undefined && t !== undefined && t > 0 && t0 > 0 && t !== t0 ? t0 / t : 1;
    if (f !== 1) scaled = true;
    const bad = new Map((p.badPoints ?? []).map((b) => [b.index, b]));
    for (let i = 0; i < p.twoTheta.length; i++) pts.push({ x: p.twoTheta[i], y: p.counts[i] * f, s: p.sigma[i] * f, k, bad: bad.get(i) });
  });
  pts.sort((a, b) => a.x - b.x || a.k - b.k);
  const minStep = Math.min(...scans.map(medianStep));
  const tol = Number.isFinite(minStep) && minStep > 0 ? 0.1 * minStep : 1e-9;
  const x: number[] = [];
  const y: number[] = [];
  const s: number[] = [];
  let averaged = 0;
  const knownBad: BadPoint[] = [];
  for (let i = 0; i < pts.length; ) {
    let j = i + 1;
    const seen = new Set([pts[i].k]);
    while (j < pts.length && pts[j].x - pts[i].x <= tol && !seen.has(pts[j].k)) {
      seen.add(pts[j].k);
      j++;
    }
    const k = j - i;
    let sx = 0;
    let sy = 0;
    let ss = 0;
    for (let q = i; q < j; q++) {
      sx += pts[q].x;
      sy += pts[q].y;
      ss += pts[q].s * pts[q].s;
    }
    x.push(sx / k);
    y.push(sy / k);
    s.push(Math.sqrt(ss) / k);
    // a bad point of a scan makes the merged point bad: it keeps its file and line
    const b = pts.slice(i, j).find((q) => q.bad)?.bad;
    if (b) knownBad.push({ ...b, index: x.length - 1 });
    if (k > 1) averaged += k - 1;
    i = j;
  }
  const first = scans[0].meta;
  const meta = cleanMeta({
    ...first,
    stepDeg: undefined,
    countTimeS: t0,
    extra: {
      ...first.extra,
      mergedScans: scans.length,
      averagedPoints: averaged,
      ...(scaled ? { scaledToCountTimeS: t0! } : {}),
    },
  });
  delete meta.extra?.range;
  delete meta.extra?.scan;
  return buildPattern({ file: file.file, twoTheta: x, counts: y, sigma: s, meta, locate: () => ({}), checkZeros: false, knownBad });
}
