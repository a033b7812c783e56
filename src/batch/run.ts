/**
 * runBatch: refine many patterns with one recipe, in worker threads, each pattern's files written through
 * temporary names (the per-pattern JSON last), a failed pattern recorded and the rest carried on, patterns
 * whose result is already there for the same content skipped, and DIR/summary.csv rebuilt at the end from
 * the per-pattern JSONs. With `sequential`, patterns run in the order given, each starting from the previous
 * result, and DIR/trend.svg shows weight % and cell a against the pattern index.
 */
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { projectFile } from '../paths.js';
import { loadPattern, writeAtomically } from '../cli/io.js';
import { InputError, SettingsError } from '../errors.js';
import { readInputBytes } from '../io/read-text-file.js';
import { loadRecipe, phasesForPattern, refineOptionsFor, type LoadedRecipe } from '../recipe/index.js';
import { buildModel } from '../rietveld/build.js';
import type { Pattern } from '../io/pattern.js';
import type { RietveldResult } from '../rietveld/result.js';
import { patternKey, recipeKey } from './hash.js';
import type { ProgressEvent } from './progress.js';
import { summaryCsv, summaryRow, type BatchRecord, type BatchStatus, type SummaryRow } from './summary.js';
import { errorName, resultName, runTask, type BatchMeta, type BatchSetup, type BatchTask, type TaskOutcome } from './task.js';
import { trendSvg } from './trend-svg.js';
import { workerBundle } from './worker-bundle.js';

export interface BatchOptions {
  /** recipe file, or one already loaded with loadRecipe */
  recipe: string | LoadedRecipe;
  /** pattern files, in the order of the summary (and of the refinements with `sequential`) */
  patterns: string[];
  /** output folder (created if missing) */
  out: string;
  /** worker threads; default the number of cores */
  jobs?: number;
  /** in order, each pattern starting from the previous result; writes trend.svg */
  sequential?: boolean;
  /** also write each Rietveld plot as PNG (default false) */
  png?: boolean;
  /** also write each pattern's curves as CSV (default false) */
  curves?: boolean;
  /** refine every pattern again, even those whose result is up to date */
  force?: boolean;
  /** run in the calling thread instead of worker threads */
  inProcess?: boolean;
  onProgress?: (e: ProgressEvent) => void;
}

export interface BatchResult {
  /** the rows of summary.csv */
  rows: SummaryRow[];
  /** the summary's phase columns */
  phaseNames: string[];
  total: number;
  /** refined in this run */
  refined: number;
  /** skipped as up to date */
  skipped: number;
  /** rows whose status is not ok */
  failed: number;
  /** 0 when every pattern is ok, 1 otherwise (SPEC.md section 3) */
  exitCode: 0 | 1;
  summaryPath: string;
  trendPath?: string;
  /** workers used */
  workers: number;
  elapsedMs: number;
}

interface Entry {
  index: number;
  file: string;
  base: string;
  key?: string;
  /** an error known before refining (unreadable file) */
  preError?: string;
  phaseNames: string[];
}

const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary files (writeAtomically's `.name.PID.xxxxxxxx.tmp`) left by a run that was killed: those
 * whose process is gone, and with `own`, this process's.
 */
export async function removeStaleTemporaries(dir: string, own = false): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let n = 0;
  for (const name of names) {
    const m = TEMP_FILE.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid ? own : !alive(pid)) {
      await unlink(join(dir, name)).then(() => n++, () => undefined);
    }
  }
  return n;
}

