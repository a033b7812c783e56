/**
 * One pattern of a batch: read it, refine it with the recipe's options, write its files (JSON last, each
 * through a temporary name), or write `<base>.error.json` when it fails. Runs inside a worker thread
 * (worker.ts) or in the calling thread.
 */
import { readdir, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CrystalStructure } from '../crystal/types.js';
import { InputError, RefinementError } from '../errors.js';
import { readCifFile } from '../io/cif/index.js';
import type { InstrumentFile } from '../io/instrument.js';
import { loadInstrument, loadPattern, writeAll, writeAtomically } from '../cli/io.js';
import { refineOptionsFor } from '../recipe/index.js';
import type { Recipe } from '../recipe/schema.js';
import { chooseGeometry, GEOMETRY_PARAMS, otherGeometry } from '../rietveld/geometry.js';
import { refinePattern } from '../rietveld/refine.js';
import { refinementFiles } from './outputs.js';
import type { BatchStatus } from './summary.js';

/** What every task of a batch shares; sent once to each worker. */
export interface BatchSetup {
  recipe: Recipe;
  recipeFile: string;
  /** phase names and resolved CIF paths */
  phases: { name: string; cif: string }[];
  /** resolved instrument path */
  instrument?: string;
  out: string;
  png: boolean;
  curves: boolean;
  /** the structures and instrument as the main thread already read them (plain data, cloned to each worker) */
  structures?: CrystalStructure[];
  instrumentData?: InstrumentFile;
}

export interface BatchTask {
  index: number;
  /** the pattern as given */
  file: string;
  /** file-name base of its outputs in the out folder */
  base: string;
  /** content key (hash.ts) stored in the JSON */
  key: string;
  /** phases this pattern holds */
  phaseNames: string[];
  /** sequential runs: starting values (the previous pattern's refined parameters) and where they came from */
  start?: Record<string, number>;
  startedFrom?: string;
}

export interface TaskOutcome {
  index: number;
  status: BatchStatus;
  error?: string;
  rwp?: number;
  gof?: number;
  /** refined parameters by name (the next pattern's start in a sequential run) */
  parameters?: { name: string; value: number }[];
  elapsedMs: number;
}

/** The batch member of a per-pattern JSON. */
export interface BatchMeta {
  file: string;
  key: string;
  recipe: string;
  phases: string[];
  status: BatchStatus;
  startedFrom?: string | null;
  error?: string;
}

export const resultName = (base: string) => `${base}.json`;
export const errorName = (base: string) => `${base}.error.json`;
export const cifName = (base: string, phase: string) => `${base}.${phase}.refined.cif`;

interface Loaded {
  structures: Map<string, CrystalStructure>;
  instrument?: InstrumentFile;
}
const cache = new WeakMap<BatchSetup, Promise<Loaded>>();

/** Reads the batch's CIFs and instrument once per thread (a worker calls it as soon as it starts). */
export async function loadShared(setup: BatchSetup): Promise<Loaded> {
  let p = cache.get(setup);
  if (!p) {
    p = (async () => {
      const structures = new Map<string, CrystalStructure>();
      if (setup.structures && setup.structures.length === setup.phases.length) {
        setup.phases.forEach((ph, i) => structures.set(ph.name, setup.structures![i]));
        return { structures, instrument: setup.instrumentData ?? (setup.instrument ? await loadInstrument(setup.instrument) : undefined) };
      }
      for (const ph of setup.phases) structures.set(ph.name, await readCifFile(ph.cif, { name: ph.name }));
      return { structures, instrument: setup.instrument ? await loadInstrument(setup.instrument) : undefined };
    })();
    cache.set(setup, p);
  }
  return p;
}

function messageOf(e: unknown): string {
  if (e instanceof InputError || e instanceof RefinementError) return e.message;
  return `internal error: ${e instanceof Error ? e.message : String(e)}`;
}

/** Removes this base's files of an earlier run that are not in `keep` (a result no longer right for this input). */
async function removeOutputs(out: string, base: string, keep: ReadonlySet<string>): Promise<void> {
  let names: string[];
  try {
    names = await readdir(out);
  } catch {
    return;
  }
  const fixed = ['json', 'error.json', 'report.md', 'report.txt', 'rietveld.svg', 'rietveld.png', 'curves.csv'].map((s) => `${base}.${s}`);
  for (const n of names) {
    if (keep.has(n)) continue;
    if (fixed.includes(n) || (n.startsWith(`${base}.`) && n.endsWith('.refined.cif') && !n.slice(base.length + 1, -'.refined.cif'.length).includes('.'))) {
      await unlink(join(out, n)).catch(() => undefined);
    }
  }
}

export async function runTask(setup: BatchSetup, task: BatchTask): Promise<TaskOutcome> {
  const t0 = performance.now();
  const meta: BatchMeta = { file: task.file, key: task.key, recipe: setup.recipeFile, phases: task.phaseNames, status: 'ok', startedFrom: task.startedFrom ?? null };
  try {
    const shared = await loadShared(setup);
    const structures = task.phaseNames.map((n) => shared.structures.get(n)!);
    const pattern = await loadPattern(task.file, setup.recipe.scan);
    const opts = refineOptionsFor(setup.recipe, task.phaseNames);
    if (task.start) {
      const params = { ...opts.params };
      // the previous pattern's values, but not those of the other geometry (a capillary after a flat specimen)
      const geometry = chooseGeometry(pattern, shared.instrument, opts).geometry;
      const other: readonly string[] = GEOMETRY_PARAMS[otherGeometry(geometry)];
      for (const [name, value] of Object.entries(task.start)) if (Number.isFinite(value) && !other.includes(name)) params[name] = { ...params[name], value };
      opts.params = params;
    }
    const out = refinePattern(pattern, structures, shared.instrument, opts);
    const r = out.result;
    meta.status = r.converged ? 'ok' : 'not-converged';
    const ctx = { pattern: task.file, phases: task.phaseNames.map((n) => ({ name: n, file: setup.phases.find((p) => p.name === n)!.cif })), instrument: setup.instrument };
    const files = refinementFiles(out, structures, ctx, {
      dir: setup.out, base: task.base, png: setup.png, curves: setup.curves,
      cifName: (phase) => cifName(task.base, phase),
      extraJson: { batch: meta },
    });
    // an output that is one of the inputs (an --out folder holding the patterns or CIFs) is refused, not overwritten
    await writeAll(files, [task.file, ...ctx.phases.map((p) => p.file), ...(setup.instrument ? [setup.instrument] : [])]);
    // an earlier run's files this run did not write (a .png when --png is no longer given, the CIF of a phase no
    // longer in the recipe) would stand beside a result they do not belong to; the error file goes too
    await removeOutputs(setup.out, task.base, new Set(files.map((f) => basename(f.path))));
    return {
      index: task.index, status: meta.status, rwp: r.statistics.rwp, gof: r.statistics.gof,
      parameters: r.parameters.map((p) => ({ name: p.name, value: p.value })),
      elapsedMs: performance.now() - t0,
    };
  } catch (e) {
    const error = messageOf(e);
    const failed: BatchMeta = { ...meta, status: 'error', error };
    try {
      await removeOutputs(setup.out, task.base, new Set([errorName(task.base)]));
      await writeAtomically(join(setup.out, errorName(task.base)), JSON.stringify({ batch: failed }, null, 1) + '\n');
    } catch {
      // the error row is rebuilt from the outcome when the file cannot be written
    }
    return { index: task.index, status: 'error', error, elapsedMs: performance.now() - t0 };
  }
}
