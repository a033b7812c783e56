/**
 * The space group of a CIF data block. Order of preference:
 * 1. explicit operators (_space_group_symop_operation_xyz, else _symmetry_equiv_pos_as_xyz);
 * 2. the Hall symbol (_space_group_name_Hall, _symmetry_space_group_name_Hall);
 * 3. the H-M symbol (_space_group_name_H-M_alt, _symmetry_space_group_name_H-M), with the setting
 *    from _space_group_IT_coordinate_system_code (1, 2, H, R) or a trailing ":1", ":2", ":H", ":R"
 *    (also the COD forms "... S", "... Z", "R -3 c H");
 * 4. the IT number (_space_group_IT_number, _symmetry_Int_Tables_number), standard setting.
 * Operators are checked before they are handed on: integer rotation parts with determinant +-1
 * and finite order, and a finite closure (so a damaged file cannot make group generation loop).
 */
import { parseSymmetryOperator, resolveSpaceGroup } from '../../crystal/spacegroup/index.js';
import type { SpaceGroup, SymOp } from '../../crystal/types.js';
import { isNull, type CifBlock, type CifValue } from './model.js';
import { parseCifNumber } from './numbers.js';

export const OPERATOR_TAGS = ['_space_group_symop_operation_xyz', '_symmetry_equiv_pos_as_xyz'];
export const HALL_TAGS = ['_space_group_name_Hall', '_symmetry_space_group_name_Hall'];
export const HM_TAGS = ['_space_group_name_H-M_alt', '_symmetry_space_group_name_H-M', '_space_group_name_H-M_ref'];
export const NUMBER_TAGS = ['_space_group_IT_number', '_symmetry_Int_Tables_number'];
const CODE_TAG = '_space_group_IT_coordinate_system_code';

/** Largest closure accepted from explicit operators (F m -3 m has 192; leaves room for supercells). */
const MAX_GROUP_ORDER = 1536;

export interface SymmetryResult {
  spaceGroup: SpaceGroup;
  /** Line of the tag the group came from. */
  line: number;
  /** What the group was read from, e.g. 'operators' or 'H-M symbol "F d -3 m :2"'. */
  from: string;
  warnings: { message: string; line: number }[];
}

type Fail = (message: string, line: number) => never;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Normalises the setting suffix of an H-M symbol: "F d -3 m S" -> "F d -3 m :1", "R -3 c H" -> "R -3 c :H". */
export function normaliseHm(hm: string, code?: string): string {
  let s = hm.trim().replace(/\s+/g, ' ');
  const colon = /^(.*?)\s*:\s*(\S+)$/.exec(s);
  if (colon) {
    const suffix = /^[12hr]$/i.test(colon[2]) ? colon[2].toUpperCase() : colon[2];
    return `${colon[1]} :${suffix}`;
  }
  const letter = /^(.*\S) ([SZHR])$/i.exec(s);
  if (letter) {
    const l = letter[2].toUpperCase();
    if (l === 'S') return `${letter[1]} :1`;
    if (l === 'Z') return `${letter[1]} :2`;
    if (/^R/i.test(letter[1])) return `${letter[1]} :${l}`;
  }
  if (code !== undefined) {
    const c = code.trim().toUpperCase();
    if (c === '1' || c === '2' || c === 'H' || c === 'R') s = `${s} :${c}`;
  }
  return s;
}

const textOf = (v: CifValue | undefined): string | undefined => (v === undefined || isNull(v) ? undefined : v.text.trim() || undefined);

