/**
 * Williamson-Hall analysis: each reflection of a phase fitted alone (Ka doublet resolved, the instrument's widths
 * held, as `fitPeak`'s corrected fit), then beta cos theta = K lambda / L + strain sin theta, with beta the
 * sample FWHM in rad of 2theta and strain the coefficient of FWHM = strain tan theta (SPEC.md). A weighted
 * straight line gives L (nm) and strain with esds. Reflections with a neighbour (of any phase given) closer than
 * `minSeparationDeg` are left out: their widths cannot be told apart.
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

export function williamsonHall(pattern: Pattern, phase: CrystalStructure, opts: WhOptions = {}): WhResult {
  const k = opts.k ?? 0.89;
  const lines = opts.instrument?.wavelengths ?? pattern.meta.wavelengths ?? [{ lambda: 1.54056, weight: 1 }, { lambda: 1.54439, weight: 0.5 }];
  const lambda = lines.reduce((a, b) => (b.weight > a.weight ? b : a)).lambda;
  const lo = pattern.twoTheta[0] + 1;
  const hi = pattern.twoTheta[pattern.twoTheta.length - 1] - 1;
  const table = (s: CrystalStructure) => reflectionTable(s, { wavelength: lambda, maxTwoTheta: hi + 2 });
  const own = table(phase).filter((r) => r.twoTheta > lo && r.twoTheta < hi && r.iRel >= (opts.minIRel ?? 2));
  const all = [phase, ...(opts.others ?? [])].flatMap((s) => table(s).filter((r) => r.iRel >= 0.5).map((r) => r.twoTheta));
  const sep = opts.minSeparationDeg ?? 1.0;
  const points: WhPoint[] = [];
  for (const r of own) {
    if (all.some((t) => t !== r.twoTheta && Math.abs(t - r.twoTheta) < sep)) continue;
    try {
      const f = fitPeak(pattern, { peakDeg: r.twoTheta, instrument: opts.instrument, wavelengths: lines, halfWindowDeg: sep * 0.9 });
      const th = (f.corrected.twoTheta.value * DEG) / 2;
      const beta = f.corrected.fwhmDeg.value * DEG;
      if (!(beta > 0)) continue;
      points.push({ hkl: r.hkl, twoTheta: f.corrected.twoTheta.value, x: Math.sin(th), y: beta * Math.cos(th), sigma: Math.max(f.corrected.fwhmDeg.esd * DEG * Math.cos(th), 1e-9) });
    } catch {
      // a reflection too weak to fit is simply not a point of the plot
    }
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
    strain: { value: slope, esd: slopeEsd },
    k,
    lambda,
    instrumentRemoved: !!opts.instrument?.profile,
  };
}
