/**
 * Reads a CIF file from disk (Node only). node:fs is loaded on first use, so importing the CIF
 * module stays possible in a browser bundle.
 */
import { InputError } from '../../errors.js';
import type { CrystalStructure } from '../../crystal/types.js';
import { readCifStructure, type CifReadOptions } from './structure.js';

/** Reads and parses a CIF file; a missing or unreadable file is an InputError naming it, a bad one a ParseError. */
export async function readCifFile(path: string, opts: CifReadOptions = {}): Promise<CrystalStructure> {
  let text: string;
  try {
    const { readFile } = await import('node:fs/promises');
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'no such file' : `cannot read file (${code ?? String(e)})`, { file: path });
  }
  return readCifStructure(text, path, opts).structure;
}
