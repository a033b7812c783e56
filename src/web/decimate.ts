/**
 * Min/max decimation per pixel column: a curve of any length becomes at most four vertices per column
 * (first, min, max, last), so peaks are never lost and an 8001-point pattern draws in well under a millisecond.
 */

import { lowerBound } from '../model/pattern-model.js';

export type Num = ArrayLike<number>;

/** First index with x[i] >= v (x increasing). */
export const lowerIndex = (x: Num, v: number): number => lowerBound(x, v);

/**
 * Vertices (pixel coordinates, interleaved px, py) of the curve between x0 and x1, mapped by sx and sy.
 * One point either side of the window is kept so the line runs to the edges.
 */
export function decimate(x: Num, y: Num, x0: number, x1: number, sx: (v: number) => number, sy: (v: number) => number): Float32Array {
  const lo = Math.max(lowerIndex(x, x0) - 1, 0);
  const hi = Math.min(lowerIndex(x, x1) + 1, x.length);
  // at most four vertices per column, and never more than its points
  const columns = hi > lo ? Math.abs(Math.round(sx(x[hi - 1])) - Math.round(sx(x[lo]))) + 1 : 0;
  const out = new Float32Array(2 * Math.min(hi - lo, 4 * columns) + 8);
  let k = 0;
  let col = NaN;
  let iFirst = 0;
  let iMin = 0;
  let iMax = 0;
  let iLast = 0;
  const push = (i: number) => {
    out[k++] = col;
    out[k++] = sy(y[i]);
  };
  // the column's first, min, max and last points in the order they come, each once
  const flush = () => {
    if (Number.isNaN(col)) return;
    push(iFirst);
    const a = Math.min(iMin, iMax);
    const b = Math.max(iMin, iMax);
    if (a !== iFirst) push(a);
    if (b !== a && b !== iFirst) push(b);
    if (iLast !== b && iLast !== iFirst) push(iLast);
  };
  for (let i = lo; i < hi; i++) {
    const px = Math.round(sx(x[i]));
    if (px !== col) {
      flush();
      col = px;
      iFirst = iMin = iMax = iLast = i;
    } else {
      if (y[i] < y[iMin]) iMin = i;
      if (y[i] > y[iMax]) iMax = i;
      iLast = i;
    }
  }
  flush();
  return out.subarray(0, k);
}

/** Smallest and largest y with x in [x0, x1]. */
export function extent(x: Num, y: Num, x0: number, x1: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = lowerIndex(x, x0); i < x.length && x[i] <= x1; i++) {
    if (y[i] < min) min = y[i];
    if (y[i] > max) max = y[i];
  }
  return [min, max];
}
