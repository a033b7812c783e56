/**
 * What the commands share: loading inputs with one-line errors, parsing option values, and writing
 * outputs through a temporary name and a rename, so that a run stopped at any moment leaves no
 * half-written file.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { access, lstat, mkdir, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { CrystalStructure } from '../crystal/types.js';
import { InputError } from '../errors.js';
import { readCifFile, type CifWarning } from '../io/cif/index.js';
import { selectScan } from '../io/formats/index.js';
import { loadPatternFile } from '../io/formats/load.js';
import { parseInstrument, type InstrumentFile } from '../io/instrument.js';
import { readTextFile } from '../io/read-text-file.js';
import { checkFilePhaseName } from '../recipe/schema.js';
import type { Pattern } from '../io/pattern.js';

/** An output write failure as one line naming the path: the error code in words, never a stack. */
function outputError(e: unknown, path: string, tmp?: string): InputError {
  if (e instanceof InputError) return e;
  const err = e as NodeJS.ErrnoException;
  const why =
    err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied'
    : err.code === 'ENOENT' ? 'no such folder'
    : err.code === 'ENOTDIR' || err.code === 'EEXIST' ? 'a file stands where a folder is needed'
    : err.code === 'EISDIR' ? 'a folder of that name is in the way'
    : err.code === 'EROFS' ? 'read-only file system'
    : err.code === 'ENOSPC' ? 'no space left on the device'
    : err.code === 'ENAMETOOLONG' ? 'the file name is too long'
    // the user never asked for the temporary: name the output instead
    : tmp ? err.message.split(tmp).join(path) : err.message;
  return new InputError(`cannot write output: ${why}`, { file: path });
}

/** Writes text or bytes to path through a temporary file in the same folder (created if missing). */
export async function writeAtomically(path: string, data: string | Uint8Array, inputs: string[] = []): Promise<void> {
  await writeAll([{ path, data }], inputs);
}

