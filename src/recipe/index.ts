/**
 * Recipes: everything a refinement needs besides the pattern, in one JSON or YAML file (docs/recipes.md).
 * Read by `xrd refine --recipe`, `xrd batch --recipe` and the library's loadRecipe/runBatch.
 *
 *   parseRecipe(text, file)     text -> validated Recipe (no file access)
 *   loadRecipe(path)            file -> LoadedRecipe: validated, paths resolved against the recipe's folder,
 *                               CIFs and instrument read and checked (errors name the key and its line)
 *   refineOptionsFor(recipe)    Recipe -> RefineOptions for refinePattern
 */
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { cellParameterization } from '../crystal/cell-params.js';
import type { CrystalStructure } from '../crystal/types.js';
import { InputError } from '../errors.js';
import { readCifFile } from '../io/cif/index.js';
import { parseInstrument, type InstrumentFile } from '../io/instrument.js';
import { readTextFile } from '../io/read-text-file.js';
import type { Stage } from '../refine/strategy.js';
import { DEFAULT_STAGES, PER_PHASE_BEQ_STAGES, type ParamSetting, type RefineOptions } from '../rietveld/options.js';
import { CELL_PARAMS, Checker, defaultPhaseName, validateRecipe, type Recipe } from './schema.js';
import { parseRecipeSource, type RecipeFormat, type RecipeSource } from './source.js';

export type { Recipe, RecipePhase, RecipePhaseSet, RecipeStage } from './schema.js';
export { REFINEMENT_GROUPS, RECIPE_KEYS } from './schema.js';
export type { RecipeFormat } from './source.js';

/** A recipe ready to run: validated, with its files found and read. */
export interface LoadedRecipe {
  /** the recipe file (as given) */
  file: string;
  /** the recipe as written (paths relative to its folder) */
  recipe: Recipe;
  /** each phase's name and CIF path (resolved against the recipe's folder) */
  phases: { name: string; cif: string }[];
  /** the instrument file (resolved), if the recipe names one */
  instrument?: string;
  /** the phases' structures, named */
  structures: CrystalStructure[];
  instrumentData?: InstrumentFile;
}


/** Parses and validates recipe text; `file` names it in error messages and its extension picks the format. */
export function parseRecipe(text: string, file = 'recipe', format?: RecipeFormat): Recipe {
  return validateRecipe(parseRecipeSource(text, file, format), file);
}

/** Reads, validates and resolves a recipe file; CIF and instrument paths are relative to the recipe's folder. */
export async function loadRecipe(path: string): Promise<LoadedRecipe> {
  return loadRecipeText(await readTextFile(path, 'recipe'), { file: path, baseDir: dirname(resolve(path)) });
}

/** loadRecipe on text already read: `baseDir` is where relative paths start. */
export async function loadRecipeText(text: string, where: { file: string; baseDir: string; format?: RecipeFormat }): Promise<LoadedRecipe> {
  const src = parseRecipeSource(text, where.file, where.format);
  const recipe = validateRecipe(src, where.file);
  const c = new Checker(src, where.file);
  const at = (p: string) => (isAbsolute(p) ? p : resolve(where.baseDir, p));
  const phases = recipe.phases.map((p) => ({ name: p.name ?? defaultPhaseName(p.cif), cif: at(p.cif) }));
  const structures: CrystalStructure[] = [];
  for (let i = 0; i < phases.length; i++) {
    // the key of the CIF path: phases[i], or phases[i].cif when the phase is written as { cif, name }
    const written = (src.value as { phases: unknown[] }).phases[i];
    const path = typeof written === 'object' ? ['phases', i, 'cif'] : ['phases', i];
    structures.push(await readPart(c, path, recipe.phases[i].cif, 'CIF', () => readCifFile(phases[i].cif, { name: phases[i].name })));
  }
  checkCellParams(c, recipe, structures);
  let instrument: string | undefined;
  let instrumentData: InstrumentFile | undefined;
  if (recipe.instrument !== undefined) {
    instrument = at(recipe.instrument);
    instrumentData = await readPart(c, ['instrument'], recipe.instrument, 'instrument file', async () => parseInstrument(await readTextFile(instrument!, 'instrument'), instrument!));
  }
  return { file: where.file, recipe, phases, instrument, structures, instrumentData };
}

/** Runs a reader of a file the recipe names; any failure becomes an error at the key's line. */
async function readPart<T>(c: Checker, path: (string | number)[], written: string, what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || (e instanceof InputError && /no such (file|instrument file)$/.test(e.message))) {
      return c.fail(path, `no such ${what} '${written}' (paths are relative to the recipe's folder)`);
    }
    return c.fail(path, `cannot read the ${what}: ${(e as Error).message}`);
  }
}

