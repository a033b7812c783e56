/**
 * Atom sites of a CIF data block (_atom_site_* loop, _atom_site_aniso_* loop, _atom_type_* loop).
 *
 * - element and charge from _atom_site_type_symbol ("Al3+", "O2-", "Si", "La0"); without a type
 *   symbol from the label, whose leading letters must be exactly an element symbol ("Si1", "Fe1a",
 *   "CL1"; "O2-" -> O with charge -2); "Wat" or "OW1" is refused, not guessed; when the type symbol
 *   carries no charge, _atom_type_oxidation_number of that type is used; the charge must be possible
 *   (./plausibility.ts);
 * - occupancy defaults to 1 and may not exceed 1 (+1e-3 for rounding), alone or summed over sites on
 *   one position; rows flagged _atom_site_calc_flag "dum" (dummy atoms) are skipped;
 * - bIso: from an _atom_site_aniso_* row (U, B or beta) the equivalent 8 pi^2 Ueq with
 *   Ueq = 1/3 sum_ij U^ij a*_i a*_j (a_i . a_j) (Fischer & Tillmanns, Acta Cryst. C44 (1988) 775);
 *   else 8 pi^2 U_iso_or_equiv, else B_iso_or_equiv; with none of these 0 and a warning; negative
 *   values and non-positive-definite tensors are refused;
 * - coordinates written with finite precision for 1/3, 2/3, 1/6, 5/6 (0.3333, 0.66667) are snapped
 *   to the exact fraction when within 1e-4, so that symmetry-equivalent positions coincide.
 */
import { elementSymbol } from '../../physics/elements/index.js';
import type { AtomSite, Cell, SpaceGroup, UAniso } from '../../crystal/types.js';
import { metricOf } from './cell.js';
import { isNull, type CifBlock, type CifValue } from './model.js';
import { parseCifNumber } from './numbers.js';
import { chargeProblem, checkSharedPositions, OCCUPANCY_TOLERANCE, uAnisoProblem } from './plausibility.js';

type Fail = (message: string, line: number) => never;
type Warn = (message: string, line: number) => void;

const EIGHT_PI2 = 8 * Math.PI * Math.PI;
/** Lowest isotropic B read (A^2): the refinement's own floor for a site's B with its overall B (src/rietveld/build.ts). */
export const MIN_B_ISO = -5;
const SNAP = [1 / 3, 2 / 3, 1 / 6, 5 / 6, -1 / 3, -2 / 3, -1 / 6, -5 / 6];

/** Snaps 0.3333-style coordinates to the exact thirds and sixths (within 1e-4). */
export function snapFraction(x: number): number {
  for (const f of SNAP) if (Math.abs(x - f) < 1e-4) return f;
  return x;
}

const textOf = (v: CifValue | undefined): string | undefined => (v === undefined || isNull(v) ? undefined : v.text.trim() || undefined);

/** Element and charge from a type symbol ("Al3+", "O2-", "Fe", "La0", "Si4"), or undefined when unknown. */
export function elementFromTypeSymbol(sym: string): { element: string; charge: number; explicitCharge: boolean } | undefined {
  const s = sym.trim();
  const explicitCharge = /[+-]\s*$/.test(s) || /^[A-Za-z]{1,2}[+-]\d*$/.test(s);
  try {
    const r = elementSymbol(s);
    if (r && typeof r.element === 'string' && Number.isFinite(r.charge)) return { element: r.element, charge: r.charge, explicitCharge };
  } catch {
    /* try the leading letters below */
  }
  const el = elementFromLeadingLetters(s);
  return el ? { element: el, charge: 0, explicitCharge: false } : undefined;
}

/** The element named by the first two letters of a label (or the first one): "Si1" -> Si, "Oxx" -> O. */
function elementFromLeadingLetters(s: string): string | undefined {
  const letters = /^[A-Za-z]+/.exec(s)?.[0];
  if (!letters) return undefined;
  for (const len of [2, 1]) {
    if (letters.length < len) continue;
    const cand = letters[0].toUpperCase() + letters.slice(1, len).toLowerCase();
    try {
      const r = elementSymbol(cand);
      if (r && typeof r.element === 'string') return r.element;
    } catch {
      /* next candidate */
    }
  }
  return undefined;
}

