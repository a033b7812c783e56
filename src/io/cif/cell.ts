/**
 * The unit cell of a CIF data block. All three lengths are required. A missing angle defaults
 * only where the space group fixes it: 90 deg for cubic, tetragonal and orthorhombic groups and
 * for the two non-unique angles of a monoclinic group, 90/90/120 for hexagonal axes; on
 * rhombohedral axes the missing angles equal the one given. The cell must be a real cell
 * (positive volume) and be compatible with the symmetry operators (R^T G R = G).
 */
import type { Cell, SpaceGroup } from '../../crystal/types.js';
import { isNull, type CifBlock } from './model.js';
import { parseCifNumber } from './numbers.js';

export type CellName = 'a' | 'b' | 'c' | 'alpha' | 'beta' | 'gamma';
export const CELL_NAMES: CellName[] = ['a', 'b', 'c', 'alpha', 'beta', 'gamma'];
const TAG: Record<CellName, string> = {
  a: '_cell_length_a',
  b: '_cell_length_b',
  c: '_cell_length_c',
  alpha: '_cell_angle_alpha',
  beta: '_cell_angle_beta',
  gamma: '_cell_angle_gamma',
};

type Fail = (message: string, line: number) => never;

export interface CellResult {
  cell: Cell;
  /** esds given in the file. */
  esd: Partial<Record<CellName, number>>;
  warnings: { message: string; line: number }[];
}

const DEG = Math.PI / 180;

/** Direct metric tensor G, row-major 3x3 (A^2). */
export function metricOf(c: Cell): number[] {
  const ca = Math.cos(c.alpha * DEG);
  const cb = Math.cos(c.beta * DEG);
  const cg = Math.cos(c.gamma * DEG);
  return [c.a * c.a, c.a * c.b * cg, c.a * c.c * cb, c.a * c.b * cg, c.b * c.b, c.b * c.c * ca, c.a * c.c * cb, c.b * c.c * ca, c.c * c.c];
}

/** Angles fixed by the space group (undefined = free), and whether all three must be equal. */
export function fixedAngles(sg: SpaceGroup): { alpha?: number; beta?: number; gamma?: number; equal?: boolean; why: string } {
  const sys = sg.crystalSystem;
  const rots = sg.operators.map((o) => o.r);
  if (sg.number === 0 && sg.operators.length <= 1) return { why: 'triclinic' };
  switch (sys) {
    case 'cubic':
    case 'tetragonal':
    case 'orthorhombic':
      return { alpha: 90, beta: 90, gamma: 90, why: sys };
    case 'hexagonal':
      return { alpha: 90, beta: 90, gamma: 120, why: 'hexagonal' };
    case 'trigonal': {
      const rhomb = rots.some((r) => same(r, [0, 0, 1, 1, 0, 0, 0, 1, 0]) || same(r, [0, 1, 0, 0, 0, 1, 1, 0, 0]));
      return rhomb ? { equal: true, why: 'trigonal, rhombohedral axes' } : { alpha: 90, beta: 90, gamma: 120, why: 'trigonal, hexagonal axes' };
    }
    case 'monoclinic': {
      for (const r of rots) {
        const d = [r[0], r[4], r[8]];
        const diagonal = r[1] === 0 && r[2] === 0 && r[3] === 0 && r[5] === 0 && r[6] === 0 && r[7] === 0;
        if (!diagonal || (d[0] === d[1] && d[1] === d[2])) continue;
        const unique = d.findIndex((x, i) => x !== d[(i + 1) % 3] && x !== d[(i + 2) % 3]);
        if (unique === 0) return { beta: 90, gamma: 90, why: 'monoclinic, unique axis a' };
        if (unique === 1) return { alpha: 90, gamma: 90, why: 'monoclinic, unique axis b' };
        if (unique === 2) return { alpha: 90, beta: 90, why: 'monoclinic, unique axis c' };
      }
      return { why: 'monoclinic' };
    }
    default:
      return { why: sys ?? 'unknown' };
  }
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function readCell(block: CifBlock, sg: SpaceGroup, fail: Fail): CellResult {
  const got: Partial<Record<CellName, number>> = {};
  const esd: Partial<Record<CellName, number>> = {};
  const warnings: { message: string; line: number }[] = [];
  for (const name of CELL_NAMES) {
    const v = block.value(TAG[name]);
    if (v === undefined || isNull(v)) continue;
    const n = parseCifNumber(v.text);
    if (!n) fail(`${TAG[name]} "${v.text}" is not a number`, v.line);
    const bad = name.length === 1 ? !(n!.value > 0) : !(n!.value > 0 && n!.value < 180);
    if (bad) fail(`${TAG[name]} = ${v.text} is out of range`, v.line);
    got[name] = n!.value;
    if (n!.esd !== undefined) esd[name] = n!.esd;
  }
  for (const name of ['a', 'b', 'c'] as const) {
    if (got[name] === undefined) fail(`missing cell: no ${TAG[name]} in data block "${block.name}"`, block.lineOf(TAG[name]) ?? block.line);
  }
  const fixed = fixedAngles(sg);
  const given = (['alpha', 'beta', 'gamma'] as const).filter((n) => got[n] !== undefined);
  for (const name of ['alpha', 'beta', 'gamma'] as const) {
    if (got[name] !== undefined) continue;
    const f = fixed[name];
    if (f !== undefined) got[name] = f;
    else if (fixed.equal && given.length > 0) got[name] = got[given[0]];
    else fail(`missing cell: no ${TAG[name]} in data block "${block.name}" (not fixed by the space group, ${fixed.why})`, block.lineOf(TAG[name]) ?? block.line);
  }
  const cell = got as Cell;
  const ca = Math.cos(cell.alpha * DEG);
  const cb = Math.cos(cell.beta * DEG);
  const cg = Math.cos(cell.gamma * DEG);
  const r = 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg;
  const volume = cell.a * cell.b * cell.c * Math.sqrt(Math.max(r, 0));
  if (!(r > 1e-10) || !Number.isFinite(volume) || !(volume > 0)) {
    fail(`cell angles ${cell.alpha}, ${cell.beta}, ${cell.gamma} deg do not form a cell`, block.lineOf(TAG.alpha) ?? block.lineOf(TAG.a) ?? block.line);
  }
  // the operators must preserve the metric
  const G = metricOf(cell);
  let worst = 0;
  for (const op of sg.operators) {
    const R = op.r;
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) s += R[3 * k + i] * G[3 * k + l] * R[3 * l + j];
        worst = Math.max(worst, Math.abs(s - G[3 * i + j]) / Math.sqrt(G[4 * i] * G[4 * j]));
      }
  }
  const where = block.lineOf(TAG.a) ?? block.line;
  // a group from operators that matches no table setting has number 0 and no symbol: never print "0"
  const group = sg.symbol ? `space group ${sg.symbol}` : sg.number ? `space group ${sg.number}` : `the ${sg.operators.length} symmetry operators`;
  const desc = `a ${cell.a}, b ${cell.b}, c ${cell.c}, alpha ${cell.alpha}, beta ${cell.beta}, gamma ${cell.gamma}`;
  if (worst > 1e-3) fail(`cell (${desc}) does not have the symmetry of ${group} (${fixed.why})`, where);
  if (worst > 1e-5) warnings.push({ message: `cell (${desc}) deviates slightly from the symmetry of ${group}`, line: where });
  return { cell, esd, warnings };
}