/** `<phase>.b`, `.c`, `.alpha` ... only where the phase's crystal system leaves them free. */
function checkCellParams(c: Checker, recipe: Recipe, structures: CrystalStructure[]): void {
  for (const name of Object.keys(recipe.params ?? {})) {
    const dot = name.lastIndexOf('.');
    if (dot <= 0) continue;
    const key = name.slice(dot + 1);
    if (!(CELL_PARAMS as readonly string[]).includes(key)) continue;
    const s = structures.find((x) => x.name === name.slice(0, dot));
    if (!s) continue;
    const free = cellParameterization(s.cell, s.spaceGroup.crystalSystem).names as string[];
    if (!free.includes(key)) c.fail(['params', name], `${s.name} is ${s.spaceGroup.crystalSystem}: its free cell parameters are ${free.map((k) => `${s.name}.${k}`).join(', ')}`);
  }
}

/** Turns `*` and `?` into a regular expression over the whole name. */
function globRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * The names of the phases a pattern holds: the first phaseSets entry whose `match` fits the file name (the
 * whole path when the glob has a '/'), else all of the recipe's phases.
 */
export function phasesForPattern(recipe: Recipe, patternPath: string): string[] {
  const all = recipe.phases.map((p) => p.name ?? defaultPhaseName(p.cif));
  for (const set of recipe.phaseSets ?? []) {
    const subject = set.match.includes('/') ? patternPath.replace(/\\/g, '/') : basename(patternPath);
    if (globRegExp(set.match).test(subject)) return all.filter((n) => set.phases.includes(n));
  }
  return all;
}

/**
 * The refinement options a recipe asks for. With `phaseNames`, settings of parameters of other phases are
 * left out (a pattern that holds only some of the recipe's phases).
 */
export function refineOptionsFor(recipe: Recipe, phaseNames?: string[]): RefineOptions {
  const o: RefineOptions = {};
  if (recipe.range) o.range = [...recipe.range];
  if (recipe.exclude) o.exclude = recipe.exclude.map((e) => [...e]);
  if (recipe.backgroundTerms !== undefined) o.backgroundTerms = recipe.backgroundTerms;
  if (recipe.broadening) o.sampleBroadening = recipe.broadening;
  if (recipe.position) o.positionModel = recipe.position;
  if (recipe.geometry) o.geometry = recipe.geometry;
  if (recipe.capillaryMuR !== undefined) o.capillaryMuR = recipe.capillaryMuR;
  if (recipe.brindleyRadiusUm !== undefined) {
    const b = recipe.brindleyRadiusUm;
    o.brindleyRadiusUm = typeof b === 'number' ? b : Object.fromEntries(Object.entries(b).filter(([k]) => !phaseNames || phaseNames.includes(k)));
  }
  if (recipe.maxIterations !== undefined) o.maxIterations = recipe.maxIterations;
  if (recipe.fix) o.fix = [...recipe.fix];
  if (recipe.ties) {
    // a tie between parameters of phases this pattern does not hold is left out, like their settings
    const holds = (name: string) => !phaseNames || !name.includes('.') || phaseNames.includes(name.slice(0, name.lastIndexOf('.')));
    const ties = Object.entries(recipe.ties).filter(([f, l]) => holds(f) && holds(l));
    if (ties.length) o.ties = Object.fromEntries(ties);
  }
  o.stages = recipe.stages
    ? recipe.stages.map((s, i): Stage => ({ name: s.name ?? `stage ${i + 1}`, groups: [...s.groups], ...(s.maxIterations ? { maxIterations: s.maxIterations } : {}) }))
    : recipe.perPhaseBeq ? PER_PHASE_BEQ_STAGES : DEFAULT_STAGES;
  const params: Record<string, ParamSetting> = {};
  if (recipe.perPhaseBeq) params.bShared = { refine: false };
  for (const [name, set] of Object.entries(recipe.params ?? {})) {
    const dot = name.lastIndexOf('.');
    if (phaseNames && dot > 0 && !phaseNames.includes(name.slice(0, dot))) continue;
    params[name] = { ...params[name], ...set };
  }
  o.params = params;
  return o;
}

/**
 * The recipe's options with some keys taken from `over` instead (options given on the command line win);
 * `params` are merged name by name.
 */
export function overlayOptions(base: RefineOptions, over: RefineOptions, keys: Iterable<keyof RefineOptions>): RefineOptions {
  const out: RefineOptions = { ...base };
  for (const k of keys) {
    if (k === 'params') out.params = { ...base.params, ...over.params };
    else (out as Record<string, unknown>)[k] = over[k];
  }
  return out;
}

export type { RecipeSource };
