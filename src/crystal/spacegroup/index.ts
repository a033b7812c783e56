/**
 * Space groups: all 230, in the 530 settings of International Tables, from a Hall symbol, an H-M
 * symbol, a number (+ setting) or explicit operators; systematic absences, equivalent reflections,
 * Laue class. Groups are generated from Hall symbols and cached: the returned SpaceGroup objects are
 * shared and frozen.
 */
import type { SpaceGroup, SymOp } from '../types.js';
import { crystalSystemFromNumber, crystalSystemFromOperators, isCentrosymmetric, laueClassOf } from './classify.js';
import { closeGroup, groupKey } from './group.js';
import { hallGenerators, normaliseHall } from './hall.js';
import { findByHall, findByHM, findByNumber, SETTINGS } from './lookup.js';
import { parseSymmetryOperator } from './symop.js';

export { formatSymmetryOperator, parseSymmetryOperator } from './symop.js';
export { equivalentReflections, isSystematicallyAbsent } from './reflections.js';
export { spaceGroupLabel } from './label.js';

function freeze(sg: SpaceGroup): SpaceGroup {
  for (const op of sg.operators) {
    Object.freeze(op.r);
    Object.freeze(op.t);
    Object.freeze(op);
  }
  Object.freeze(sg.operators);
  return Object.freeze(sg);
}

function assemble(operators: SymOp[], number: number, symbol: string, hall: string): SpaceGroup {
  return freeze({
    number,
    symbol,
    hall,
    crystalSystem: number > 0 ? crystalSystemFromNumber(number) : crystalSystemFromOperators(operators),
    operators,
    centrosymmetric: isCentrosymmetric(operators),
  });
}

const bySetting = new Map<number, SpaceGroup>();

function fromSetting(index: number): SpaceGroup {
  let sg = bySetting.get(index);
  if (!sg) {
    const s = SETTINGS[index];
    sg = assemble(closeGroup(hallGenerators(s.hall)), s.number, s.symbol, s.hall);
    bySetting.set(index, sg);
  }
  return sg;
}

let byGroupKey: Map<string, number> | undefined;

/** Table setting with exactly these operators (generated once for all 530 settings on first use). */
function identify(ops: readonly SymOp[]): number | undefined {
  if (!byGroupKey) {
    byGroupKey = new Map();
    for (const s of SETTINGS) {
      const key = groupKey(fromSetting(s.index).operators);
      if (!byGroupKey.has(key)) byGroupKey.set(key, s.index);
    }
  }
  return byGroupKey.get(groupKey(ops));
}

const byHallCache = new Map<string, SpaceGroup>();

/** Generates the group of a Hall symbol, e.g. "-F 4vw 2vw 3"; identified with its table setting where possible. */
export function spaceGroupFromHall(hall: string): SpaceGroup {
  const key = normaliseHall(hall);
  let sg = byHallCache.get(key);
  if (sg) return sg;
  const index = findByHall(key);
  if (index !== undefined) sg = fromSetting(index);
  else {
    const ops = closeGroup(hallGenerators(hall));
    const found = identify(ops);
    sg = found !== undefined ? fromSetting(found) : assemble(ops, 0, '', key);
  }
  byHallCache.set(key, sg);
  return sg;
}

const byHMCache = new Map<string, SpaceGroup>();

/** Group of an H-M symbol, e.g. "Fd-3m", "F d -3 m :1", "R -3 c :H", "P 1 21/c 1", "P21/c", "P b n m". */
export function spaceGroupFromSymbol(hm: string): SpaceGroup {
  let sg = byHMCache.get(hm);
  if (!sg) {
    sg = fromSetting(findByHM(hm));
    byHMCache.set(hm, sg);
  }
  return sg;
}

/** Group of an International Tables number; default: standard setting, origin choice 2, hexagonal axes. */
export function spaceGroupFromNumber(n: number, setting?: string): SpaceGroup {
  if (!Number.isInteger(n)) throw new Error(`space group number ${n} not recognised (must be an integer 1-230)`);
  return fromSetting(findByNumber(n, setting));
}

/** Closes the group of explicit operators and identifies its table setting (number 0 if none matches). */
export function spaceGroupFromOperators(ops: SymOp[] | string[]): SpaceGroup {
  if (ops.length === 0) throw new Error('no symmetry operators given');
  const parsed = (ops as (SymOp | string)[]).map((o) => (typeof o === 'string' ? parseSymmetryOperator(o) : o));
  const group = closeGroup(parsed);
  const found = identify(group);
  if (found !== undefined) return fromSetting(found);
  return assemble(group, 0, '', '');
}

/**
 * Precedence: explicit operators > Hall > H-M (the number, if given, must agree, and is used when the
 * H-M symbol is not recognised) > number. Operators that match no table setting keep number 0 unless
 * a symbol or number given alongside names a group of the same order; that number and symbol are then
 * attached to the operators.
 */
export function resolveSpaceGroup(spec: { hall?: string; hm?: string; number?: number; operators?: string[] }): SpaceGroup {
  const hall = spec.hall?.trim() || undefined;
  const hm = spec.hm?.trim() || undefined;
  const { number } = spec;
  if (spec.operators && spec.operators.length > 0) {
    const sg = spaceGroupFromOperators(spec.operators);
    if (sg.number !== 0 || (!hall && !hm && number === undefined)) return sg;
    let named: SpaceGroup | undefined;
    try {
      named = resolveSpaceGroup({ hall, hm, number });
    } catch {
      named = undefined;
    }
    if (!named || named.operators.length !== sg.operators.length) return sg;
    return assemble([...sg.operators], named.number, named.symbol, '');
  }
  if (hall) return spaceGroupFromHall(hall);
  if (hm) {
    let sg: SpaceGroup;
    try {
      sg = spaceGroupFromSymbol(hm);
    } catch (e) {
      if (number === undefined) throw e;
      return spaceGroupFromNumber(number);
    }
    if (number !== undefined && number !== sg.number) {
      throw new Error(`H-M symbol "${hm}" is space group ${sg.number}, but number ${number} was given`);
    }
    return sg;
  }
  if (number !== undefined) return spaceGroupFromNumber(number);
  throw new Error('no space group given (operators, Hall symbol, H-M symbol or number)');
}

/** Laue class, e.g. "m-3m", "6/mmm", "-3m1", "-31m", "4/mmm", "mmm", "2/m", "-1" ("-3m" on rhombohedral axes). */
export function laueClass(sg: SpaceGroup): string {
  return laueClassOf(sg);
}
