/**
 * Min/max decimation per pixel column: a curve of any length becomes at most four vertices per column
 * (first, min, max, last), so peaks are never lost and an 8001-point pattern draws in well under a millisecond.
 */

export type Num = ArrayLike<number>;

/** First index with x[i] >= v (x increasing). */
export function lowerIndex(x: Num, v: number): number {
  let a = 0;
  let b = x.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (x[m] < v) a = m + 1;
    else b = m;
  }
  return a;
}

/**
 * Vertices (pixel coordinates, interleaved px, py) of the curve between x0 and x1, mapped by sx and sy.
 * One point either side of the window is kept so the line runs to the edges.
 */
export function decimate(x: Num, y: Num, x0: number, x1: number, sx: (v: number) => number, sy: (v: number) => number): Float32Array {
  const lo = Math.max(lowerIndex(x, x0) - 1, 0);
  const hi = Math.min(lowerIndex(x, x1) + 1, x.length);
  const out = new Float32Array(Math.max(hi - lo, 0) * 2 + 8);
  let k = 0;
  let col = NaN;
  let first = 0;
  let min = 0;
  let max = 0;
  let last = 0;
  const flush = () => {
    if (Number.isNaN(col)) return;
    out[k++] = col; out[k++] = sy(first);
    if (min !== first) (out[k++] = col), (out[k++] = sy(min));
    if (max !== min) (out[k++] = col), (out[k++] = sy(max));
    if (last !== max) (out[k++] = col), (out[k++] = sy(last));
  };
  for (let i = lo; i < hi; i++) {
    const px = Math.round(sx(x[i]));
    const v = y[i];
    if (px !== col) {
      flush();
      col = px;
      first = min = max = last = v;
    } else {
      if (v < min) min = v;
      if (v > max) max = v;
      last = v;
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
