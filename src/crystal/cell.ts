/**
 * Cell metric. Lengths in A, angles in degrees.
 * The reciprocal metric is carried as A = [A11, A22, A33, A12, A13, A23] with
 * 1/d^2 = A11 h^2 + A22 k^2 + A33 l^2 + 2 A12 h k + 2 A13 h l + 2 A23 k l  (A^-2).
 */
import type { Cell } from './types.js';

const DEG = Math.PI / 180;

/** Cell volume in A^3 (general triclinic formula). */
export function cellVolume(c: Cell): number {
  const ca = Math.cos(c.alpha * DEG);
  const cb = Math.cos(c.beta * DEG);
  const cg = Math.cos(c.gamma * DEG);
  const r = 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg;
  if (!(r > 0)) throw new Error(`cell angles ${c.alpha}, ${c.beta}, ${c.gamma} deg do not form a cell`);
  return c.a * c.b * c.c * Math.sqrt(r);
}

/** Direct metric tensor G (row-major 3x3, A^2). */
export function directMetric(c: Cell): number[] {
  const ca = Math.cos(c.alpha * DEG);
  const cb = Math.cos(c.beta * DEG);
  const cg = Math.cos(c.gamma * DEG);
  return [
    c.a * c.a, c.a * c.b * cg, c.a * c.c * cb,
    c.a * c.b * cg, c.b * c.b, c.b * c.c * ca,
    c.a * c.c * cb, c.b * c.c * ca, c.c * c.c,
  ];
}

/** Reciprocal metric components [A11, A22, A33, A12, A13, A23] (A^-2), the inverse of G. */
export function reciprocalMetric(c: Cell): Float64Array {
  const g = directMetric(c);
  const det =
    g[0] * (g[4] * g[8] - g[5] * g[7]) - g[1] * (g[3] * g[8] - g[5] * g[6]) + g[2] * (g[3] * g[7] - g[4] * g[6]);
  if (!(det > 0)) throw new Error('cell metric is singular');
  const out = new Float64Array(6);
  out[0] = (g[4] * g[8] - g[5] * g[7]) / det;
  out[1] = (g[0] * g[8] - g[2] * g[6]) / det;
  out[2] = (g[0] * g[4] - g[1] * g[3]) / det;
  out[3] = -(g[1] * g[8] - g[2] * g[7]) / det;
  out[4] = (g[1] * g[5] - g[2] * g[4]) / det;
  out[5] = -(g[0] * g[5] - g[2] * g[3]) / det;
  return out;
}

/** The six hkl products that multiply A: [h^2, k^2, l^2, 2hk, 2hl, 2kl]. */
export function hklProducts(h: number, k: number, l: number): [number, number, number, number, number, number] {
  return [h * h, k * k, l * l, 2 * h * k, 2 * h * l, 2 * k * l];
}

/** 1/d^2 in A^-2 for reciprocal metric A. */
export function inverseDSquared(A: ArrayLike<number>, h: number, k: number, l: number): number {
  return A[0] * h * h + A[1] * k * k + A[2] * l * l + 2 * (A[3] * h * k + A[4] * h * l + A[5] * k * l);
}

/** d-spacing in A. */
export function dSpacing(A: ArrayLike<number>, h: number, k: number, l: number): number {
  return 1 / Math.sqrt(inverseDSquared(A, h, k, l));
}

/** Bragg angle 2theta in degrees for d (A) and wavelength (A); NaN when the reflection is out of reach. */
export function braggTwoThetaDeg(d: number, lambda: number): number {
  const s = lambda / (2 * d);
  return s <= 1 ? (2 * Math.asin(s)) / DEG : NaN;
}
