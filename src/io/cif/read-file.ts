/**
 * Reads a CIF file from disk (Node only; node:fs is loaded on first use, so importing the CIF module stays
 * possible in a browser bundle).
 */
import type { CrystalStructure } from '../../crystal/types.js';
import { readTextFile } from '../read-text-file.js';
import { readCifStructure, type CifReadOptions } from './structure.js';

/** Reads and parses a CIF file; a missing or unreadable file is an InputError naming it, a bad one a ParseError. */
export async function readCifFile(path: string, opts: CifReadOptions = {}): Promise<CrystalStructure> {
  return readCifStructure(await readTextFile(path), path, opts).structure;
}
