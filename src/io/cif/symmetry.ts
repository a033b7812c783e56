/**
 * The space group of a CIF data block. Order of preference:
 * 1. explicit operators (_space_group_symop_operation_xyz, else _symmetry_equiv_pos_as_xyz);
 * 2. the Hall symbol (_space_group_name_Hall, _symmetry_space_group_name_Hall);
 * 3. the H-M symbol (_space_group_name_H-M_alt, _symmetry_space_group_name_H-M), with the setting
 *    from _space_group_IT_coordinate_system_code (1, 2, H, R) or a trailing ":1", ":2", ":H", ":R"
 *    (also the COD forms "... S", "... Z", "R -3 c H");
 * 4. the IT number (_space_group_IT_number, _symmetry_Int_Tables_number), standard setting.
 * Operators are checked before they are handed on: integer rotation parts with determinant +-1
 * and finite order, and the list must be a group (identity included, closed under products modulo
 * lattice translations), so that a damaged list is refused instead of being completed into another group.
 */
import { formatSymmetryOperator, parseSymmetryOperator, resolveSpaceGroup } from '../../crystal/spacegroup/index.js';
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
    checkGroup(ops, values, line, fail);
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

/**
 * Numeric key of an operator modulo lattice translations: rotation entries (-2..2) as base-5 digits,
 * translations to 1/1000 of a cell edge (the parser snaps 0.3333 to 1/3, so fractions compare exactly).
 */
function opKey(r: ArrayLike<number>, t: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < 9; i++) k = k * 5 + r[i] + 2;
  for (let i = 0; i < 3; i++) k = k * 1000 + (((Math.round(t[i] * 1000) % 1000) + 1000) % 1000);
  return k;
}

/**
 * Fails unless the operators, modulo lattice translations, form a group: every product of two of them
 * is in the list (a finite closed set of invertible operators then also holds the identity and the
 * inverses). An incomplete or damaged list would otherwise be completed silently into another group
 * (x,y,z+1/3 in place of x,y,z generates a threefold supercell). The first operator with a product
 * outside the list is named.
 */
function checkGroup(ops: SymOp[], values: CifValue[], line: number, fail: Fail): void {
  if (ops.length > MAX_GROUP_ORDER) fail(`unknown space group: ${ops.length} symmetry operators (a space group has at most ${MAX_GROUP_ORDER} here)`, line);
  const keys = new Set(ops.map((o) => opKey(o.r, o.t)));
  const has = (r: ArrayLike<number>, t: ArrayLike<number>): boolean => {
    for (let i = 0; i < 9; i++) if (r[i] < -2 || r[i] > 2) return false; // no listed rotation, and would spoil the key
    return keys.has(opKey(r, t));
  };
  const r = new Array<number>(9);
  const t = new Array<number>(3);
  for (let a = 0; a < ops.length; a++)
    for (let b = 0; b < ops.length; b++) {
      // a after b: x -> Ra (Rb x + tb) + ta
      const A = ops[a];
      const B = ops[b];
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) r[3 * i + j] = A.r[3 * i] * B.r[j] + A.r[3 * i + 1] * B.r[3 + j] + A.r[3 * i + 2] * B.r[6 + j];
        t[i] = A.r[3 * i] * B.t[0] + A.r[3 * i + 1] * B.t[1] + A.r[3 * i + 2] * B.t[2] + A.t[i];
      }
      if (has(r, t)) continue;
      const identity = has([1, 0, 0, 0, 1, 0, 0, 0, 1], [0, 0, 0]) ? '' : '; the identity x,y,z is missing';
      const product = formatSymmetryOperator({ r: r.slice(), t: [t[0], t[1], t[2]] });
      fail(
        `unknown space group: the symmetry operators do not form a group: "${values[a].text}" (line ${values[a].line}) after "${values[b].text}" gives ${product}, which is not in the list${identity}`,
        line,
      );
    }
}
