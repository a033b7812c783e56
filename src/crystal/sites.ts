/**
 * Atoms of the unit cell: every asymmetric-unit site carried through all space-group operators,
 * coordinates reduced to [0, 1), images of the same site closer than `tol` (in every fractional
 * coordinate, across cell edges) removed. Different sites on the same position (mixed occupancy)
 * are all kept.
 */
import type { AtomSite, Cell, CrystalStructure, SymOp, UAniso } from './types.js';

/** One atom of the unit cell: its site's data at the image position. */
export interface CellAtom extends AtomSite {
  /** Index of the asymmetric-unit site it comes from. */
  siteIndex: number;
}

const wrap = (x: number): number => {
  const f = x - Math.floor(x);
  return f >= 1 - 1e-12 ? 0 : f;
};

/** Fractional distance across cell edges, per coordinate (0 ... 0.5). */
const fracDist = (a: number, b: number): number => {
  const d = Math.abs(a - b) % 1;
  return Math.min(d, 1 - d);
};

/** x' = R x + t, reduced to [0, 1). */
export function applyOp(op: SymOp, x: number, y: number, z: number): [number, number, number] {
  const r = op.r;
  return [
    wrap(r[0] * x + r[1] * y + r[2] * z + op.t[0]),
    wrap(r[3] * x + r[4] * y + r[5] * z + op.t[1]),
    wrap(r[6] * x + r[7] * y + r[8] * z + op.t[2]),
  ];
}

/** The distinct images of one position under the operators (within tol). */
export function orbit(ops: readonly SymOp[], x: number, y: number, z: number, tol = 1e-4): { pos: [number, number, number]; op: SymOp }[] {
  const out: { pos: [number, number, number]; op: SymOp }[] = [];
  for (const op of ops) {
    const p = applyOp(op, x, y, z);
    if (!out.some((o) => fracDist(o.pos[0], p[0]) < tol && fracDist(o.pos[1], p[1]) < tol && fracDist(o.pos[2], p[2]) < tol)) {
      out.push({ pos: p, op });
    }
  }
  return out;
}

/** Multiplicity of each site in the cell (number of distinct images). */
export function siteMultiplicities(structure: CrystalStructure, tol = 1e-4): number[] {
  return structure.sites.map((s) => orbit(structure.spaceGroup.operators, s.x, s.y, s.z, tol).length);
}

/** All atoms of the unit cell. Anisotropic U is carried to each image (beta' = R beta R^T). */
export function expandSites(structure: CrystalStructure, tol = 1e-4): CellAtom[] {
  const atoms: CellAtom[] = [];
  structure.sites.forEach((site, siteIndex) => {
    for (const { pos, op } of orbit(structure.spaceGroup.operators, site.x, site.y, site.z, tol)) {
      const atom: CellAtom = { ...site, x: pos[0], y: pos[1], z: pos[2], siteIndex };
      if (site.uAniso) atom.uAniso = rotateU(site.uAniso, op.r, structure.cell);
      atoms.push(atom);
    }
  });
  return atoms;
}

/** Reciprocal cell lengths a*, b*, c* (1/A). */
function reciprocalLengths(c: Cell): [number, number, number] {
  const d = Math.PI / 180;
  const [ca, cb, cg] = [Math.cos(c.alpha * d), Math.cos(c.beta * d), Math.cos(c.gamma * d)];
  const [sa, sb, sg] = [Math.sin(c.alpha * d), Math.sin(c.beta * d), Math.sin(c.gamma * d)];
  const v = c.a * c.b * c.c * Math.sqrt(1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg);
  return [(c.b * c.c * sa) / v, (c.a * c.c * sb) / v, (c.a * c.b * sg) / v];
}

/** U of the image under rotation R: with U* = diag(a*) U diag(a*), U*' = R U* R^T. */
export function rotateU(u: UAniso, r: readonly number[], cell: Cell): UAniso {
  const s = reciprocalLengths(cell);
  const U = [u.u11, u.u12, u.u13, u.u12, u.u22, u.u23, u.u13, u.u23, u.u33];
  const Us = U.map((v, k) => v * s[Math.floor(k / 3)] * s[k % 3]);
  const out = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let acc = 0;
      for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) acc += r[3 * i + k] * Us[3 * k + l] * r[3 * j + l];
      out[3 * i + j] = acc / (s[i] * s[j]);
    }
  return { u11: out[0], u22: out[4], u33: out[8], u12: out[1], u13: out[2], u23: out[5] };
}