/**
 * Element and charge from a site label: "Si1" -> Si, "Ca2a" -> Ca, "O2-" -> O2- as a type symbol.
 * The letters before the first non-letter must be an element symbol (any case): "Wat" is not read
 * as W, nor "OW1" as O, because that would be a guess (undefined is returned).
 */
export function elementFromLabel(label: string): { element: string; charge: number } | undefined {
  const s = label.trim();
  const letters = /^[A-Za-z]*/.exec(s)![0];
  if (letters.length === 0 || letters.length > 2) return undefined;
  try {
    const r = elementSymbol(/^[A-Za-z]{1,2}\d*[+-]$/.test(s) ? s : letters);
    return { element: r.element, charge: r.charge };
  } catch {
    return undefined;
  }
}

/** Equivalent isotropic U (Fischer & Tillmanns 1988): 1/3 sum_ij U^ij a*_i a*_j (a_i . a_j). */
export function uEquivalent(u: UAniso, cell: Cell): number {
  const G = metricOf(cell);
  const inv = inverse3(G);
  const astar = [Math.sqrt(inv[0]), Math.sqrt(inv[4]), Math.sqrt(inv[8])];
  const U = [u.u11, u.u12, u.u13, u.u12, u.u22, u.u23, u.u13, u.u23, u.u33];
  let s = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += U[3 * i + j] * astar[i] * astar[j] * G[3 * i + j];
  return s / 3;
}

function inverse3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}

interface Column {
  values: CifValue[];
}

