/**
 * What the commands share: loading inputs with one-line errors, parsing option values, and writing
 * outputs through a temporary name and a rename, so that a run stopped at any moment leaves no
 * half-written file.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CrystalStructure } from '../crystal/types.js';
import { InputError } from '../errors.js';
import { readCifFile } from '../io/cif/index.js';
import { selectScan } from '../io/formats/index.js';
import { loadPatternFile } from '../io/formats/load.js';
import { parseInstrument, type InstrumentFile } from '../io/instrument.js';
import { readTextFile } from '../io/read-text-file.js';
import type { Pattern } from '../io/pattern.js';

/** An output write failure as one line naming the path: the error code in words, never a stack. */
function outputError(e: unknown, path: string): InputError {
  if (e instanceof InputError) return e;
  const err = e as NodeJS.ErrnoException;
  const why =
    err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied'
    : err.code === 'ENOENT' ? 'no such folder'
    : err.code === 'ENOTDIR' || err.code === 'EEXIST' ? 'a file stands where a folder is needed'
    : err.code === 'EISDIR' ? 'a folder of that name is in the way'
    : err.code === 'EROFS' ? 'read-only file system'
    : err.code === 'ENOSPC' ? 'no space left on the device'
    : err.message;
  return new InputError(`cannot write output: ${why}`, { file: path });
}

/** Writes text or bytes to path through a temporary file in the same folder (created if missing). */
export async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await writeAll([{ path, data }]);
}

const tempName = (path: string) => join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/**
 * Writes files that were all produced before, all or nothing as far as the file system allows:
 * 1. every target is checked (its folder created and writable, the name not taken by a folder) before any byte
 *    is written;
 * 2. every file is written to a temporary name next to its target; if one fails, all temporaries are removed;
 * 3. only then are they renamed into place, the JSON files last: a result JSON is what marks a finished
 *    refinement (a batch's resumable runs read it), so it never stands without its report and plot. If a rename
 *    fails part-way, the files this run already put in place are removed again: they are outputs of a failed run.
 */
export async function writeAll(files: { path: string; data: string | Uint8Array }[]): Promise<void> {
  const ordered = [...files.filter((f) => !f.path.endsWith('.json')), ...files.filter((f) => f.path.endsWith('.json'))];
  for (const dir of new Set(ordered.map((f) => dirname(f.path)))) {
    try {
      await mkdir(dir, { recursive: true });
      await access(dir, constants.W_OK);
    } catch (e) {
      // mkdir names the folder it could not make, which may be a parent of the output folder
      throw outputError(e, (e as NodeJS.ErrnoException).path ?? dir);
    }
  }
  for (const f of ordered) {
    const st = await stat(f.path).catch(() => undefined);
    if (st?.isDirectory()) throw new InputError('cannot write output: a folder of that name is in the way', { file: f.path });
  }
  const temps = ordered.map((f) => ({ ...f, tmp: tempName(f.path) }));
  const written = await Promise.allSettled(temps.map((t) => writeFile(t.tmp, t.data)));
  const failed = written.findIndex((r) => r.status === 'rejected');
  if (failed >= 0) {
    await Promise.all(temps.map((t) => unlink(t.tmp).catch(() => undefined)));
    throw outputError((written[failed] as PromiseRejectedResult).reason, temps[failed].path);
  }
  const placed: string[] = [];
  for (const t of temps) {
    try {
      await rename(t.tmp, t.path);
      placed.push(t.path);
    } catch (e) {
      await Promise.all([...placed, ...temps.slice(placed.length).map((u) => u.tmp)].map((p) => unlink(p).catch(() => undefined)));
      throw outputError(e, t.path);
    }
  }
}

export async function loadStructure(path: string, name?: string): Promise<CrystalStructure> {
  return readCifFile(path, name ? { name } : {});
}

export async function loadPattern(path: string, scan?: number | 'merge'): Promise<Pattern> {
  const file = await loadPatternFile(path);
  return selectScan(file, scan);
}

export async function loadInstrument(path: string): Promise<InstrumentFile> {
  return parseInstrument(await readTextFile(path, 'instrument'), path);
}

/** A finite number from an option, or an InputError naming the option. */
export function numberOption(value: string, option: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x)) throw new InputError(`${option} needs a number, not "${value}"`);
  return x;
}

/** "a:b" or "a:b:c" as numbers. */
export function rangeOption(value: string, option: string, parts: 2 | 3): number[] {
  const bits = value.split(':');
  if (bits.length !== parts) throw new InputError(`${option} needs ${parts === 2 ? 'START:END' : 'START:END:STEP'} (deg), not "${value}"`);
  const nums = bits.map((b) => numberOption(b, option));
  if (!(nums[1] > nums[0])) throw new InputError(`${option}: END must be above START in "${value}"`);
  return nums;
}

export function parseScanOption(v: string | undefined): number | 'merge' | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  if (t === 'merge') return 'merge';
  if (/^\d+$/.test(t) && Number(t) >= 1) return Number(t);
  throw new InputError(`--scan must be a scan number (1, 2, ...) or "merge", not "${v}"`);
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
