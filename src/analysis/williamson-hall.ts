/**
 * Williamson-Hall analysis: each reflection of a phase fitted alone (Ka doublet resolved, the instrument's widths
 * held, as `fitPeak`'s corrected fit), then beta cos theta = K lambda / L + strain sin theta, with beta the
 * sample FWHM in rad of 2theta and strain the coefficient of FWHM = strain tan theta (SPEC.md). A weighted
 * straight line gives L (nm) and strain with esds. Reflections with a neighbour (of any phase given) closer than
 * `minSeparationDeg` are left out: their widths cannot be told apart. So are fitted peaks that do not sit where the
 * phase's reflections are calculated (matchingPeaks): a phase absent from the sample must not give a size.
 */
import type { CrystalStructure } from '../crystal/types.js';
import { InputError } from '../errors.js';
import type { InstrumentFile } from '../io/instrument.js';
import type { Pattern } from '../io/pattern.js';
import { reflectionTable } from '../model/reflection-table.js';
import { fitPeak } from './single-peak.js';

const DEG = Math.PI / 180;

export interface WhPoint {
  hkl: [number, number, number];
  twoTheta: number;
  /** sin theta */
  x: number;
  /** beta cos theta (rad) */
  y: number;
  /** esd of y */
  sigma: number;
}

export interface WhResult {
  phase: string;
  points: WhPoint[];
  /** straight line y = intercept + slope x */
  fit: { slope: number; intercept: number; slopeEsd: number; interceptEsd: number };
  sizeNm: { value: number; esd: number };
  strain: { value: number; esd: number };
  /** 'notResolved': the intercept is not above 0, no size broadening beyond the instrument (sizeNm Infinity, JSON null) */
  sizeStatus: 'resolved' | 'notResolved';
  /** fitted peaks left out because they are not at the phase's calculated positions (another phase's peak, noise) */
  mismatched: { hkl: [number, number, number]; calculated: number; fitted: number }[];
  k: number;
  lambda: number;
  instrumentRemoved: boolean;
}

export interface WhOptions {
  instrument?: InstrumentFile;
  /** the other phases of the sample, whose reflections disqualify near neighbours */
  others?: CrystalStructure[];
  k?: number;
  minSeparationDeg?: number;
  /** smallest relative intensity used (percent of the strongest) */
  minIRel?: number;
}

/** the farthest a reflection's fit window reaches towards its nearest neighbour, deg (the default separation) */
const WINDOW_DEG = 1.0;

