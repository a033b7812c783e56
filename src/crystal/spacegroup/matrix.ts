/**
 * Small helpers for Seitz operators (R | t) on fractional coordinates: composition, reduction of
 * translations to [0, 1), keys for set membership, determinant and trace of the rotation part.
 */
import type { SymOp } from '../types.js';

export type Vec3 = [number, number, number];

export const IDENTITY_R: readonly number[] = [1, 0, 0, 0, 1, 0, 0, 0, 1];
export const INVERSION_R: readonly number[] = [-1, 0, 0, 0, -1, 0, 0, 0, -1];

/** 3x3 row-major product a b. */
export function mulR(a: readonly number[], b: readonly number[]): number[] {
  const c = new Array<number>(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
    }
  }
  return c;
}

/** R v. */
export function mulRV(r: readonly number[], v: readonly number[]): Vec3 {
  return [
    r[0] * v[0] + r[1] * v[1] + r[2] * v[2],
    r[3] * v[0] + r[4] * v[1] + r[5] * v[2],
    r[6] * v[0] + r[7] * v[1] + r[8] * v[2],
  ];
}

/** h R for a row vector h (how Miller indices transform). */
export function mulHR(h: readonly number[], r: readonly number[]): Vec3 {
  return [
    h[0] * r[0] + h[1] * r[3] + h[2] * r[6],
    h[0] * r[1] + h[1] * r[4] + h[2] * r[7],
    h[0] * r[2] + h[1] * r[5] + h[2] * r[8],
  ];
}

/** x reduced to [0, 1); values within 1e-6 of a multiple of 1/24 are snapped onto it (float drift). */
export function reduceT(x: number): number {
  let f = x - Math.floor(x);
  const k = Math.round(f * 24);
  if (Math.abs(f * 24 - k) < 24e-6) f = k / 24;
  return f >= 1 ? 0 : f;
}

export function makeOp(r: readonly number[], t: readonly number[]): SymOp {
  return { r: r.slice(), t: [reduceT(t[0]), reduceT(t[1]), reduceT(t[2])] };
}

/** a after b: x -> Ra (Rb x + tb) + ta. */
export function compose(a: SymOp, b: SymOp): SymOp {
  const rt = mulRV(a.r, b.t);
  return makeOp(mulR(a.r, b.r), [rt[0] + a.t[0], rt[1] + a.t[1], rt[2] + a.t[2]]);
}

export function rKey(r: readonly number[]): string {
  return r.join(',');
}

/** Identity of an operator modulo lattice translations (t is already reduced). */
export function opKey(op: SymOp): string {
  return `${rKey(op.r)}|${op.t.map((x) => Math.round(reduceT(x) * 1e6) % 1000000).join(',')}`;
}

export function det(r: readonly number[]): number {
  return r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
}

export function trace(r: readonly number[]): number {
  return r[0] + r[4] + r[8];
}

export function sameR(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < 9; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function isIdentityR(r: readonly number[]): boolean {
  return sameR(r, IDENTITY_R);
}