// at most 40 characters of the name (whole code points): any output name that fits then fits its temporary too;
// src/batch/run.ts's TEMP_FILE (`.NAME.PID.8hex.tmp`) recognises it to remove those of a killed run
const tempName = (path: string) =>
  join(dirname(path), `.${[...basename(path)].slice(0, 40).join('')}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** What stands at an output path when it is not a regular file, in words; undefined when nothing or a file. */
function obstacle(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  return st.isSymbolicLink() ? 'a symbolic link is in the way'
    : st.isDirectory() ? 'a folder of that name is in the way'
    : st.isFIFO() ? 'a named pipe (FIFO) is in the way'
    : st.isSocket() ? 'a socket is in the way'
    : st.isCharacterDevice() || st.isBlockDevice() ? 'a device is in the way'
    : 'something that is not a regular file is in the way';
}

/** Removes the folders mkdir made (from `dir` up to `first`) while they are empty. */
async function removeMadeFolders(made: { first: string; dir: string }[]): Promise<void> {
  for (const { first, dir } of made) {
    for (let d = resolve(dir); ; d = dirname(d)) {
      if (!(await rmdir(d).then(() => true, () => false))) break;
      if (d === resolve(first) || dirname(d) === d) break;
    }
  }
}

/**
 * Writes files that were all produced before, all or nothing as far as the file system allows:
 * 1. every target is checked before any byte is written: it is nothing or a regular file (a rename over a device,
 *    a pipe or a symbolic link would replace it), it is none of `inputs` (the command's input files), its folder
 *    is created and writable;
 * 2. every file is written to a temporary name next to its target; if one fails, all temporaries are removed;
 * 3. only then are they renamed into place, the JSON files last: a result JSON is what marks a finished
 *    refinement (a batch's resumable runs read it), so it never stands without its report and plot. If a rename
 *    fails part-way, the files this run already put in place are removed again: they are outputs of a failed run.
 * Folders made in step 1 are removed again, when empty, after a failure of step 2 or 3.
 */
export async function writeAll(files: { path: string; data: string | Uint8Array }[], inputs: string[] = []): Promise<void> {
  const ordered = [...files.filter((f) => !f.path.endsWith('.json')), ...files.filter((f) => f.path.endsWith('.json'))];
  const inputStats = (await Promise.all(inputs.map((p) => stat(p).catch(() => undefined)))).filter((s): s is Stats => !!s);
  for (const f of ordered) {
    // ENOENT: a new file; other lstat errors (a file as parent, no access) are said by mkdir or access below
    const st = await lstat(f.path).catch(() => undefined);
    if (!st) continue;
    const kind = obstacle(st);
    if (kind) throw new InputError(`cannot write output: ${kind}`, { file: f.path });
    // same device and inode: also catches the same file under another name (hard link, symlinked folder)
    if (inputStats.some((i) => i.dev === st.dev && i.ino === st.ino)) {
      throw new InputError('cannot write output: it is an input of this command, which it would overwrite', { file: f.path });
    }
  }
  const made: { first: string; dir: string }[] = [];
  const fail = async (e: InputError): Promise<never> => {
    await removeMadeFolders(made);
    throw e;
  };
  for (const dir of new Set(ordered.map((f) => dirname(f.path)))) {
    try {
      const first = await mkdir(dir, { recursive: true });
      if (first) made.push({ first, dir });
      await access(dir, constants.W_OK);
    } catch (e) {
      // mkdir names the folder it could not make, which may be a parent of the output folder
      // the folders made before stay (empty): test/cli/robust-io-write.test.ts expects them
      throw outputError(e, (e as NodeJS.ErrnoException).path ?? dir);
    }
  }
  const temps = ordered.map((f) => ({ ...f, tmp: tempName(f.path) }));
  const written = await Promise.allSettled(temps.map((t) => writeFile(t.tmp, t.data)));
  const failed = written.findIndex((r) => r.status === 'rejected');
  if (failed >= 0) {
    await Promise.all(temps.map((t) => unlink(t.tmp).catch(() => undefined)));
    return fail(outputError((written[failed] as PromiseRejectedResult).reason, temps[failed].path, temps[failed].tmp));
  }
  const placed: string[] = [];
  for (const t of temps) {
    try {
      await rename(t.tmp, t.path);
      placed.push(t.path);
    } catch (e) {
      await Promise.all([...placed, ...temps.slice(placed.length).map((u) => u.tmp)].map((p) => unlink(p).catch(() => undefined)));
      return fail(outputError(e, t.path, t.tmp));
    }
  }
}

/** Reads a CIF; its warnings (e.g. a negative B set to 0) go to stderr, one line each, so they are not lost. */
export async function loadStructure(path: string, name?: string): Promise<CrystalStructure> {
  const onWarning = (w: CifWarning) =>
    process.stderr.write(`xrd: warning: ${w.file}:${w.line}: ${w.message}`.replace(/[\x00-\x1f\x7f]/g, '?') + '\n');
  return readCifFile(path, name ? { name, onWarning } : { onWarning });
}

/** A --phase CIF whose name (the file name without extension) keeps to the recipe's rule for phase names. */
export async function loadPhase(path: string): Promise<CrystalStructure> {
  const s = await loadStructure(path);
  checkFilePhaseName(s.name, path);
  return s;
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

/** --k, the Scherrer constant (about 0.9), for size and wh: above 0 (K <= 0 gave a size of 0 or below) and at most 2. */
export function scherrerOption(value: string): number {
  const k = numberOption(value, '--k');
  if (!(k > 0)) throw new InputError(`--k (the Scherrer constant) must be above 0, not ${value}`);
  // K of 1e9 gave a size of any magnitude
  if (!(k <= 2)) throw new InputError(`--k (the Scherrer constant, about 0.9) must be above 0 and at most 2, not ${value}`);
  return k;
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
