/**
 * Composing asymmetry functions. Each aberration of a Bragg-Brentano diffractometer (axial divergence, flat
 * specimen, transparency) is a distribution of peak shifts; the line is the symmetric profile convolved with all
 * of them. A distribution is carried as nodes (shift, weight); the convolution of two is the set of sums of
 * shifts with products of weights, which is then gathered onto a grid of spacing `stepDeg` (a fraction of the
 * peak width) by quadratic B-spline (triangular-shaped cloud) assignment: weight and mean shift are kept
 * exactly, and the grid weights move with continuous first derivatives as the shifts change, so the profile
 * stays a smooth function of the parameters (linear assignment would put kinks into it at every grid line).
 */
import type { AxialNodes } from './axial-divergence.js';

export interface ShiftNodes {
  shift: Float64Array;
  weight: Float64Array;
}

/** The convolution of node sets a and b on a grid of stepDeg (> 0); meanShift is the sum of both means. */
export function convolveNodes(a: AxialNodes, b: ShiftNodes, stepDeg: number): AxialNodes {
  let lo = Infinity;
  let hi = -Infinity;
  let bMin = Infinity;
  let bMax = -Infinity;
  for (let j = 0; j < b.shift.length; j++) (bMin = Math.min(bMin, b.shift[j])), (bMax = Math.max(bMax, b.shift[j]));
  for (let i = 0; i < a.shift.length; i++) (lo = Math.min(lo, a.shift[i] + bMin)), (hi = Math.max(hi, a.shift[i] + bMax));
  const i0 = Math.round(lo / stepDeg) - 1;
  const nb = Math.round(hi / stepDeg) - i0 + 2;
  const grid = new Float64Array(nb);
  let bMean = 0;
  let bTotal = 0;
  for (let j = 0; j < b.shift.length; j++) (bMean += b.weight[j] * b.shift[j]), (bTotal += b.weight[j]);
  for (let i = 0; i < a.shift.length; i++) {
    for (let j = 0; j < b.shift.length; j++) {
      const w = a.weight[i] * b.weight[j];
      const f = (a.shift[i] + b.shift[j]) / stepDeg - i0;
      const k = Math.round(f);
      const d = f - k;
      grid[k - 1] += w * 0.5 * (0.5 - d) * (0.5 - d);
      grid[k] += w * (0.75 - d * d);
      grid[k + 1] += w * 0.5 * (0.5 + d) * (0.5 + d);
    }
  }
  let count = 0;
  for (let k = 0; k < nb; k++) if (grid[k] > 0) count++;
  const shift = new Float64Array(count);
  const weight = new Float64Array(count);
  let m = 0;
  let low = 0;
  let high = 0;
  for (let k = 0; k < nb; k++) {
    if (!(grid[k] > 0)) continue;
    shift[m] = (k + i0) * stepDeg;
    weight[m] = grid[k];
    low = Math.min(low, shift[m]);
    high = Math.max(high, shift[m]);
    m++;
  }
  // maxShift keeps the axial meaning (the extreme ray's shift, signed); span holds both ends of the composed set
  return { shift, weight, meanShift: a.meanShift + (bTotal > 0 ? bMean / bTotal : 0), maxShift: a.maxShift, span: [low, high] };
}
