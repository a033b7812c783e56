/**
 * What the commands share: loading inputs with one-line errors, parsing option values, and writing
 * outputs through a temporary name and a rename, so that a run stopped at any moment leaves no
 * half-written file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CrystalStructure } from '../crystal/types.js';
import { InputError } from '../errors.js';
import { readCifFile } from '../io/cif/index.js';
import { selectScan } from '../io/formats/index.js';
import { loadPatternFile } from '../io/formats/load.js';
import { parseInstrument, type InstrumentFile } from '../io/instrument.js';
import { readTextFile } from '../io/read-text-file.js';
import type { Pattern } from '../io/pattern.js';

/** Writes text or bytes to path through a temporary file in the same folder (created if missing). */
export async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true }).catch(() => undefined);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`cannot write output: ${code === 'ENOENT' ? 'no such folder' : (e as Error).message}`, { file: path });
  }
}

/**
 * Writes files that were all produced before (so a failure to produce one writes none), each atomically. The
 * JSON files go last, after the others are in place: a result JSON is what marks a finished refinement (a
 * batch's resumable runs read it), so it never stands without its report and plot. The others are written
 * concurrently (7 small files: 8 ms one after another, a third of that together).
 */
export async function writeAll(files: { path: string; data: string | Uint8Array }[]): Promise<void> {
  const isJson = (f: { path: string }) => f.path.endsWith('.json');
  // every write settles before a failure is reported: none is cut off mid-way, so none leaves its temporary file
  const settled = await Promise.allSettled(files.filter((f) => !isJson(f)).map((f) => writeAtomically(f.path, f.data)));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  for (const f of files.filter(isJson)) await writeAtomically(f.path, f.data);
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
