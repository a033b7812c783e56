/** Largest difference between two profiles on the same grid, each normalized to unit sum, relative to b's peak. */
export function maxNormalizedDiff(a: Float64Array, b: Float64Array): number {
  const sa = a.reduce((p, q) => p + q, 0);
  const sb = b.reduce((p, q) => p + q, 0);
  let top = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) (top = Math.max(top, b[i] / sb)), (diff = Math.max(diff, Math.abs(a[i] / sa - b[i] / sb)));
  return diff / top;
}
