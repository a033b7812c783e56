/**
 * Physical checks on atom sites that the CIF syntax cannot express. Each returns a message (or fails)
 * instead of letting a value that no crystal can have reach the structure factors:
 * - occupancy: at most 1 per site, and sites on one position (after symmetry) share at most 1;
 * - charge: within what any element carries in a solid;
 * - anisotropic displacement: a positive semi-definite U (no negative mean-square displacement).
 * The tolerances are for values printed with few decimals, not for doubtful physics.
 */
import { atomicNumber } from '../../physics/elements/index.js';
import type { AtomSite, Cell, SymOp, UAniso } from '../../crystal/types.js';
import { metricOf } from './cell.js';

type Fail = (message: string, line: number) => never;

/** Occupancies up to 1 + this are accepted: refinement programs print 1.0004 for a full site. */
export const OCCUPANCY_TOLERANCE = 1e-3;
/** Sites closer than this (A), after symmetry and lattice translations, are on one position. */
export const SAME_POSITION_A = 0.01;
/**
 * Formal charges accepted: -5 (B, Ga, In, Tl in Zintl phases) to +8 (Ru, Os, Xe in RuO4, OsO4, XeO4);
 * +9 (Ir) is known only in a gas-phase ion. A cation cannot lose more electrons than it has.
 */
export const MIN_CHARGE = -5;
export const MAX_CHARGE = 8;
/** Smallest principal mean-square displacement accepted (A^2): U printed to 4 decimals can round to -1e-4. */
export const U_TOLERANCE = 1e-4;

/** Why a charge is impossible for the element, or undefined when it is fine. */
export function chargeProblem(element: string, charge: number): string | undefined {
  if (charge < MIN_CHARGE || charge > MAX_CHARGE) return `charge ${signed(charge)} is outside ${MIN_CHARGE}..+${MAX_CHARGE}, the range any element carries`;
  const z = atomicNumber(element);
  if (charge > z) return `charge ${signed(charge)} is more than the ${z} electrons of ${element}`;
  return undefined;
}

const signed = (q: number): string => (q > 0 ? `+${q}` : String(q));

/**
 * Why an anisotropic U (CIF convention, A^2) is impossible, or undefined: the Cartesian tensor must
 * have no principal value below -U_TOLERANCE. Tested by Sylvester's criterion on U_cart + tol I.
 */
export function uAnisoProblem(u: UAniso, cell: Cell): string | undefined {
  const m = cartesianOfCif(cell);
  const U = [u.u11, u.u12, u.u13, u.u12, u.u22, u.u23, u.u13, u.u23, u.u33];
  // Uc = M U M^T
  const c = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) c[3 * i + j] += m[3 * i + k] * U[3 * k + l] * m[3 * j + l];
  const ueq = (c[0] + c[4] + c[8]) / 3;
  if (ueq < 0) return `its equivalent isotropic U (${ueq.toPrecision(3)} A^2) is negative`;
  for (const d of [0, 4, 8]) c[d] += U_TOLERANCE;
  const m2 = c[0] * c[4] - c[1] * c[3];
  const det = c[0] * (c[4] * c[8] - c[5] * c[7]) - c[1] * (c[3] * c[8] - c[5] * c[6]) + c[2] * (c[3] * c[7] - c[4] * c[6]);
  if (!(c[0] > 0 && m2 > 0 && det > 0)) return 'the tensor is not positive definite (a negative mean-square displacement along some direction)';
  return undefined;
}

/**
 * Matrix taking the CIF U^ij (on the unit vectors along a*, b*, c*) to Cartesian axes:
 * Uc = (A N) U (A N)^T with A the direct basis (a along x, b in the xy plane) and N = diag(a*, b*, c*).
 */
function cartesianOfCif(cell: Cell): number[] {
  const d = Math.PI / 180;
  const [ca, cb, cg, sg] = [Math.cos(cell.alpha * d), Math.cos(cell.beta * d), Math.cos(cell.gamma * d), Math.sin(cell.gamma * d)];
  const v = cell.a * cell.b * cell.c * Math.sqrt(1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg);
  const A = [cell.a, cell.b * cg, cell.c * cb, 0, cell.b * sg, (cell.c * (ca - cb * cg)) / sg, 0, 0, v / (cell.a * cell.b * sg)];
  const astar = [(cell.b * cell.c * Math.sin(cell.alpha * d)) / v, (cell.a * cell.c * Math.sin(cell.beta * d)) / v, (cell.a * cell.b * sg) / v];
  return A.map((x, k) => x * astar[k % 3]);
}

/**
 * Fails when sites on one position (any symmetry image within SAME_POSITION_A, across cell edges) have
 * occupancies summing to more than 1 + OCCUPANCY_TOLERANCE. Mixed sites (Fe 0.6 + Al 0.4) pass.
 * lines[i] is the line of site i.
 */
export function checkSharedPositions(sites: AtomSite[], lines: number[], cell: Cell, ops: readonly SymOp[], fail: Fail): void {
  const G = metricOf(cell);
  const limit2 = SAME_POSITION_A * SAME_POSITION_A;
  const parent = sites.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  const near = (a: AtomSite, b: AtomSite): boolean => {
    for (const op of ops) {
      const r = op.r;
      const v = [
        r[0] * b.x + r[1] * b.y + r[2] * b.z + op.t[0] - a.x,
        r[3] * b.x + r[4] * b.y + r[5] * b.z + op.t[1] - a.y,
        r[6] * b.x + r[7] * b.y + r[8] * b.z + op.t[2] - a.z,
      ].map((x) => x - Math.round(x));
      let q = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) q += v[i] * G[3 * i + j] * v[j];
      if (q < limit2) return true;
    }
    return false;
  };
  for (let j = 1; j < sites.length; j++) for (let i = 0; i < j; i++) if (root(i) !== root(j) && near(sites[i], sites[j])) parent[root(j)] = root(i);
  const groups = new Map<number, number[]>();
  sites.forEach((_, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), i]));
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const sum = members.reduce((s, i) => s + sites[i].occupancy, 0);
    if (sum <= 1 + OCCUPANCY_TOLERANCE) continue;
    const names = members.map((i) => `"${sites[i].label}" (line ${lines[i]}, occupancy ${sites[i].occupancy})`).join(', ');
    fail(
      `atom sites ${names} are on the same position (within ${SAME_POSITION_A} A after symmetry) and their occupancies sum to ${+sum.toFixed(6)}, more than 1 (+${OCCUPANCY_TOLERANCE} for rounding)`,
      lines[members[members.length - 1]],
    );
  }
}
