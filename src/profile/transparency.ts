/**
 * Specimen transparency as a line shape: a thick specimen of linear absorption coefficient mu diffracts from
 * depths with density exp(-depth mu'), and each depth shifts the line to lower angle, so the line is convolved
 * with a one-sided exponential of mean shift delta = sin(2 theta) / (2 mu R) rad (Klug & Alexander; the
 * absorption convolution of fundamental-parameter profiles). The exponential is split into slices of equal
 * probability, each replaced by its conditional mean: the shifts are exact in mean, smooth in delta, and closest
 * together near the peak, where it matters.
 */
import type { ShiftNodes } from './compose-nodes.js';

/** Conditional means t_j (in units of the mean) of m equal-probability slices of the unit exponential. */
export function exponentialSliceMeans(m: number): Float64Array {
  const t = new Float64Array(m);
  // slice [u_a, u_b) of the cumulative 1 - exp(-t): E[t | slice] = (g(u_a) - g(u_b)) / (u_b - u_a) with
  // g(u) = (1 - u)(1 + t(u)), t(u) = -ln(1 - u)
  const g = (u: number) => (u >= 1 ? 0 : (1 - u) * (1 - Math.log(1 - u)));
  for (let j = 0; j < m; j++) t[j] = (g(j / m) - g((j + 1) / m)) * m;
  return t;
}

// many slices cost little: the composed nodes are gathered onto a grid a sixteenth of the width apart
const SLICES = 48;
const T = exponentialSliceMeans(SLICES);

/** Mean shift of the transparency line shape, deg (negative: towards low angle). */
export function transparencyShiftDeg(twoThetaDeg: number, penetrationMm: number, radiusMm: number): number {
  return (-Math.sin((twoThetaDeg * Math.PI) / 180) * penetrationMm) / (2 * radiusMm) * (180 / Math.PI);
}

/**
 * The exponential's shape about its mean (shifts -delta (t_j - 1), delta = |mean shift| in deg): the mean itself
 * belongs to the peak position. A negative delta mirrors it (a tail to high angle), which keeps the function
 * smooth through zero for the refinement; the physical range is delta >= 0.
 */
export function transparencyNodes(deltaDeg: number): ShiftNodes {
  const shift = new Float64Array(SLICES);
  const weight = new Float64Array(SLICES).fill(1 / SLICES);
  for (let j = 0; j < SLICES; j++) shift[j] = -deltaDeg * (T[j] - 1);
  return { shift, weight };
}
