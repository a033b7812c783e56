/**
 * Chebyshev polynomials of the first kind for the background: x in [-1, 1] is the 2theta range scaled
 * linearly. Returns the basis as one Float64Array per term (term n holds T_n at every point).
 */
export function chebyshevBasis(twoTheta: ArrayLike<number>, terms: number, range?: [number, number]): Float64Array[] {
  const n = twoTheta.length;
  const lo = range ? range[0] : twoTheta[0];
  const hi = range ? range[1] : twoTheta[n - 1];
  const span = hi - lo || 1;
  const basis: Float64Array[] = [];
  for (let t = 0; t < terms; t++) basis.push(new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const x = (2 * (twoTheta[i] - lo)) / span - 1;
    let tPrev = 1;
    let tCur = x;
    if (terms > 0) basis[0][i] = 1;
    if (terms > 1) basis[1][i] = x;
    for (let t = 2; t < terms; t++) {
      const tNext = 2 * x * tCur - tPrev;
      basis[t][i] = tNext;
      tPrev = tCur;
      tCur = tNext;
    }
  }
  return basis;
}