export function readSpaceGroup(block: CifBlock, fail: Fail): SymmetryResult {
  const warnings: { message: string; line: number }[] = [];
  const hallTag = HALL_TAGS.find((t) => textOf(block.value(t)) !== undefined);
  const hmTag = HM_TAGS.find((t) => textOf(block.value(t)) !== undefined);
  const numberTag = NUMBER_TAGS.find((t) => textOf(block.value(t)) !== undefined);
  const hall = hallTag ? textOf(block.value(hallTag)) : undefined;
  const code = textOf(block.value(CODE_TAG));
  const hmRaw = hmTag ? textOf(block.value(hmTag)) : undefined;
  const hm = hmRaw !== undefined ? normaliseHm(hmRaw, code) : undefined;
  let number: number | undefined;
  if (numberTag) {
    const n = parseCifNumber(textOf(block.value(numberTag))!);
    if (!n || !Number.isInteger(n.value) || n.value < 1 || n.value > 230) {
      fail(`space group number "${textOf(block.value(numberTag))}" is not an integer 1-230`, block.lineOf(numberTag)!);
    }
    number = n!.value;
  }

  const opTag = OPERATOR_TAGS.find((t) => block.column(t)?.some((v) => !isNull(v)));
  if (opTag) {
    const values = block.column(opTag)!.filter((v) => !isNull(v));
    const line = block.lineOf(opTag)!;
    const ops: SymOp[] = [];
    const strings: string[] = [];
    for (const v of values) {
      let op: SymOp;
      try {
        op = parseSymmetryOperator(v.text);
      } catch (e) {
        return fail(`bad symmetry operator "${v.text}": ${message(e)}`, v.line);
      }
      checkOperator(op, v, fail);
      ops.push(op);
      strings.push(v.text);
    }
    checkClosure(ops, line, fail);
    const spec = { operators: strings, hall, hm, number };
    try {
      const spaceGroup = resolveSpaceGroup(spec);
      checkNamesAgainst(spaceGroup, { hall, hm, number }, line, warnings);
      return { spaceGroup, line, from: 'symmetry operators', warnings };
    } catch (first) {
      try {
        const sg = resolveSpaceGroup({ operators: strings });
        const named = [hall && `Hall "${hall}"`, hm && `H-M "${hm}"`, number && `number ${number}`].filter(Boolean).join(', ');
        warnings.push({ message: `space group symbol (${named}) not used: ${message(first)}; the operators were used`, line });
        return { spaceGroup: sg, line, from: 'symmetry operators', warnings };
      } catch (e) {
        return fail(`unknown space group: the ${values.length} symmetry operators do not form a space group (${message(e)})`, line);
      }
    }
  }

  const attempts: { spec: Parameters<typeof resolveSpaceGroup>[0]; what: string; tag: string }[] = [];
  if (hall !== undefined) attempts.push({ spec: { hall }, what: `Hall symbol "${hall}"`, tag: hallTag! });
  if (hm !== undefined) attempts.push({ spec: { hm }, what: `H-M symbol "${hm}"`, tag: hmTag! });
  if (hm === undefined && hall === undefined && number !== undefined) {
    attempts.push({ spec: { number }, what: `space group number ${number}`, tag: numberTag! });
  }
  if (attempts.length === 0) {
    return fail(
      `no space group in data block "${block.name}": give symmetry operators (_space_group_symop_operation_xyz), a Hall or H-M symbol, or _space_group_IT_number`,
      block.line,
    );
  }
  const errors: string[] = [];
  for (const a of attempts) {
    try {
      const spaceGroup = resolveSpaceGroup(a.spec);
      for (let i = 0; i < errors.length; i++) warnings.push({ message: `${errors[i]}; used the ${a.what}`, line: block.lineOf(attempts[i].tag)! });
      if (number !== undefined && spaceGroup.number !== 0 && spaceGroup.number !== number) {
        warnings.push({ message: `${a.what} is number ${spaceGroup.number}, the file says ${number}`, line: block.lineOf(numberTag!)! });
      }
      return { spaceGroup, line: block.lineOf(a.tag)!, from: a.what, warnings };
    } catch (e) {
      errors.push(`unknown space group ${a.what} (${message(e)})`);
    }
  }
  return fail(errors.join('; '), block.lineOf(attempts[0].tag)!);
}

/** Warns when a symbol or number given next to the operators names another group (the operators are used). */
function checkNamesAgainst(
  sg: SpaceGroup,
  names: { hall?: string; hm?: string; number?: number },
  line: number,
  warnings: { message: string; line: number }[],
): void {
  if (sg.number === 0) return;
  const given: [string, Parameters<typeof resolveSpaceGroup>[0]][] = [];
  if (names.hall !== undefined) given.push([`Hall symbol "${names.hall}"`, { hall: names.hall }]);
  if (names.hm !== undefined) given.push([`H-M symbol "${names.hm}"`, { hm: names.hm }]);
  if (names.number !== undefined) given.push([`number ${names.number}`, { number: names.number }]);
  for (const [what, spec] of given) {
    let other: SpaceGroup;
    try {
      other = resolveSpaceGroup(spec);
    } catch (e) {
      warnings.push({ message: `space group ${what} not used: ${message(e)}; the symmetry operators were used`, line });
      continue;
    }
    if (other.number !== sg.number) {
      warnings.push({ message: `space group ${what} (number ${other.number}) not used: the symmetry operators form group ${sg.number}`, line });
    }
  }
}

