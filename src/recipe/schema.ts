/**
 * The recipe schema and its validator. A small hand-written schema (no dependency): every error names the
 * key path (e.g. `params.Si.a.min`) and the line of that key in the file, which is what a user needs to fix
 * it, and the rules that are not about types (range START < END, phase names unique, parameter names that
 * exist) sit next to the type rules. See docs/recipes.md.
 */
import { MAX_BRINDLEY_RADIUS_UM } from '../analysis/brindley.js';
import { MAX_CAPILLARY_MU_R } from '../physics/cylinder-absorption.js';
import { InputError } from '../errors.js';
import { GEOMETRIES, type Geometry } from '../io/pattern.js';
import { INSTRUMENT_KEYS, listParams, param, PHASE_SCALARS, type InstrumentParams, type PhaseParams } from '../model/parameters.js';
import type { ParamSetting } from '../rietveld/options.js';
import type { PathPart, RecipeSource } from './source.js';

/** The model's refinement groups, read off its parameter list (so a new group is known here at once). */
export const REFINEMENT_GROUPS: readonly string[] = (() => {
  const p = () => param(0);
  const instrument = Object.fromEntries(INSTRUMENT_KEYS.map((k) => [k, p()])) as unknown as InstrumentParams;
  const phase = { ...Object.fromEntries(PHASE_SCALARS.map((k) => [k, p()])), cell: [p()] } as unknown as PhaseParams;
  return [...new Set(listParams({ instrument, background: [p()], phases: [phase] }, ['x'], [['a']]).map((e) => e.group))];
})();
export const BROADENING_MODELS = ['none', 'sizeL', 'sizeLG', 'sizeLstrain', 'full'] as const;
export const POSITION_MODELS = ['zero', 'displacement', 'both'] as const;
/** parameters of the instrument and the sample position, by name */
export const GLOBAL_PARAMS = INSTRUMENT_KEYS;
/** per-phase parameters besides the free cell parameters (a, b, c, alpha, beta, gamma as the crystal system allows) */
export const PHASE_PARAMS = PHASE_SCALARS;
export const CELL_PARAMS = ['a', 'b', 'c', 'alpha', 'beta', 'gamma'] as const;

/** A phase as written in a recipe. */
export interface RecipePhase {
  /** CIF path, relative to the recipe file */
  cif: string;
  /** phase name; default the CIF file name without extension */
  name?: string;
}

/** Which phases a pattern holds, chosen by its file name. */
export interface RecipePhaseSet {
  /** glob on the pattern's file name (no folder): `*` any characters, `?` one */
  match: string;
  /** names of recipe phases */
  phases: string[];
}

export interface RecipeStage {
  name?: string;
  groups: string[];
  maxIterations?: number;
}

/** A validated recipe, as written (paths not yet resolved). */
export interface Recipe {
  phases: RecipePhase[];
  phaseSets?: RecipePhaseSet[];
  instrument?: string;
  scan?: number | 'merge';
  range?: [number, number];
  exclude?: [number, number][];
  backgroundTerms?: number;
  position?: (typeof POSITION_MODELS)[number];
  /** the specimen's geometry: reflection (flat) or transmission (capillary) */
  geometry?: Geometry;
  /** transmission: the capillary's mu r, for its transmission factor */
  capillaryMuR?: number;
  broadening?: (typeof BROADENING_MODELS)[number];
  perPhaseBeq?: boolean;
  brindleyRadiusUm?: number | Record<string, number>;
  stages?: RecipeStage[];
  params?: Record<string, ParamSetting>;
  fix?: string[];
  /** follower parameter -> leader parameter */
  ties?: Record<string, string>;
  maxIterations?: number;
}

/** Top-level keys, in the order docs/recipes.md lists them. */
export const RECIPE_KEYS = [
  'phases', 'phaseSets', 'instrument', 'scan', 'range', 'exclude', 'backgroundTerms', 'position', 'geometry', 'capillaryMuR', 'broadening',
  'perPhaseBeq', 'brindleyRadiusUm', 'stages', 'params', 'fix', 'ties', 'maxIterations',
] as const;

