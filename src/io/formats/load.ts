/** Node-only: reads a pattern file from disk (kept apart so a browser bundle can skip it). */
import { readFile } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import type { PatternFile } from '../pattern.js';
import { readPatternFile } from './index.js';

export async function loadPatternFile(path: string): Promise<PatternFile> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new InputError(`cannot read pattern file: ${why}`, { file: path });
  }
  return readPatternFile(bytes, path);
}