function checkOperator(op: SymOp, v: CifValue, fail: Fail): void {
  const r = op.r;
  const bad = (why: string): never => fail(`bad symmetry operator "${v.text}": ${why}`, v.line);
  if (!Array.isArray(r) && !(r && typeof r.length === 'number')) bad('no rotation part');
  if (r.length !== 9 || !r.every((x) => Number.isInteger(x) && Math.abs(x) <= 2)) bad('rotation part is not a small integer matrix');
  if (op.t.length !== 3 || !op.t.every((x) => Number.isFinite(x))) bad('translation is not finite');
  const det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
  if (det !== 1 && det !== -1) bad(`determinant ${det} (must be +1 or -1)`);
  let p = r.slice();
  for (let k = 1; k <= 6; k++) {
    if (p.every((x, i) => x === (i % 4 === 0 ? 1 : 0))) return;
    p = mul3(p, r);
  }
  bad('rotation part is not of order 1, 2, 3, 4 or 6');
}

function mul3(a: readonly number[], b: readonly number[]): number[] {
  const c = new Array<number>(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
  return c;
}

const frac = (x: number): number => {
  const f = x - Math.floor(x);
  return f > 1 - 1e-6 ? 0 : f;
};

/** Numeric key of an operator: rotation entries (-2..2) in base 5, translations to 1/1000 of a cell edge. */
function numericKey(r: ArrayLike<number>, t0: number, t1: number, t2: number): number {
  let k = 0;
  for (let i = 0; i < 9; i++) k = k * 5 + (r[i] + 2);
  const q0 = Math.round((t0 - Math.floor(t0)) * 1000) % 1000;
  const q1 = Math.round((t1 - Math.floor(t1)) * 1000) % 1000;
  const q2 = Math.round((t2 - Math.floor(t2)) * 1000) % 1000;
  return k * 1e9 + q0 * 1e6 + q1 * 1e3 + q2;
}

/**
 * Fails when the operators generate more than MAX_GROUP_ORDER distinct operators (modulo lattice
 * translations). A complete operator list costs one key look-up per pair of operators.
 */
function checkClosure(ops: SymOp[], line: number, fail: Fail): void {
  const seen = new Set<number>();
  const elems: { r: Int32Array; t: Float64Array }[] = [];
  const add = (r: Int32Array, t: Float64Array, key: number): void => {
    seen.add(key);
    elems.push({ r, t });
    if (seen.size > MAX_GROUP_ORDER) {
      fail(`unknown space group: the symmetry operators generate more than ${MAX_GROUP_ORDER} operators (not a space group)`, line);
    }
  };
  for (const o of ops) {
    const key = numericKey(o.r, o.t[0], o.t[1], o.t[2]);
    if (!seen.has(key)) add(Int32Array.from(o.r), Float64Array.from(o.t, frac), key);
  }
  const gens = elems.slice();
  const r = new Int32Array(9);
  for (let n = 0; n < elems.length; n++) {
    const a = elems[n];
    for (const g of gens) {
      // a * g : x -> Ra (Rg x + tg) + ta
      let outside = false;
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) {
          const v = a.r[3 * i] * g.r[j] + a.r[3 * i + 1] * g.r[3 + j] + a.r[3 * i + 2] * g.r[6 + j];
          r[3 * i + j] = v;
          if (v < -2 || v > 2) outside = true;
        }
      const t0 = a.r[0] * g.t[0] + a.r[1] * g.t[1] + a.r[2] * g.t[2] + a.t[0];
      const t1 = a.r[3] * g.t[0] + a.r[4] * g.t[1] + a.r[5] * g.t[2] + a.t[1];
      const t2 = a.r[6] * g.t[0] + a.r[7] * g.t[1] + a.r[8] * g.t[2] + a.t[2];
      if (outside) {
        fail('unknown space group: products of the symmetry operators leave the integer matrices of a lattice (not a space group)', line);
      }
      const key = numericKey(r, t0, t1, t2);
      if (!seen.has(key)) add(Int32Array.from(r), Float64Array.of(frac(t0), frac(t1), frac(t2)), key);
    }
  }
}