// phase names become parameter names (Si.a) and file names (Si.refined.cif): no dots, spaces or shell characters
const PHASE_NAME = /^[A-Za-z0-9_+-]+$/;

/**
 * A phase name taken from a CIF's file name (`--phase my Si.cif`) keeps to the same rule as a recipe's: a file
 * named `.cif` gave a hidden `.cif.refined.cif`, `Si$(x).cif` a name no shell takes unquoted.
 */
export function checkFilePhaseName(name: string, cif: string): void {
  if (!PHASE_NAME.test(name)) {
    throw new InputError(`phase name '${name}' (the file name without extension) may hold only letters, digits, _ + and -: rename the file (e.g. Si.cif), or name the phase in a recipe (phases: [{ cif: ..., name: ... }])`, { file: cif });
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text "${v.length > 40 ? v.slice(0, 37) + '...' : v}"`;
  if (typeof v === 'number') return `the number ${v}`;
  return `${typeof v} ${String(v)}`;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

/** " (did you mean 'x'?)" for the closest known word, when it is close. */
export function suggestion(word: string, known: readonly string[]): string {
  let best = '';
  let bestD = Infinity;
  for (const k of known) {
    const dist = editDistance(word, k);
    if (dist < bestD) (best = k), (bestD = dist);
  }
  return best && bestD <= Math.max(1, Math.floor(best.length / 3)) ? ` (did you mean '${best}'?)` : '';
}

export function formatPath(path: readonly PathPart[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s || '(top level)';
}

/** Validation with error messages that carry the key path and its line. */
export class Checker {
  constructor(readonly src: RecipeSource, readonly file: string) {}

  fail(path: readonly PathPart[], message: string): never {
    throw new InputError(`${formatPath(path)}: ${message}`, { file: this.file, line: this.src.lineOf(path) });
  }

  object(v: unknown, path: PathPart[], what = 'a mapping'): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, `must be ${what}, not ${typeName(v)}`);
    return v as Record<string, unknown>;
  }

  keys(obj: Record<string, unknown>, path: PathPart[], known: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (!known.includes(k)) this.fail([...path, k], `unknown key '${k}'${suggestion(k, known)}; known keys: ${known.join(', ')}`);
    }
  }

  string(v: unknown, path: PathPart[], opts: { nonEmpty?: boolean } = {}): string {
    if (typeof v !== 'string') this.fail(path, `must be text, not ${typeName(v)}`);
    if (opts.nonEmpty !== false && (v as string).trim() === '') this.fail(path, 'must not be empty');
    return v as string;
  }

  number(v: unknown, path: PathPart[], opts: { integer?: boolean; min?: number; max?: number; positive?: boolean } = {}): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, `must be ${opts.integer ? 'a whole number' : 'a number'}, not ${typeName(v)}`);
    const x = v as number;
    if (opts.integer && !Number.isInteger(x)) this.fail(path, `must be a whole number, not ${x}`);
    if (opts.positive && !(x > 0)) this.fail(path, `must be above 0, not ${x}`);
    if (opts.min !== undefined && x < opts.min) this.fail(path, `must be at least ${opts.min}, not ${x}`);
    if (opts.max !== undefined && x > opts.max) this.fail(path, `must be at most ${opts.max}, not ${x}`);
    return x;
  }

  boolean(v: unknown, path: PathPart[]): boolean {
    if (typeof v !== 'boolean') this.fail(path, `must be true or false, not ${typeName(v)}`);
    return v as boolean;
  }

  oneOf<T extends string>(v: unknown, path: PathPart[], allowed: readonly T[]): T {
    if (typeof v !== 'string' || !allowed.includes(v as T)) {
      this.fail(path, `must be one of ${allowed.join(', ')}, not ${typeName(v)}${typeof v === 'string' ? suggestion(v, allowed) : ''}`);
    }
    return v as T;
  }

  list(v: unknown, path: PathPart[], opts: { min?: number; max?: number; what?: string } = {}): unknown[] {
    if (!Array.isArray(v)) this.fail(path, `must be ${opts.what ?? 'a list'}, not ${typeName(v)}`);
    const a = v as unknown[];
    if (opts.min !== undefined && a.length < opts.min) this.fail(path, `needs at least ${opts.min} item(s)${opts.what ? ` (${opts.what})` : ''}`);
    if (opts.max !== undefined && a.length > opts.max) this.fail(path, `takes at most ${opts.max} item(s)${opts.what ? ` (${opts.what})` : ''}`);
    return a;
  }

  /** [start, end] in deg with start < end */
  interval(v: unknown, path: PathPart[]): [number, number] {
    const a = this.list(v, path, { min: 2, max: 2, what: '[START, END] in deg 2theta' });
    const lo = this.number(a[0], [...path, 0]);
    const hi = this.number(a[1], [...path, 1]);
    if (!(hi > lo)) this.fail(path, `END (${hi}) must be above START (${lo})`);
    return [lo, hi];
  }
}

/**
 * Checks the recipe's structure and types. Parameter names are checked here as far as the recipe tells
 * (instrument names, bkgN, known phase names and per-phase keys); whether a cell parameter is free in the
 * phase's crystal system is checked once the CIFs are read (checkCellParams).
 */
export function validateRecipe(src: RecipeSource, file: string): Recipe {
  const c = new Checker(src, file);
  const root = c.object(src.value, [], 'a mapping of recipe keys (phases, instrument, ...)');
  c.keys(root, [], RECIPE_KEYS);
  if (root.phases === undefined) c.fail([], "the key 'phases' (the CIF of each phase) is required");
  const r: Recipe = { phases: [] };

  const phases = c.list(root.phases, ['phases'], { min: 1, what: 'a list of CIF files' });
  const names = new Map<string, number>();
  phases.forEach((p, i) => {
    const path: PathPart[] = ['phases', i];
    let phase: RecipePhase;
    if (typeof p === 'string') phase = { cif: c.string(p, path) };
    else {
      const o = c.object(p, path, 'a CIF path or a mapping { cif, name }');
      c.keys(o, path, ['cif', 'name']);
      if (o.cif === undefined) c.fail(path, "the key 'cif' is required");
      phase = { cif: c.string(o.cif, [...path, 'cif']) };
      if (o.name !== undefined) phase.name = c.string(o.name, [...path, 'name']);
    }
    const name = phase.name ?? defaultPhaseName(phase.cif);
    if (!PHASE_NAME.test(name)) c.fail(phase.name !== undefined ? [...path, 'name'] : path, `phase name '${name}' may hold only letters, digits, _ + and - (give one with 'name')`);
    if (names.has(name)) c.fail(path, `two phases are named '${name}' (the other is phases[${names.get(name)}]): give one a 'name'`);
    names.set(name, i);
    r.phases.push(phase);
  });
  const phaseNames = [...names.keys()];

  if (root.phaseSets !== undefined) {
    r.phaseSets = c.list(root.phaseSets, ['phaseSets'], { what: 'a list of { match, phases }' }).map((s, i) => {
      const path: PathPart[] = ['phaseSets', i];
      const o = c.object(s, path, 'a mapping { match, phases }');
      c.keys(o, path, ['match', 'phases']);
      if (o.match === undefined) c.fail(path, "the key 'match' (a file-name pattern) is required");
      if (o.phases === undefined) c.fail(path, "the key 'phases' (names of recipe phases) is required");
      const match = c.string(o.match, [...path, 'match']);
      const list = c.list(o.phases, [...path, 'phases'], { min: 1, what: 'a list of phase names' }).map((n, j) => {
        const name = c.string(n, [...path, 'phases', j]);
        if (!names.has(name)) c.fail([...path, 'phases', j], `no phase named '${name}'${suggestion(name, phaseNames)} (phases: ${phaseNames.join(', ')})`);
        return name;
      });
      return { match, phases: list };
    });
  }
  if (root.instrument !== undefined) r.instrument = c.string(root.instrument, ['instrument']);
  if (root.scan !== undefined) {
    r.scan = root.scan === 'merge' ? 'merge' : typeof root.scan === 'string' ? c.fail(['scan'], `must be a scan number (1, 2, ...) or "merge", not ${typeName(root.scan)}`) : c.number(root.scan, ['scan'], { integer: true, min: 1 });
  }
  if (root.range !== undefined) r.range = c.interval(root.range, ['range']);
  if (root.exclude !== undefined) r.exclude = c.list(root.exclude, ['exclude'], { what: 'a list of [START, END]' }).map((e, i) => c.interval(e, ['exclude', i]));
  if (root.backgroundTerms !== undefined) r.backgroundTerms = c.number(root.backgroundTerms, ['backgroundTerms'], { integer: true, min: 1, max: 40 });
  if (root.position !== undefined) r.position = c.oneOf(root.position, ['position'], POSITION_MODELS);
  if (root.geometry !== undefined) r.geometry = c.oneOf(root.geometry, ['geometry'], GEOMETRIES);
  if (root.capillaryMuR !== undefined) r.capillaryMuR = c.number(root.capillaryMuR, ['capillaryMuR'], { positive: true, max: MAX_CAPILLARY_MU_R });
  if (root.broadening !== undefined) r.broadening = c.oneOf(root.broadening, ['broadening'], BROADENING_MODELS);
  if (root.perPhaseBeq !== undefined) r.perPhaseBeq = c.boolean(root.perPhaseBeq, ['perPhaseBeq']);
  if (root.brindleyRadiusUm !== undefined) {
    const b = root.brindleyRadiusUm;
    if (typeof b === 'number') r.brindleyRadiusUm = c.number(b, ['brindleyRadiusUm'], { positive: true, max: MAX_BRINDLEY_RADIUS_UM });
    else {
      const o = c.object(b, ['brindleyRadiusUm'], 'a radius in um or a mapping { phase: radius }');
      c.keys(o, ['brindleyRadiusUm'], phaseNames);
      r.brindleyRadiusUm = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, c.number(v, ['brindleyRadiusUm', k], { positive: true, max: MAX_BRINDLEY_RADIUS_UM })]));
    }
  }
  if (root.stages !== undefined) {
    r.stages = c.list(root.stages, ['stages'], { min: 1, what: 'a list of { name, groups }' }).map((s, i) => {
      const path: PathPart[] = ['stages', i];
      const o = c.object(s, path, 'a mapping { name, groups }');
      c.keys(o, path, ['name', 'groups', 'maxIterations']);
      if (o.groups === undefined) c.fail(path, `the key 'groups' is required (from: ${REFINEMENT_GROUPS.join(', ')})`);
      const stage: RecipeStage = {
        groups: c.list(o.groups, [...path, 'groups'], { min: 1, what: 'a list of groups' }).map((g, j) => c.oneOf(g, [...path, 'groups', j], REFINEMENT_GROUPS)),
      };
      if (o.name !== undefined) stage.name = c.string(o.name, [...path, 'name']);
      if (o.maxIterations !== undefined) stage.maxIterations = c.number(o.maxIterations, [...path, 'maxIterations'], { integer: true, min: 1 });
      return stage;
    });
  }
  if (root.params !== undefined) {
    const o = c.object(root.params, ['params'], 'a mapping { parameter: setting }');
    r.params = {};
    for (const [name, v] of Object.entries(o)) {
      const path: PathPart[] = ['params', name];
      checkParamName(c, name, path, phaseNames, r.backgroundTerms ?? 12);
      const set: ParamSetting = {};
      if (typeof v === 'number') set.value = c.number(v, path);
      else {
        const s = c.object(v, path, 'a number (the starting value) or a mapping { value, min, max, refine }');
        c.keys(s, path, ['value', 'min', 'max', 'refine']);
        if (s.value !== undefined) set.value = c.number(s.value, [...path, 'value']);
        if (s.min !== undefined) set.min = c.number(s.min, [...path, 'min']);
        if (s.max !== undefined) set.max = c.number(s.max, [...path, 'max']);
        if (s.refine !== undefined) set.refine = c.boolean(s.refine, [...path, 'refine']);
        if (set.min !== undefined && set.max !== undefined && !(set.max > set.min)) c.fail([...path, 'max'], `max (${set.max}) must be above min (${set.min})`);
        if (set.value !== undefined && set.min !== undefined && set.value < set.min) c.fail([...path, 'value'], `value ${set.value} is below min ${set.min}`);
        if (set.value !== undefined && set.max !== undefined && set.value > set.max) c.fail([...path, 'value'], `value ${set.value} is above max ${set.max}`);
      }
      r.params[name] = set;
    }
  }
  if (root.fix !== undefined) r.fix = c.list(root.fix, ['fix'], { what: 'a list of groups' }).map((g, i) => c.oneOf(g, ['fix', i], REFINEMENT_GROUPS));
  if (root.ties !== undefined) {
    const o = c.object(root.ties, ['ties'], 'a mapping { follower: leader } of parameter names');
    r.ties = {};
    for (const [follower, leader] of Object.entries(o)) {
      const path: PathPart[] = ['ties', follower];
      checkParamName(c, follower, path, phaseNames, r.backgroundTerms ?? 12);
      const l = c.string(leader, path);
      checkParamName(c, l, path, phaseNames, r.backgroundTerms ?? 12);
      if (l === follower) c.fail(path, `'${follower}' cannot follow itself`);
      r.ties[follower] = l;
    }
  }
  if (root.maxIterations !== undefined) r.maxIterations = c.number(root.maxIterations, ['maxIterations'], { integer: true, min: 1, max: 10000 });
  return r;
}

function checkParamName(c: Checker, name: string, path: PathPart[], phaseNames: string[], nBkg: number): void {
  if ((GLOBAL_PARAMS as readonly string[]).includes(name)) return;
  const bkg = /^bkg(\d+)$/.exec(name);
  if (bkg) {
    if (Number(bkg[1]) >= nBkg) c.fail(path, `there are ${nBkg} background terms (bkg0 to bkg${nBkg - 1}): no '${name}'`);
    return;
  }
  const dot = name.lastIndexOf('.');
  if (dot > 0) {
    const phase = name.slice(0, dot);
    const key = name.slice(dot + 1);
    if (!phaseNames.includes(phase)) c.fail(path, `unknown parameter '${name}': no phase named '${phase}'${suggestion(phase, phaseNames)} (phases: ${phaseNames.join(', ')})`);
    const keys = [...PHASE_PARAMS, ...CELL_PARAMS] as readonly string[];
    const full = keys.map((k) => `${phase}.${k}`);
    if (!keys.includes(key)) c.fail(path, `unknown parameter '${name}'${suggestion(name, full)}: per-phase parameters are ${full.join(', ')}`);
    return;
  }
  const known = [...GLOBAL_PARAMS, 'bkg0'];
  c.fail(path, `unknown parameter '${name}'${suggestion(name, known)}: known are ${GLOBAL_PARAMS.join(', ')}, bkg0.., <phase>.scale, <phase>.a ...`);
}

/** The phase name a CIF path gives (file name without extension), as the CLI does. */
export function defaultPhaseName(cif: string): string {
  const base = cif.split(/[\\/]/).pop() ?? cif;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}