export function readAtoms(block: CifBlock, cell: Cell, sg: SpaceGroup, fail: Fail, warn: Warn): AtomSite[] {
  const xs = block.column('_atom_site_fract_x');
  if (!xs) {
    const cart = block.has('_atom_site_Cartn_x');
    fail(
      cart
        ? `data block "${block.name}" has only Cartesian atom coordinates (_atom_site_Cartn_x); fractional ones are needed`
        : `no atom sites (_atom_site_fract_x) in data block "${block.name}"`,
      block.lineOf('_atom_site_label') ?? block.lineOf('_atom_site_Cartn_x') ?? block.line,
    );
  }
  const loopInfo = block.loopOf('_atom_site_fract_x');
  const loopLine = loopInfo?.loop.line ?? block.lineOf('_atom_site_fract_x')!;
  const n = xs!.length;
  // a column of the atom-site loop (or a single value when the site is not looped)
  const col = (tag: string): Column | undefined => {
    const c = block.column(tag);
    if (!c) return undefined;
    if (c.length !== n) fail(`${tag} has ${c.length} values but there are ${n} atom sites`, block.lineOf(tag) ?? loopLine);
    return { values: c };
  };
  const label = col('_atom_site_label');
  const type = col('_atom_site_type_symbol');
  const y = col('_atom_site_fract_y');
  const z = col('_atom_site_fract_z');
  if (!y || !z) fail(`atom sites without ${!y ? '_atom_site_fract_y' : '_atom_site_fract_z'}`, loopLine);
  const occ = col('_atom_site_occupancy');
  const uiso = col('_atom_site_U_iso_or_equiv');
  const biso = col('_atom_site_B_iso_or_equiv');
  const adpType = col('_atom_site_adp_type') ?? col('_atom_site_thermal_displace_type');
  const calc = col('_atom_site_calc_flag');

  const oxidation = readOxidationNumbers(block, fail);
  const aniso = readAniso(block, cell, fail);

  const sites: AtomSite[] = [];
  const lines: number[] = [];
  const usedLabels = new Set<string>();
  for (let i = 0; i < n; i++) {
    const line = xs![i].line;
    if (calc && textOf(calc.values[i])?.toLowerCase() === 'dum') continue;
    const coord = (c: Column, axis: string): number => {
      const v = c.values[i];
      const num = parseCifNumber(v.text);
      if (!num || isNull(v)) fail(`non-numeric coordinate _atom_site_fract_${axis} "${v.text}"`, v.line);
      return snapFraction(num!.value);
    };
    const x = coord({ values: xs! }, 'x');
    const yy = coord(y!, 'y');
    const zz = coord(z!, 'z');
    const typeSymbol = type ? textOf(type.values[i]) : undefined;
    const lbl = (label ? textOf(label.values[i]) : undefined) ?? `${typeSymbol ?? 'X'}${i + 1}`;
    if (usedLabels.has(lbl)) warn(`atom site label "${lbl}" is used more than once`, line);
    usedLabels.add(lbl);

    let element: string;
    let charge: number;
    let typeOut: string;
    let ion: string; // how the charge was given, for the message
    const symbolLine = type?.values[i].line ?? label?.values[i].line ?? line;
    if (typeSymbol !== undefined) {
      const r = elementFromTypeSymbol(typeSymbol);
      if (!r) fail(`unknown element: type symbol "${typeSymbol}" of atom site "${lbl}"`, symbolLine);
      element = r!.element;
      charge = r!.charge;
      typeOut = typeSymbol;
      ion = `"${typeSymbol}"`;
      if (!r!.explicitCharge) {
        const ox = oxidation.get(typeSymbol) ?? oxidation.get(typeSymbol.toLowerCase());
        if (ox !== undefined) {
          charge = ox;
          ion = `"${typeSymbol}" (oxidation number ${ox > 0 ? '+' : ''}${ox})`;
        }
      }
    } else {
      const r = elementFromLabel(lbl);
      if (!r) {
        const letters = /^[A-Za-z]*/.exec(lbl)![0];
        fail(
          letters
            ? `unknown element: cannot tell the element of atom site "${lbl}": its leading letters "${letters}" are not an element symbol; add _atom_site_type_symbol`
            : `unknown element: cannot tell the element of atom site "${lbl}" (no _atom_site_type_symbol)`,
          symbolLine,
        );
      }
      element = r!.element;
      charge = r!.charge;
      typeOut = charge === 0 ? element : `${element}${Math.abs(charge)}${charge > 0 ? '+' : '-'}`;
      ion = `"${lbl}"`;
    }
    const bad = chargeProblem(element, charge);
    if (bad) fail(`impossible ion ${ion} of atom site "${lbl}": ${bad}`, symbolLine);

    let occupancy = 1;
    if (occ && !isNull(occ.values[i])) {
      const o = parseCifNumber(occ.values[i].text);
      if (!o || !(o.value >= 0)) fail(`occupancy "${occ.values[i].text}" of atom site "${lbl}" is not a non-negative number`, occ.values[i].line);
      occupancy = o!.value;
      if (occupancy > 1 + OCCUPANCY_TOLERANCE) {
        fail(`occupancy ${occupancy} of atom site "${lbl}" is above 1 (up to ${1 + OCCUPANCY_TOLERANCE} is accepted as rounding)`, occ.values[i].line);
      }
    }

    const site: AtomSite = { label: lbl, typeSymbol: typeOut, element, charge, x, y: yy, z: zz, occupancy, bIso: 0 };
    const an = aniso.get(lbl);
    const kind = adpType ? textOf(adpType.values[i])?.toLowerCase() : undefined;
    if (an && kind !== 'uiso' && kind !== 'biso') {
      const bad = uAnisoProblem(an.u, cell);
      if (bad) fail(`anisotropic displacement of atom site "${lbl}" is impossible: ${bad}`, an.line);
      site.uAniso = an.u;
      site.bIso = EIGHT_PI2 * uEquivalent(an.u, cell);
      an.used = true;
    } else {
      const num = (c: Column | undefined, tag: string) => {
        if (!c || isNull(c.values[i])) return undefined;
        const v = parseCifNumber(c.values[i].text);
        if (!v) fail(`displacement parameter "${c.values[i].text}" of atom site "${lbl}" is not a number`, c.values[i].line);
        // a negative mean-square displacement has no physical meaning and makes intensities grow with angle; a
        // refinement may still end slightly below zero (ours allows B down to MIN_B_ISO, and its refined CIFs must
        // read back), so such a value is read with a warning and anything lower refused
        const bValue = tag === '_atom_site_U_iso_or_equiv' ? EIGHT_PI2 * v!.value : v!.value;
        if (bValue < MIN_B_ISO) fail(`${tag} ${c.values[i].text} of atom site "${lbl}" is below the physical range (B from ${MIN_B_ISO} A^2 is read; 0 or more is physical)`, c.values[i].line);
        if (bValue < 0) warn(`${tag} ${c.values[i].text} of atom site "${lbl}" is negative: a mean-square displacement cannot be (a refinement that ends there usually absorbs roughness or absorption)`, c.values[i].line);
        return v!.value;
      };
      const u = num(uiso, '_atom_site_U_iso_or_equiv');
      const b = num(biso, '_atom_site_B_iso_or_equiv');
      if (u !== undefined) site.bIso = EIGHT_PI2 * u;
      else if (b !== undefined) site.bIso = b;
      else warn(`atom site "${lbl}" has no displacement parameter: B set to 0`, line);
    }
    if (![site.x, site.y, site.z, site.occupancy, site.bIso].every(Number.isFinite)) {
      fail(`atom site "${lbl}" has a value out of range`, line);
    }
    sites.push(site);
    lines.push(line);
  }
  for (const [lbl, a] of aniso) if (!a.used && !usedLabels.has(lbl)) warn(`_atom_site_aniso_label "${lbl}" matches no atom site`, a.line);
  if (sites.length === 0) fail(`no atom sites in data block "${block.name}"`, loopLine);
  checkSharedPositions(sites, lines, cell, sg.operators, fail);
  return sites;
}

