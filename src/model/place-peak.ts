/**
 * Adding one peak to a pattern: its Gaussian core (the pseudo-Voigt averaged over the asymmetry nodes) over
 * +-CORE_FWHM beyond its asymmetry, its Lorentzian tails over the whole range, so no intensity is lost; with a
 * Jacobian, the derivative channels (value, d/dcentre, d/dFWHM, d/deta) chained into every column the peak
 * depends on. Tail derivatives are left out beyond TAIL_JACOBIAN_FWHM (below 1e-3 of the column there).
 */
import { bisectLeft } from 'd3-array';
import type { AxialNodes } from '../profile/axial-divergence.js';
import { pseudoVoigt, pseudoVoigtDerivs } from '../profile/pseudo-voigt.js';

/** core window half-width beyond the asymmetry, in FWHM */
export const CORE_FWHM = 6;
/** half-width, in FWHM, of the region where tail derivatives enter the Jacobian */
export const TAIL_JACOBIAN_FWHM = 40;

/** One peak as the model computed it: position, intensity, width, and what each Jacobian column owes to it. */
export interface PeakTerms {
  key?: number; // identifies the peak (phase, reflection, line) across evaluations
  c: number; // centre (deg)
  /** grid step (deg) of the composed asymmetry nodes, when the flat specimen or transparency is composed */
  gridStep?: number;
  I: number; // integrated intensity
  fwhm: number;
  eta: number;
  // coefficient lists for the Jacobian: column, dI/dp, dc/dp, dfwhm/dp, deta/dp
  cols: number[];
  /** column start in the column-major Jacobian (column x n) */
  colOffset: number[];
  dI: number[];
  dc: number[];
  dW: number[];
  dE: number[];
}

/** First index with x[i] >= v (x increasing): d3-array's bisectLeft. */
export function lowerBound(x: ArrayLike<number>, v: number): number {
  return bisectLeft(x as ArrayLike<number> & Iterable<number>, v);
}

/**
 * Adds peak t with asymmetry nodes ax to out (and phaseOut); with cols (column-major Jacobian, n rows) also its
 * derivatives. buf is a 4-element scratch array.
 */
export function placePeak(
  x: Float64Array, t: PeakTerms, ax: AxialNodes, out: Float64Array, phaseOut: Float64Array | null, cols: Float64Array | null, buf: Float64Array,
): void {
  const n = x.length;
  const sMin = ax.span ? Math.min(0, ax.span[0]) : Math.min(0, ax.maxShift);
  const sMax = ax.span ? Math.max(0, ax.span[1]) : Math.max(0, ax.maxShift);
  const lo = lowerBound(x, t.c + sMin - CORE_FWHM * t.fwhm);
  const hi = lowerBound(x, t.c + sMax + CORE_FWHM * t.fwhm);
  const { I, fwhm, eta } = t;
  const nc = t.cols.length;
  const tailCentre = t.c + ax.meanShift;
  const L2 = 2 / (Math.PI * fwhm);
  const ig2 = 4 / (fwhm * fwhm);
  // Lorentzian tails of the pseudo-Voigt (the Gaussian part is below 1e-100 there) over the whole range;
  // their derivatives only within TAIL_JACOBIAN_FWHM of the peak (beyond, below 1e-4 of the peak's own)
  const jLo = cols && nc ? lowerBound(x, t.c - TAIL_JACOBIAN_FWHM * fwhm) : lo;
  const jHi = cols && nc ? lowerBound(x, t.c + TAIL_JACOBIAN_FWHM * fwhm) : hi;
  const ie = I * eta;
  for (let i = 0; i < jLo; i++) {
    const dx = x[i] - tailCentre;
    const v = ie * L2 / (1 + dx * dx * ig2);
    out[i] += v;
    if (phaseOut) phaseOut[i] += v;
  }
  for (let i = jHi; i < n; i++) {
    const dx = x[i] - tailCentre;
    const v = ie * L2 / (1 + dx * dx * ig2);
    out[i] += v;
    if (phaseOut) phaseOut[i] += v;
  }
  for (let i = jLo; i < jHi; i++) {
    let v: number, dvdx: number, dvdw: number, dvde: number;
    if (i < lo || i >= hi) {
      const dx = x[i] - tailCentre;
      const u = dx * dx * ig2;
      const l = L2 / (1 + u);
      v = eta * l;
      if (cols && nc) {
        dvdx = -eta * l * (8 * dx / (fwhm * fwhm)) / (1 + u);
        dvdw = (eta * l * (u - 1)) / ((u + 1) * fwhm);
        dvde = l;
      } else {
        dvdx = dvdw = dvde = 0;
      }
    } else {
      v = dvdx = dvdw = dvde = 0;
      if (!(cols && nc)) {
        for (let k = 0; k < ax.shift.length; k++) v += ax.weight[k] * pseudoVoigt(x[i] - t.c - ax.shift[k], fwhm, eta);
      } else for (let k = 0; k < ax.shift.length; k++) {
        pseudoVoigtDerivs(x[i] - t.c - ax.shift[k], fwhm, eta, buf);
        const wk = ax.weight[k];
        v += wk * buf[0];
        dvdx += wk * buf[1];
        dvdw += wk * buf[2];
        dvde += wk * buf[3];
      }
    }
    out[i] += I * v;
    if (phaseOut) phaseOut[i] += I * v;
    if (cols && nc) {
      const chC = -I * dvdx;
      const chW = I * dvdw;
      const chE = I * dvde;
      for (let j = 0; j < nc; j++) {
        cols[t.colOffset[j] + i] += t.dI[j] * v + t.dc[j] * chC + t.dW[j] * chW + t.dE[j] * chE;
      }
    }
  }
}
