/**
 * Element data for X-ray scattering: symbols, atomic numbers and weights, the atomic scattering
 * factor f0(s), the dispersion corrections f', f'' and the photoabsorption mass attenuation
 * coefficient, plus the tube anode emission lines. Sources and units: docs/data-sources.md.
 *
 *  - f0: Waasmaier & Kirfel, Acta Cryst. A51 (1995) 416 (data/waasmaier-kirfel.ts)
 *  - f', f'': Kissel, Radiat. Phys. Chem. 59 (2000) 185 (RTAB), 4-26 keV (data/kissel.ts), and
 *    Henke, Gullikson & Davis, At. Data Nucl. Data Tables 54 (1993) 181, CXRO files, 2-30 keV
 *    (data/henke.ts) outside that range or on request
 *  - atomic weights: IUPAC 2021 (data/iupac.ts)
 *  - anode lines: Hoelzer et al. 1997, Deslattes et al. 2003 (anode-lines.ts)
 */
import { bisectRight } from 'd3-array';
import { InputError } from '../../errors.js';
import { ATOMIC_WEIGHTS, SYMBOLS } from './data/iupac.js';
import { WAASMAIER_KIRFEL } from './data/waasmaier-kirfel.js';
import { HENKE } from './data/henke.js';
import { KISSEL } from './data/kissel.js';
import { HC_EV_A } from './anode-lines.js';

export { ANODE_LINES, ANODE_LINE_ENERGIES_EV, HC_EV_A } from './anode-lines.js';
export type { AnodeLines, AnodeName } from './anode-lines.js';

/** Classical electron radius r_e in cm (CODATA 2018). */
const R_E_CM = 2.8179403262e-13;
/** Avogadro constant, 1/mol (exact). */
const N_A = 6.02214076e23;

const Z_OF = new Map<string, number>();
SYMBOLS.forEach((s, i) => Z_OF.set(s.toLowerCase(), i + 1));

/**
 * Splits a type symbol such as "Fe", "FE", "Al3+", "O2-", "Si0+", "Cl1-", "Na+", "Fe+2" into its
 * element (canonical capitalisation) and formal charge. "D" (deuterium) is read as H.
 * Throws InputError "unknown element 'Xx'" when the letters are not an element symbol (e.g. "Oh",
 * "Xx", "Cval") and "invalid charge ..." when the suffix is not a charge.
 */
export function elementSymbol(typeSymbol: string): { element: string; charge: number } {
  const t = typeSymbol.trim();
  const m = /^([A-Za-z]+)(.*)$/.exec(t);
  if (!m) throw new InputError(`unknown element '${t}'`);
  const letters = m[1];
  const rest = m[2];
  let z = Z_OF.get(letters.toLowerCase());
  if (z === undefined && letters.toLowerCase() === 'd') z = 1; // deuterium
  if (z === undefined) throw new InputError(`unknown element '${letters}'`);
  let charge = 0;
  if (rest !== '') {
    const c = /^(\d*)([+-])$/.exec(rest) ?? /^([+-])(\d*)$/.exec(rest);
    if (!c) throw new InputError(`invalid charge '${rest}' in type symbol '${t}'`);
    const [digits, sign] = c[1] === '+' || c[1] === '-' ? [c[2], c[1]] : [c[1], c[2]];
    const n = digits === '' ? 1 : Number(digits);
    charge = n === 0 ? 0 : sign === '-' ? -n : n;
  }
  return { element: SYMBOLS[z - 1], charge };
}

/** Atomic number Z of an element symbol (a type symbol such as "Fe3+" is accepted too). */
export function atomicNumber(element: string): number {
  return Z_OF.get(elementSymbol(element).element.toLowerCase())!;
}

/** Standard atomic weight in u (IUPAC 2021, conventional values for interval elements), Z <= 98. */
export function atomicMass(element: string): number {
  const z = atomicNumber(element);
  const m = ATOMIC_WEIGHTS[z - 1];
  if (m === undefined) throw new InputError(`no atomic weight for '${SYMBOLS[z - 1]}' (tabulated for Z = 1..98)`);
  return m;
}