/** _atom_type_symbol -> _atom_type_oxidation_number. */
function readOxidationNumbers(block: CifBlock, fail: Fail): Map<string, number> {
  const out = new Map<string, number>();
  const syms = block.column('_atom_type_symbol');
  const ox = block.column('_atom_type_oxidation_number');
  if (!syms || !ox || syms.length !== ox.length) return out;
  syms.forEach((s, i) => {
    if (isNull(s) || isNull(ox[i])) return;
    const v = parseCifNumber(ox[i].text);
    if (!v || !Number.isInteger(Math.round(v.value * 1e6) / 1e6)) fail(`oxidation number "${ox[i].text}" is not an integer`, ox[i].line);
    const key = s.text.trim();
    out.set(key, Math.round(v!.value));
    if (!out.has(key.toLowerCase())) out.set(key.toLowerCase(), Math.round(v!.value));
  });
  return out;
}

/** _atom_site_aniso_* rows by label, converted to U (A^2). Rows with a missing diagonal term are left out. */
function readAniso(block: CifBlock, cell: Cell, fail: Fail): Map<string, { u: UAniso; line: number; used?: boolean }> {
  const out = new Map<string, { u: UAniso; line: number; used?: boolean }>();
  const labels = block.column('_atom_site_aniso_label');
  if (!labels) return out;
  const G = metricOf(cell);
  const inv = inverse3(G);
  const astar = [Math.sqrt(inv[0]), Math.sqrt(inv[4]), Math.sqrt(inv[8])];
  const kinds: { prefix: string; toU: (v: number, i: number, j: number) => number }[] = [
    { prefix: '_atom_site_aniso_U_', toU: (v) => v },
    { prefix: '_atom_site_aniso_B_', toU: (v) => v / EIGHT_PI2 },
    // beta_ij = 2 pi^2 a*_i a*_j U_ij
    { prefix: '_atom_site_aniso_beta_', toU: (v, i, j) => v / (2 * Math.PI * Math.PI * astar[i] * astar[j]) },
  ];
  const kind = kinds.find((k) => block.has(`${k.prefix}11`));
  if (!kind) return out;
  const idx: [string, number, number][] = [
    ['11', 0, 0],
    ['22', 1, 1],
    ['33', 2, 2],
    ['12', 0, 1],
    ['13', 0, 2],
    ['23', 1, 2],
  ];
  const cols = idx.map(([s]) => {
    const c = block.column(`${kind.prefix}${s}`);
    if (c && c.length !== labels.length) fail(`${kind.prefix}${s} has ${c.length} values for ${labels.length} aniso labels`, block.lineOf(`${kind.prefix}${s}`)!);
    return c;
  });
  labels.forEach((l, r) => {
    if (isNull(l)) return;
    const vals: (number | undefined)[] = idx.map(([, i, j], k) => {
      const v = cols[k]?.[r];
      if (!v || isNull(v)) return undefined;
      const num = parseCifNumber(v.text);
      if (!num) fail(`anisotropic displacement "${v.text}" is not a number`, v.line);
      return kind.toU(num!.value, i, j);
    });
    if (vals[0] === undefined || vals[1] === undefined || vals[2] === undefined) return;
    const u: UAniso = { u11: vals[0]!, u22: vals[1]!, u33: vals[2]!, u12: vals[3] ?? 0, u13: vals[4] ?? 0, u23: vals[5] ?? 0 };
    out.set(l.text.trim(), { u, line: l.line });
  });
  return out;
}
