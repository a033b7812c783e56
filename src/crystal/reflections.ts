/**
 * Reflection list of a structure: every hkl with d >= dMin, systematic absences removed, symmetry-equivalent
 * hkl gathered into one family (multiplicity = size of the family under the Laue group), and families whose
 * d is equal for every cell of the crystal system (e.g. cubic 333 and 511) merged into one entry.
 */
import { InputError } from '../errors.js';
import { cellParameterization, cellValues } from './cell-params.js';
import { cellVolume, hklProducts, inverseDSquared, reciprocalMetric } from './cell.js';
import { equivalentReflections, isSystematicallyAbsent } from './spacegroup/index.js';
import type { CrystalStructure } from './types.js';

export type Hkl = [number, number, number];

export interface ReflectionPart {
  hkl: Hkl;
  multiplicity: number;
}

export interface Reflection {
  /** representative hkl (the first family's) */
  hkl: Hkl;
  /** total multiplicity over merged families */
  multiplicity: number;
  /** the symmetry-distinct families that share this d for any cell of the system */
  parts: ReflectionPart[];
  /** [h^2, k^2, l^2, 2hk, 2hl, 2kl] of the representative: 1/d^2 = sum A_i q_i */
  q: Float64Array;
}

function canonicalKey(list: Hkl[]): string {
  let best = list[0];
  for (const v of list) {
    if (v[0] > best[0] || (v[0] === best[0] && (v[1] > best[1] || (v[1] === best[1] && v[2] > best[2])))) best = v;
  }
  return best.join(',');
}

/**
 * Limits on the reflection list, checked before it is built. The list walks every reciprocal-lattice point within
 * 1/dMin (about 2 us each, and a set entry each), so a cell far too large for the range (a CIF with a = 200 A)
 * took 30 s and a gigabyte before failing. The structures shipped here need at most 2 300 points to 179 deg at
 * Cu Ka (Al2O3, 64 reflections); the limits leave room for cells of 10^5 A^3 while keeping the walk to seconds.
 */
export const MAX_LATTICE_POINTS = 2_000_000;
export const MAX_REFLECTIONS = 100_000;

/**
 * Estimates the work of listReflections without doing it: the reciprocal-lattice points within 1/dMin number about
 * (4/3) pi V / dMin^3, and distinct reflections about that over the Laue group's order. `range` says in the error
 * which range was asked for (default: the d-spacing).
 */
export function checkReflectionCount(structure: CrystalStructure, dMinA: number, range = `d down to ${dMinA.toPrecision(4)} A`): void {
  const volume = cellVolume(structure.cell);
  const points = ((4 / 3) * Math.PI * volume) / dMinA ** 3;
  // a general hkl has as many equivalents as the Laue group has operations
  const order = equivalentReflections(structure.spaceGroup, 7, 3, 1).length;
  if (points > MAX_LATTICE_POINTS || points / order > MAX_REFLECTIONS) {
    const n = (x: number) => (x < 1e7 ? Number(x.toPrecision(2)).toLocaleString('en-US') : x.toExponential(1).replace('e+', 'e'));
    throw new InputError(
      `phase ${structure.name}: its cell of ${n(volume)} A^3 gives about ${n(points)} reciprocal-lattice points ` +
        `(${n(points / order)} distinct reflections) for ${range}; the limit is ${n(MAX_LATTICE_POINTS)} points and ` +
        `${n(MAX_REFLECTIONS)} reflections: check the cell in the CIF (lengths in A) or narrow the range`,
    );
  }
}

/** All reflections with d >= dMinA (A), sorted by decreasing d. */
export function listReflections(structure: CrystalStructure, dMinA: number): Reflection[] {
  checkReflectionCount(structure, dMinA);
  const { cell, spaceGroup } = structure;
  const A = reciprocalMetric(cell);
  const qMax = 1 / (dMinA * dMinA);
  const hMax = Math.floor(cell.a / dMinA) + 1;
  const kMax = Math.floor(cell.b / dMinA) + 1;
  const lMax = Math.floor(cell.c / dMinA) + 1;
  const seen = new Set<string>();
  const families: { hkl: Hkl; multiplicity: number; qv: number }[] = [];
  for (let h = -hMax; h <= hMax; h++) {
    for (let k = -kMax; k <= kMax; k++) {
      for (let l = -lMax; l <= lMax; l++) {
        if (h === 0 && k === 0 && l === 0) continue;
        const qv = inverseDSquared(A, h, k, l);
        if (qv > qMax * (1 + 1e-12)) continue;
        const key0 = `${h},${k},${l}`;
        if (seen.has(key0)) continue;
        const eq = equivalentReflections(spaceGroup, h, k, l);
        for (const e of eq) seen.add(e.join(','));
        if (isSystematicallyAbsent(spaceGroup, h, k, l)) continue;
        const rep = canonicalKey(eq).split(',').map(Number) as Hkl;
        families.push({ hkl: rep, multiplicity: eq.length, qv });
      }
    }
  }
  families.sort((x, y) => x.qv - y.qv || y.hkl[0] - x.hkl[0] || y.hkl[1] - x.hkl[1] || y.hkl[2] - x.hkl[2]);
  return mergeEqualD(structure, families);
}

/** Merge families whose 1/d^2 agree for the cell and for two distorted cells of the same system. */
function mergeEqualD(structure: CrystalStructure, families: { hkl: Hkl; multiplicity: number; qv: number }[]): Reflection[] {
  const param = cellParameterization(structure.cell, structure.spaceGroup.crystalSystem);
  const v0 = cellValues(structure.cell, param);
  const probes = [1, 2].map((t) =>
    reciprocalMetric(param.toCell(v0.map((v, i) => (param.names[i].length > 1 ? v + 0.37 * t * (i + 1) : v * (1 + 0.0131 * t * (i + 1)))))),
  );
  const sameForAnyCell = (x: Hkl, y: Hkl) =>
    probes.every((A) => {
      const a = inverseDSquared(A, ...x);
      return Math.abs(inverseDSquared(A, ...y) - a) <= 1e-9 * a;
    });
  const out: Reflection[] = [];
  let i = 0;
  while (i < families.length) {
    let j = i + 1;
    while (j < families.length && Math.abs(families[j].qv - families[i].qv) <= 1e-9 * families[i].qv) j++;
    // within a run of equal d, cluster the families whose d stays equal when the cell is distorted
    const clusters: (typeof families)[] = [];
    for (let k = i; k < j; k++) {
      const home = clusters.find((c) => sameForAnyCell(c[0].hkl, families[k].hkl));
      if (home) home.push(families[k]);
      else clusters.push([families[k]]);
    }
    for (const group of clusters) {
      out.push({
        hkl: group[0].hkl,
        multiplicity: group.reduce((s, f) => s + f.multiplicity, 0),
        parts: group.map((f) => ({ hkl: f.hkl, multiplicity: f.multiplicity })),
        q: Float64Array.from(hklProducts(...group[0].hkl)),
      });
    }
    i = j;
  }
  return out;
}