export function williamsonHall(pattern: Pattern, phase: CrystalStructure, opts: WhOptions = {}): WhResult {
  const k = opts.k ?? 0.89;
  // K <= 0 gave a size of 0 or below, reported as a result
  if (!(k > 0)) throw new InputError(`the Scherrer constant K must be above 0, not ${k}`);
  if (!((opts.minSeparationDeg ?? 1) >= 0)) throw new InputError(`the minimum separation must be 0 deg or more, not ${opts.minSeparationDeg}`);
  const lines = opts.instrument?.wavelengths ?? pattern.meta.wavelengths ?? [{ lambda: 1.54056, weight: 1 }, { lambda: 1.54439, weight: 0.5 }];
  const lambda = lines.reduce((a, b) => (b.weight > a.weight ? b : a)).lambda;
  const lo = pattern.twoTheta[0] + 1;
  const hi = pattern.twoTheta[pattern.twoTheta.length - 1] - 1;
  const table = (s: CrystalStructure) => reflectionTable(s, { wavelength: lambda, maxTwoTheta: hi + 2 });
  const own = table(phase).filter((r) => r.twoTheta > lo && r.twoTheta < hi && r.iRel >= (opts.minIRel ?? 2));
  const all = [phase, ...(opts.others ?? [])].flatMap((s) => table(s).filter((r) => r.iRel >= 0.5).map((r) => r.twoTheta));
  const sep = opts.minSeparationDeg ?? 1.0;
  const fitted: (WhPoint & { calculated: number; offset: number; width: number })[] = [];
  for (const r of own) {
    const nearest = Math.min(...all.filter((t) => t !== r.twoTheta).map((t) => Math.abs(t - r.twoTheta)));
    if (nearest < sep) continue;
    // the fit window reaches 0.9 of the way to the nearest other reflection, at most WINDOW_DEG: it was 0.9 of
    // the minimum separation, so --min-separation 0 left no window and 0.1 a window too narrow for the peak
    try {
      const f = fitPeak(pattern, { peakDeg: r.twoTheta, instrument: opts.instrument, wavelengths: lines, halfWindowDeg: 0.9 * Math.min(nearest, WINDOW_DEG) });
      const th = (f.corrected.twoTheta.value * DEG) / 2;
      const beta = f.corrected.fwhmDeg.value * DEG;
      if (!(beta > 0)) continue;
      fitted.push({
        hkl: r.hkl, twoTheta: f.corrected.twoTheta.value, x: Math.sin(th), y: beta * Math.cos(th), sigma: Math.max(f.corrected.fwhmDeg.esd * DEG * Math.cos(th), 1e-9),
        calculated: r.twoTheta, offset: f.corrected.twoTheta.value - r.twoTheta, width: f.raw.fwhmDeg.value,
      });
    } catch {
      // a reflection too weak to fit is simply not a point of the plot
    }
  }
  const match = matchingPeaks(fitted);
  const points: WhPoint[] = fitted.filter((_, i) => match[i]).map(({ hkl, twoTheta, x, y, sigma }) => ({ hkl, twoTheta, x, y, sigma }));
  const mismatched = fitted.filter((_, i) => !match[i]).map((p) => ({ hkl: p.hkl, calculated: p.calculated, fitted: p.twoTheta }));
  if (fitted.length >= 2 && (points.length < 2 || points.length < fitted.length / 2)) {
    const list = mismatched.map((p) => `${p.hkl.join('')} at ${p.calculated.toFixed(2)} deg fitted at ${p.fitted.toFixed(2)}`).join(', ');
    throw new InputError(`phase ${phase.name}: its reflections do not match the pattern's peaks (${mismatched.length} of ${fitted.length} fitted peaks are not where they are calculated: ${list}); is ${phase.name} in this sample, with this cell?`);
  }
  if (points.length < 2) throw new InputError(`phase ${phase.name}: fewer than two isolated reflections could be fitted, no Williamson-Hall line`);
  // weighted straight line
  let S = 0, Sx = 0, Sy = 0, Sxx = 0, Sxy = 0;
  for (const p of points) {
    const w = 1 / (p.sigma * p.sigma);
    S += w; Sx += w * p.x; Sy += w * p.y; Sxx += w * p.x * p.x; Sxy += w * p.x * p.y;
  }
  const D = S * Sxx - Sx * Sx;
  const slope = (S * Sxy - Sx * Sy) / D;
  const intercept = (Sxx * Sy - Sx * Sxy) / D;
  let chi2 = 0;
  for (const p of points) chi2 += ((p.y - intercept - slope * p.x) / p.sigma) ** 2;
  const scale = points.length > 2 ? Math.max(chi2 / (points.length - 2), 1) : 1;
  const slopeEsd = Math.sqrt((scale * S) / D);
  const interceptEsd = Math.sqrt((scale * Sxx) / D);
  // a non-positive intercept: no size broadening the data can resolve (reported as an unresolved, infinite size)
  const size = intercept > 0 ? (k * lambda) / intercept / 10 : Infinity;
  return {
    phase: phase.name,
    points,
    fit: { slope, intercept, slopeEsd, interceptEsd },
    sizeNm: { value: size, esd: Number.isFinite(size) ? Math.abs(size * (interceptEsd / intercept)) : NaN },
    sizeStatus: Number.isFinite(size) ? 'resolved' : 'notResolved',
    mismatched,
    strain: { value: slope, esd: slopeEsd },
    k,
    lambda,
    instrumentRemoved: !!opts.instrument?.profile,
  };
}

/** The offsets a phase's peaks may share: a zero error (deg 2theta) and a cell off by a relative amount. */
const MAX_ZERO_DEG = 0.3;
const MAX_CELL_MISFIT = 0.01;
/** how far a peak may sit from the shared offset, in its FWHM */
const POSITION_TOLERANCE = 0.3;

/**
 * Which fitted peaks sit where the phase's reflections are calculated. A phase's peaks are all displaced alike: by
 * a zero error a and a cell misfit e, offset = a + b tan theta with b = -2e (rad). The offset that the most peaks
 * agree with, each within POSITION_TOLERANCE of its width, is sought among those each peak and each pair of peaks
 * give (within the limits above); peaks off it were fitted on something else (another phase's peak, noise). On
 * dev_SiNi the Si and Ni peaks sit within 0.03 of their widths; LaB6's "peaks" were off by 0.5 to 130 widths.
 */
function matchingPeaks(peaks: { x: number; offset: number; width: number }[]): boolean[] {
  const tanOf = (p: { x: number }) => p.x / Math.sqrt(1 - p.x * p.x);
  const bMax = (2 * MAX_CELL_MISFIT) / DEG;
  const candidates: [number, number][] = [[0, 0], ...peaks.map((p): [number, number] => [p.offset, 0])];
  peaks.forEach((p, i) => peaks.slice(i + 1).forEach((q) => {
    const dt = tanOf(q) - tanOf(p);
    if (Math.abs(dt) < 1e-6) return;
    const b = (q.offset - p.offset) / dt;
    candidates.push([p.offset - b * tanOf(p), b]);
  }));
  let best: boolean[] = peaks.map(() => false);
  let bestCount = -1;
  for (const [a, b] of candidates) {
    if (!(Math.abs(a) <= MAX_ZERO_DEG && Math.abs(b) <= bMax)) continue;
    const fits = peaks.map((p) => Math.abs(p.offset - a - b * tanOf(p)) <= POSITION_TOLERANCE * p.width);
    const count = fits.filter(Boolean).length;
    if (count > bestCount) (best = fits), (bestCount = count);
  }
  return best;
}
