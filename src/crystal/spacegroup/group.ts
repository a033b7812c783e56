/**
 * Group closure: all products of a set of generators, modulo lattice translations, listed the way
 * International Tables lists a general position: the coset representatives first (identity first),
 * then the same list shifted by each centring translation.
 */
import type { SymOp } from '../types.js';
import { compose, IDENTITY_R, isIdentityR, makeOp, opKey } from './matrix.js';

/** Largest group accepted (F m -3 m has 192; room for supercell descriptions). */
export const MAX_ORDER = 4096;

export function closeGroup(generators: readonly SymOp[], maxOrder = MAX_ORDER): SymOp[] {
  const identity = makeOp(IDENTITY_R, [0, 0, 0]);
  const list: SymOp[] = [identity];
  const seen = new Set<string>([opKey(identity)]);
  const gens = generators.map((g) => makeOp(g.r, g.t));
  for (let i = 0; i < list.length; i++) {
    for (const g of gens) {
      const p = compose(g, list[i]);
      const key = opKey(p);
      if (seen.has(key)) continue;
      seen.add(key);
      list.push(p);
      if (list.length > maxOrder) {
        throw new Error(`the operators generate more than ${maxOrder} distinct operators (not a space group)`);
      }
    }
  }
  return orderByCentring(list);
}

/** Reorders a closed group: coset representatives, then each centring translation applied to them. */
function orderByCentring(group: SymOp[]): SymOp[] {
  const centrings = group.filter((op) => isIdentityR(op.r));
  if (centrings.length === 1) return group;
  const classes = new Set<string>();
  const reps: SymOp[] = [];
  for (const op of group) {
    let cls = '';
    for (const c of centrings) {
      const k = opKey(compose(c, op));
      if (cls === '' || k < cls) cls = k;
    }
    if (classes.has(cls)) continue;
    classes.add(cls);
    reps.push(op);
  }
  const out: SymOp[] = [];
  for (const c of centrings) for (const rep of reps) out.push(compose(c, rep));
  return out;
}

/** Canonical key of a whole group (order-independent), for identifying a set of operators. */
export function groupKey(ops: readonly SymOp[]): string {
  return ops.map(opKey).sort().join(';');
}