/** Key of the Waasmaier-Kirfel fit used for a type symbol: the ion when fitted, else the neutral atom. */
function f0Key(typeSymbol: string): string {
  const { element, charge } = elementSymbol(typeSymbol);
  if (charge !== 0) {
    const ion = `${element}${Math.abs(charge)}${charge > 0 ? '+' : '-'}`;
    if (ion in WAASMAIER_KIRFEL) return ion;
  }
  if (!(element in WAASMAIER_KIRFEL)) {
    throw new InputError(`no X-ray scattering factor for '${element}' (tabulated for Z = 1..98)`);
  }
  return element;
}

/**
 * The Waasmaier-Kirfel fit used for a type symbol: f0(s) = c + sum a_i exp(-b_i s^2),
 * a_i and c in electrons, b_i in A^2. Ions use their own fit when the table has one
 * (e.g. "Fe3+", "O2-"), otherwise the neutral atom's.
 */
export function f0Coefficients(typeSymbol: string): { a: number[]; b: number[]; c: number } {
  const [a, b, c] = WAASMAIER_KIRFEL[f0Key(typeSymbol)];
  return { a: [...a], b: [...b], c };
}

/** Type symbols that have their own Waasmaier-Kirfel fit ("H", "H1-", "He", ..., "Cf"). */
export function f0TypeSymbols(): string[] {
  return Object.keys(WAASMAIER_KIRFEL);
}

/** Atomic scattering factor f0 in electrons at s = sin(theta)/lambda (1/A), 0 <= s <= 6. */
export function f0(typeSymbol: string, s: number): number {
  const [a, b, c] = WAASMAIER_KIRFEL[f0Key(typeSymbol)];
  const s2 = s * s;
  let f = c;
  for (let i = 0; i < 5; i++) f += a[i] * Math.exp(-b[i] * s2);
  return f;
}

/** Photon energy range of the f', f'' tables, eV. */
export const ANOMALOUS_ENERGY_RANGE_EV: readonly [number, number] = [2000, 30000];

/** Two Henke points closer than this (eV) straddle an absorption edge (the tables put them 0.2 eV apart). */
const EDGE_GAP_EV = 0.25;

/** Largest i with es[i] <= e in an increasing table (0 when e is below the first entry). */
function lastAtOrBelow(es: readonly number[], e: number): number {
  return Math.max(bisectRight(es, e) - 1, 0);
}

/**
 * Henke f1, f2 at energy e (eV): f2 log-log (as Henke/CXRO recommend), f1 linear in E (in
 * ln|E - E_edge| in a grid interval next to an edge), never across an absorption edge.
 */
function henke(z: number, e: number): { f1: number; f2: number } {
  const [es, f1s, f2s] = HENKE[z - 1];
  const n = es.length;
  if (!(e >= ANOMALOUS_ENERGY_RANGE_EV[0] && e <= es[n - 1])) {
    const lo = HC_EV_A / es[n - 1];
    const hi = HC_EV_A / ANOMALOUS_ENERGY_RANGE_EV[0];
    throw new InputError(
      `wavelength ${(HC_EV_A / e).toPrecision(5)} A is outside the dispersion tables (${lo.toFixed(3)}-${hi.toFixed(2)} A)`,
    );
  }
  const i = lastAtOrBelow(es, e);
  const j = Math.min(i + 1, n - 1);
  if (i === j || e === es[i]) return { f1: f1s[i], f2: f2s[i] };
  const e0 = es[i];
  const e1 = es[j];
  // Points k, k+1 straddle an edge when 0.2 eV apart (the last pair, 29999.9 / 30000 eV in the Be
  // table, is only the end of the grid).
  const edgeAfter = (k: number) => k >= 0 && k + 2 < n && es[k + 1] - es[k] < EDGE_GAP_EV;
  if (edgeAfter(i)) {
    // The pair straddles an edge (E_edge -/+ 0.1 eV): take the side the energy is on.
    const k = e < 0.5 * (e0 + e1) ? i : j;
    return { f1: f1s[k], f2: f2s[k] };
  }
  const t = (e - e0) / (e1 - e0);
  // f1 is linear in E, except in an interval that ends or starts at an absorption edge E_edge:
  // there f1 follows the Kramers-Kronig form of a step in f2, a + b ln|E - E_edge|, and is
  // interpolated linearly in ln|E - E_edge| (linear in E would put the edge dip far too wide).
  const below = edgeAfter(j); // edge just above e1
  const above = edgeAfter(i - 1); // edge just below e0
  let tf1 = t;
  if (below !== above) {
    const edge = below ? 0.5 * (es[j] + es[j + 1]) : 0.5 * (es[i - 1] + es[i]);
    const d0 = Math.log(Math.abs(e0 - edge));
    tf1 = (Math.log(Math.abs(e - edge)) - d0) / (Math.log(Math.abs(e1 - edge)) - d0);
  }
  const f1 = f1s[i] + tf1 * (f1s[j] - f1s[i]);
  let f2: number;
  if (f2s[i] > 0 && f2s[j] > 0) {
    const tl = Math.log(e / e0) / Math.log(e1 / e0);
    f2 = Math.exp(Math.log(f2s[i]) + tl * (Math.log(f2s[j]) - Math.log(f2s[i])));
  } else {
    f2 = f2s[i] + t * (f2s[j] - f2s[i]);
  }
  return { f1, f2 };
}

