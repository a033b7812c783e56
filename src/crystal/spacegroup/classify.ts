/**
 * What the rotation parts of a group say: crystal system (from the number, or from the kinds of
 * rotation present), Laue class, centrosymmetry.
 */
import type { CrystalSystem, SpaceGroup, SymOp } from '../types.js';
import { det, INVERSION_R, mulR, rKey, sameR, trace } from './matrix.js';

export function crystalSystemFromNumber(n: number): CrystalSystem {
  if (n <= 2) return 'triclinic';
  if (n <= 15) return 'monoclinic';
  if (n <= 74) return 'orthorhombic';
  if (n <= 142) return 'tetragonal';
  if (n <= 167) return 'trigonal';
  if (n <= 194) return 'hexagonal';
  return 'cubic';
}

/** Distinct rotation parts of the operators. */
export function pointGroup(ops: readonly SymOp[]): number[][] {
  const seen = new Map<string, number[]>();
  for (const op of ops) {
    const k = rKey(op.r);
    if (!seen.has(k)) seen.set(k, op.r.slice());
  }
  return [...seen.values()];
}

/** The point group with the inversion added (the Laue group: diffraction symmetry with Friedel's law). */
export function laueGroup(ops: readonly SymOp[]): number[][] {
  const pg = pointGroup(ops);
  if (pg.some((r) => sameR(r, INVERSION_R))) return pg;
  return [...pg, ...pg.map((r) => mulR(INVERSION_R, r))];
}

interface RotationCensus {
  order: number;
  twofold: number;
  threefold: number;
  fourfold: number;
  sixfold: number;
}

/** Counts the proper parts (det R) R of the Laue group by their trace (2: -1, 3: 0, 4: 1, 6: 2). */
function census(ops: readonly SymOp[]): RotationCensus & { laue: number[][] } {
  const laue = laueGroup(ops);
  const c = { order: laue.length, twofold: 0, threefold: 0, fourfold: 0, sixfold: 0, laue };
  for (const r of laue) {
    if (det(r) < 0) continue; // the proper half carries all rotation kinds
    const tr = trace(r);
    if (tr === -1) c.twofold++;
    else if (tr === 0) c.threefold++;
    else if (tr === 1) c.fourfold++;
    else if (tr === 2) c.sixfold++;
  }
  return c;
}

export function crystalSystemFromOperators(ops: readonly SymOp[]): CrystalSystem {
  const c = census(ops);
  if (c.threefold >= 8) return 'cubic';
  if (c.sixfold > 0) return 'hexagonal';
  if (c.threefold > 0) return 'trigonal';
  if (c.fourfold > 0) return 'tetragonal';
  if (c.twofold >= 3) return 'orthorhombic';
  if (c.twofold >= 1) return 'monoclinic';
  return 'triclinic';
}

export function isCentrosymmetric(ops: readonly SymOp[]): boolean {
  return ops.some((op) => sameR(op.r, INVERSION_R));
}

const THREE_Z = [0, -1, 0, 1, -1, 0, 0, 0, 1];
const TWO_110 = [0, 1, 0, 1, 0, 0, 0, 0, -1]; // y,x,-z: twofold along a+b, present in -3m1
const TWO_1M10 = [0, -1, 0, -1, 0, 0, 0, 0, -1]; // -y,-x,-z: twofold along a-b, present in -31m

/**
 * Laue class symbol. Trigonal groups on hexagonal axes give "-3m1" or "-31m"; rhombohedral axes "-3m".
 */
export function laueClassOf(sg: SpaceGroup): string {
  const c = census(sg.operators);
  const has = (m: number[]): boolean => c.laue.some((r) => sameR(r, m));
  if (c.threefold >= 8) return c.order === 48 ? 'm-3m' : 'm-3';
  if (c.sixfold > 0) return c.order === 24 ? '6/mmm' : '6/m';
  if (c.threefold > 0) {
    if (c.order === 6) return '-3';
    if (!has(THREE_Z)) return '-3m';
    if (has(TWO_110)) return '-3m1';
    if (has(TWO_1M10)) return '-31m';
    return '-3m';
  }
  if (c.fourfold > 0) return c.order === 16 ? '4/mmm' : '4/m';
  if (c.order === 8) return 'mmm';
  if (c.order === 4) return '2/m';
  return '-1';
}