/** Output base names: the file name without extension, made unique by -2, -3 ... in the order given. */
export function outputBases(files: string[]): string[] {
  const used = new Set<string>();
  return files.map((f) => {
    const b0 = basename(f, extname(f)) || 'pattern';
    let b = b0;
    for (let k = 2; used.has(b); k++) b = `${b0}-${k}`;
    used.add(b);
    return b;
  });
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The stored result of an entry, if it is there for this key. */
async function storedResult(out: string, e: Entry): Promise<(RietveldResult & { batch: BatchMeta }) | undefined> {
  if (!e.key) return undefined;
  const j = await readJson(join(out, resultName(e.base)));
  const meta = j?.batch as BatchMeta | undefined;
  return meta?.key === e.key && Array.isArray(j?.phases) ? (j as unknown as RietveldResult & { batch: BatchMeta }) : undefined;
}

async function storedError(out: string, e: Entry): Promise<string | undefined> {
  if (!e.key) return undefined;
  const meta = (await readJson(join(out, errorName(e.base))))?.batch as BatchMeta | undefined;
  return meta?.key === e.key ? meta.error ?? 'failed' : undefined;
}

/**
 * One worker thread that runs tasks one at a time; a thread that dies fails the task in hand only, and the
 * next task starts a new thread. `entry` is the worker module (default ./worker.ts).
 */
export class WorkerHandle {
  private worker?: Worker;
  private pending?: { task: BatchTask; resolve: (o: TaskOutcome) => void; worker: Worker };

  private readonly entry: string;

  constructor(private readonly setup: BatchSetup, entry?: string) {
    this.entry = entry ?? defaultWorkerEntry();
  }

  private start(): Worker {
    const w = new Worker(pathToFileURL(projectFile('src', 'batch', 'worker-bootstrap.mjs')), { workerData: { entry: this.entry, setup: this.setup } });
    const settle = (outcome: (task: BatchTask) => TaskOutcome) => {
      const p = this.pending;
      if (!p || p.worker !== w) return; // a late event of a thread that was already replaced
      this.pending = undefined;
      p.resolve(outcome(p.task));
    };
    w.on('message', (m: { type: string; outcome?: TaskOutcome }) => {
      if (m.type === 'outcome' && m.outcome) settle(() => m.outcome!);
    });
    const crash = (why: string) => {
      if (this.worker === w) this.worker = undefined;
      settle((task) => ({ index: task.index, status: 'error', error: `worker thread failed: ${why}`, elapsedMs: 0 }));
    };
    w.on('error', (e) => crash(e.message));
    w.on('exit', (code) => crash(`exited with code ${code}`));
    return w;
  }

  /** Starts the thread now (its start-up then overlaps the caller's own preparations). */
  warm(): this {
    this.worker ??= this.start();
    return this;
  }

  run(task: BatchTask): Promise<TaskOutcome> {
    const w = (this.worker ??= this.start());
    return new Promise((resolve) => {
      this.pending = { task, resolve, worker: w };
      w.postMessage(task);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

/**
 * Settings wrong whatever the pattern (an instrument value out of range, a value outside its parameter's bounds)
 * were reported once per pattern, as failed patterns with exit 1; they are bad input: refused once, with exit 2,
 * before anything is written. The model is built on the first pattern that reads (its own problems are left to
 * its refinement).
 */
async function refuseBadSettings(loaded: LoadedRecipe, patterns: string[]): Promise<void> {
  for (const file of patterns) {
    let pattern: Pattern;
    try {
      pattern = await loadPattern(file, loaded.recipe.scan);
    } catch {
      continue;
    }
    const names = phasesForPattern(loaded.recipe, file);
    const structures = names.map((n) => loaded.structures[loaded.phases.findIndex((p) => p.name === n)]);
    try {
      buildModel(pattern, structures, loaded.instrumentData, refineOptionsFor(loaded.recipe, names));
    } catch (e) {
      if (e instanceof SettingsError) throw e.file ? e : new SettingsError(e.message, { file: loaded.file });
    }
    return;
  }
}

/** worker.ts next to this module (worker.js once compiled) */
function defaultWorkerEntry(): string {
  return pathToFileURL(projectFile('src', 'batch', 'worker.ts')).href;
}

export async function runBatch(o: BatchOptions): Promise<BatchResult> {
  const t0 = performance.now();
  const loaded = typeof o.recipe === 'string' ? await loadRecipe(o.recipe) : o.recipe;
  if (o.patterns.length === 0) throw new InputError('no pattern given: name one or more pattern files');
  const jobs = o.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new InputError(`--jobs must be a whole number of at least 1, not ${o.jobs}`);
  await refuseBadSettings(loaded, o.patterns);
  try {
    await mkdir(o.out, { recursive: true });
  } catch (e) {
    throw new InputError(`cannot create the output folder (${(e as NodeJS.ErrnoException).code})`, { file: o.out });
  }
  await removeStaleTemporaries(o.out);
  const png = o.png ?? false;
  const curves = o.curves ?? false;

  const setup: BatchSetup = {
    recipe: loaded.recipe, recipeFile: loaded.file, phases: loaded.phases, instrument: loaded.instrument, out: o.out, png, curves,
    // the recipe's reading of the CIFs and instrument travels with the setup: no thread parses them again
    structures: loaded.structures, instrumentData: loaded.instrumentData,
  };
  // threads start now: their start-up (loading the engine, reading the CIFs) overlaps the hashing below
  const warmCount = o.inProcess ? 0 : Math.min(o.sequential ? 1 : jobs, o.patterns.length);
  const bundle = warmCount ? await workerBundle() : undefined;
  const warmed = Array.from({ length: warmCount }, () => new WorkerHandle(setup, bundle).warm());
  // content keys
  const cifBytes = await Promise.all(loaded.phases.map(async (p) => ({ name: p.name, cifBytes: await readFile(p.cif) })));
  const insBytes = loaded.instrument ? await readFile(loaded.instrument) : undefined;
  const rKey = recipeKey(loaded.recipe, cifBytes, insBytes, { png, curves, sequential: !!o.sequential });
  const bases = outputBases(o.patterns);
  const entries: Entry[] = [];
  let chain: string | undefined;
  for (let i = 0; i < o.patterns.length; i++) {
    const file = o.patterns[i];
    const e: Entry = { index: i, file, base: bases[i], phaseNames: phasesForPattern(loaded.recipe, file) };
    try {
      // a regular file only: hashing a device or a pipe would never end
      const bytes = await readInputBytes(file, 'pattern file', 'no such file');
      e.key = patternKey(rKey, bytes, o.sequential ? chain : undefined);
      if (o.sequential) chain = e.key;
    } catch (err) {
      e.preError = err instanceof Error ? err.message : String(err);
    }
    entries.push(e);
  }

  // what is up to date
  const upToDate = new Map<number, RietveldResult & { batch: BatchMeta }>();
  if (!o.force) for (const e of entries) {
    const r = await storedResult(o.out, e);
    if (r) upToDate.set(e.index, r);
  }

  // progress
  const total = entries.length;
  let done = 0;
  let failed = 0;
  let refinedDone = 0;
  const toRun = entries.filter((e) => !upToDate.has(e.index) && !e.preError).length;
  let tRefine = performance.now();
  const progress = (kind: ProgressEvent['kind'], extra: Partial<ProgressEvent> = {}) => {
    if (!o.onProgress) return;
    const secs = (performance.now() - tRefine) / 1000;
    const rate = refinedDone > 0 && secs > 0 ? refinedDone / secs : 0;
    const left = toRun - refinedDone;
    o.onProgress({ kind, total, done, toRun, failed, skipped: upToDate.size, rate, etaSeconds: rate > 0 ? left / rate : left > 0 ? Infinity : 0, ...extra });
  };
  progress('start');
  for (const e of entries) {
    const r = upToDate.get(e.index);
    if (r) {
      done++;
      if (r.batch.status !== 'ok') failed++;
      progress('done', { file: e.file, status: r.batch.status, rwp: r.statistics.rwp, wasSkipped: true });
    } else if (e.preError) {
      done++;
      failed++;
      // an unreadable file (missing, a folder, a device) gets its error.json like any other bad file
      const meta: BatchMeta = { file: e.file, key: '', recipe: loaded.file, phases: e.phaseNames, status: 'error', error: e.preError };
      await writeAtomically(join(o.out, errorName(e.base)), JSON.stringify({ batch: meta }, null, 1) + '\n').catch(() => undefined);
      progress('done', { file: e.file, status: 'error', error: e.preError });
    }
  }
  tRefine = performance.now();

  const outcomes = new Map<number, TaskOutcome>();
  const finish = (e: Entry, out: TaskOutcome) => {
    outcomes.set(e.index, out);
    done++;
    refinedDone++;
    if (out.status !== 'ok') failed++;
    progress('done', { file: e.file, status: out.status, rwp: out.rwp, error: out.error });
  };
  const taskOf = (e: Entry, start?: Record<string, number>, startedFrom?: string): BatchTask => ({
    index: e.index, file: e.file, base: e.base, key: e.key!, phaseNames: e.phaseNames, ...(start ? { start, startedFrom } : {}),
  });
  const pending = entries.filter((e) => !upToDate.has(e.index) && !e.preError);
  const nWorkers = o.inProcess ? 0 : Math.min(o.sequential ? 1 : jobs, pending.length);
  const handles = warmed.slice(0, nWorkers);
  await Promise.all(warmed.slice(nWorkers).map((h) => h.close()));
  const runOne = (h: WorkerHandle | undefined, t: BatchTask) => (h ? h.run(t) : runTask(setup, t));
  try {
    if (o.sequential) {
      let prev: { params: { name: string; value: number }[]; file: string } | undefined;
      for (const e of entries) {
        const stored = upToDate.get(e.index);
        if (stored) {
          if (stored.batch.status !== 'error') prev = { params: stored.parameters ?? [], file: e.file };
          continue;
        }
        if (e.preError) continue;
        const start = prev ? startValues(prev.params, e.phaseNames) : undefined;
        const out = await runOne(handles[0], taskOf(e, start, prev?.file));
        finish(e, out);
        if (out.status !== 'error' && out.parameters) prev = { params: out.parameters, file: e.file };
      }
    } else {
      let next = 0;
      const lane = async (h: WorkerHandle | undefined) => {
        while (next < pending.length) {
          const e = pending[next++];
          finish(e, await runOne(h, taskOf(e)));
        }
      };
      await Promise.all(nWorkers ? handles.map(lane) : [lane(undefined)]);
    }
  } finally {
    await Promise.all(handles.map((h) => h.close()));
  }

  // the summary, rebuilt from the per-pattern files
  const records: BatchRecord[] = [];
  const results: (RietveldResult | undefined)[] = [];
  for (const e of entries) {
    let rec: BatchRecord;
    const stored = e.preError ? undefined : await storedResult(o.out, e);
    if (e.preError) rec = { file: e.file, status: 'error', error: e.preError };
    else if (stored) rec = { file: e.file, status: stored.batch.status as BatchStatus, result: stored };
    else {
      const err = (await storedError(o.out, e)) ?? outcomes.get(e.index)?.error ?? 'no result (the run stopped before this pattern finished)';
      rec = { file: e.file, status: 'error', error: err };
    }
    records.push(rec);
    results.push(rec.result);
  }
  const phaseNames = loaded.phases.map((p) => p.name);
  const rows = records.map((r) => summaryRow(r, phaseNames));
  const summaryPath = join(o.out, 'summary.csv');
  await writeAtomically(summaryPath, summaryCsv(rows, phaseNames));
  let trendPath: string | undefined;
  if (o.sequential) {
    trendPath = join(o.out, 'trend.svg');
    const point = (r: RietveldResult | undefined, name: string, k: 'wt' | 'a') => {
      const p = r?.phases.find((x) => x.name === name);
      if (!p) return null;
      const v = k === 'wt' ? p.weightPercent : p.lattice.a;
      return { value: v.value, esd: v.esd };
    };
    await writeAtomically(trendPath, trendSvg({
      labels: entries.map((e) => basename(e.file)),
      failed: records.map((r) => r.status === 'error'),
      phases: phaseNames.map((name) => ({ name, wt: results.map((r) => point(r, name, 'wt')), a: results.map((r) => point(r, name, 'a')) })),
      title: `${basename(loaded.file)}: ${entries.length} patterns in sequence`,
    }));
  }
  await removeStaleTemporaries(o.out, true);
  const nFailed = rows.filter((r) => r.status !== 'ok').length;
  progress('end', { failed: nFailed });
  return {
    rows, phaseNames, total, refined: outcomes.size, skipped: upToDate.size, failed: nFailed, exitCode: nFailed ? 1 : 0,
    summaryPath, trendPath, workers: nWorkers, elapsedMs: Math.round(performance.now() - t0),
  };
}

/** A sequential start: the previous refined values of the parameters this pattern has. */
function startValues(params: { name: string; value: number }[], phaseNames: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of params) {
    const dot = p.name.lastIndexOf('.');
    if (dot > 0 && !phaseNames.includes(p.name.slice(0, dot))) continue;
    if (Number.isFinite(p.value)) out[p.name] = p.value;
  }
  return out;
}