function henkeZ(element: string): number {
  const z = atomicNumber(element);
  if (z > HENKE.length) {
    throw new InputError(`no dispersion data for '${SYMBOLS[z - 1]}' (Henke tables cover Z = 1..92)`);
  }
  return z;
}

function checkLambda(lambdaA: number): void {
  if (!(lambdaA > 0) || !Number.isFinite(lambdaA)) throw new InputError(`invalid wavelength ${lambdaA} A`);
}

/** Which dispersion table: Kissel's RTAB S-matrix values (default) or Henke/CXRO. */
export type DispersionTable = 'kissel' | 'henke';

/** Kissel f', f'' at energy e (eV), linear in E (as the table is meant to be read); null outside 4-26 keV. */
function kissel(z: number, e: number): { fp: number; fpp: number } | null {
  const [es, fps, fpps] = KISSEL[z - 1];
  const n = es.length;
  if (!(e >= es[0] && e <= es[n - 1])) return null;
  const lo = lastAtOrBelow(es, e);
  const hi = Math.min(lo + 1, n - 1);
  const t = es[hi] > es[lo] ? (e - es[lo]) / (es[hi] - es[lo]) : 0;
  return { fp: fps[lo] + t * (fps[hi] - fps[lo]), fpp: fpps[lo] + t * (fpps[hi] - fpps[lo]) };
}

/**
 * Dispersion corrections f' and f'' (electrons) of a neutral atom at wavelength lambdaA (A).
 * Default table: Kissel (RTAB relativistic S-matrix, Radiat. Phys. Chem. 59 (2000) 185), 0.48-3.1 A
 * (4-26 keV), read linearly in E; outside that range, or with table = 'henke', the Henke/CXRO tables:
 * f' = f1 - Z, f'' = f2 (f' includes Henke's relativistic term -(Z/82.5)^2.37), f'' interpolated log-log
 * and f' linearly in E (in ln|E - E_edge| next to an edge), never across an edge; 0.413-6.2 A. Z = 1..92.
 * Near absorption edges the two tables differ by up to a few tenths of an electron (Ni at Cu Ka1:
 * Kissel -3.12, Henke -2.99): the refinement uses Kissel's, the more complete theory there.
 */
export function anomalous(element: string, lambdaA: number, table: DispersionTable = 'kissel'): { fp: number; fpp: number } {
  checkLambda(lambdaA);
  const z = henkeZ(element);
  if (table === 'kissel') {
    const k = kissel(z, HC_EV_A / lambdaA);
    if (k) return k;
  }
  const { f1, f2 } = henke(z, HC_EV_A / lambdaA);
  return { fp: f1 - z, fpp: f2 };
}

/**
 * Photoabsorption mass attenuation coefficient mu/rho in cm^2/g at wavelength lambdaA (A),
 * from f'': mu/rho = 2 r_e lambda f'' N_A / M. Photoabsorption only: coherent and incoherent
 * scattering are not included (they add a few per cent for light elements at Cu Ka).
 */
export function massAttenuation(element: string, lambdaA: number, table: DispersionTable = 'kissel'): number {
  const { fpp } = anomalous(element, lambdaA, table);
  return (2 * R_E_CM * lambdaA * 1e-8 * fpp * N_A) / atomicMass(element);
}
