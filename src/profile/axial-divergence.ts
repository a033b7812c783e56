/**
 * Axial-divergence asymmetry after Finger, Cox & Jephcoat (J. Appl. Cryst. 1994, 27, 892).
 * A ray from height z_s on the sample (|z_s| <= S) to height z_d at the receiving slit (|z_d| <= H), at
 * distance L, with u = |z_d - z_s| / L, is recorded at 2phi where cos 2phi = cos 2theta sqrt(1 + u^2).
 * u has the trapezoidal density of the difference of two uniform variables: 2 min(S, H) / L^2 for
 * u <= |H - S| / L, and (S + H) / L - u beyond, up to (S + H) / L. The observed peak is the symmetric
 * profile averaged over that distribution; we integrate over u (smooth, no singularity) with
 * Gauss-Legendre on each piece of the trapezoid, with enough nodes that neighbouring shifts are a
 * fraction of the peak width. Returns shifts (deg 2theta) and weights summing to 1.
 */
import { gaussLegendre } from './gauss-legendre.js';

const DEG = Math.PI / 180;

export interface AxialNodes {
  /** shifts from the Bragg position, deg 2theta (negative below 90 deg) */
  shift: Float64Array;
  weight: Float64Array;
  /** weighted mean shift, deg */
  meanShift: number;
  /** the shift of the extreme ray, deg */
  maxShift: number;
  /**
   * lowest and highest node shift, deg, when the nodes reach both sides of the line (composed or full-axial
   * nodes); absent: the nodes lie between 0 and maxShift
   */
  span?: [number, number];
}

const NONE: AxialNodes = { shift: new Float64Array([0]), weight: new Float64Array([1]), meanShift: 0, maxShift: 0 };

/** 2phi - 2theta in degrees for the ray with axial offset u (fraction of L). */
export function axialShiftDeg(twoThetaDeg: number, u: number): number {
  const c = Math.cos(twoThetaDeg * DEG) * Math.sqrt(1 + u * u);
  if (c >= 1) return -twoThetaDeg; // the cone does not reach this height: ray at 0 (never for sane S/L, H/L)
  if (c <= -1) return 180 - twoThetaDeg;
  return Math.acos(c) / DEG - twoThetaDeg;
}

/** Gauss-Legendre order that keeps neighbouring shifts below about a quarter of the FWHM (2 to 48). */
export function axialOrder(maxShiftDeg: number, fwhmDeg: number): number {
  return Math.max(2, Math.min(48, Math.ceil((4 * Math.abs(maxShiftDeg)) / Math.max(fwhmDeg, 1e-6)) + 1));
}

/**
 * Quadrature nodes for a peak at twoThetaDeg with sample and receiving-slit half-heights S/L and H/L.
 * fwhmDeg sets the node count: neighbouring shifts stay below about a quarter of the peak width; minOrder
 * lets a caller hold the order fixed while parameters move, so that the profile stays a smooth function of them.
 * sollerRad (> 0) adds a Soller collimator of that angle: rays weighted by its triangular transmission.
 */
export function axialNodes(twoThetaDeg: number, sl: number, hl: number, fwhmDeg: number, minOrder = 2, sollerRad = 0): AxialNodes {
  const lo = Math.min(sl, hl);
  const hi = Math.max(sl, hl);
  if (!(hi > 0)) return NONE;
  // a Soller collimator passes a ray of axial angle u with the triangular transmission max(0, 1 - u / soller)
  const uMax = sollerRad > 0 ? Math.min(sl + hl, sollerRad) : sl + hl;
  const soller = (u: number) => (sollerRad > 0 ? Math.max(0, 1 - u / sollerRad) : 1);
  const maxShift = axialShiftDeg(twoThetaDeg, uMax);
  const n = Math.max(minOrder, axialOrder(maxShift, fwhmDeg));
  const { x, w } = gaussLegendre(n);
  const flatEnd = hi - lo; // constant-density piece [0, hi-lo], then linear piece [hi-lo, hi+lo]
  const pieces: Array<[number, number, (u: number) => number]> = [];
  const clip = (a: number, b: number, f: (u: number) => number) => {
    if (Math.min(b, uMax) > a) pieces.push([a, Math.min(b, uMax), (u) => f(u) * soller(u)]);
  };
  if (lo > 0) {
    if (flatEnd > 0) clip(0, flatEnd, () => 2 * lo);
    clip(flatEnd, sl + hl, (u) => sl + hl - u);
  } else {
    clip(0, hi, () => 1); // a point source or point slit: u uniform on [0, hi]
  }
  const count = pieces.length * n;
  const shift = new Float64Array(count);
  const weight = new Float64Array(count);
  let total = 0;
  let mean = 0;
  let j = 0;
  for (const [a, b, density] of pieces) {
    const half = (b - a) / 2;
    const mid = (a + b) / 2;
    for (let i = 0; i < n; i++) {
      const u = mid + half * x[i];
      const wt = w[i] * half * density(u);
      shift[j] = axialShiftDeg(twoThetaDeg, u);
      weight[j] = wt;
      total += wt;
      j++;
    }
  }
  for (let i = 0; i < count; i++) {
    weight[i] /= total;
    mean += weight[i] * shift[i];
  }
  return { shift, weight, meanShift: mean, maxShift };
}
