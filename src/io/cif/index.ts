/**
 * CIF reader and writer: public surface.
 * - parseCif(text, fileName, opts?): CrystalStructure
 * - readCifFile(path, opts?): Promise<CrystalStructure> (Node)
 * - writeCif(structure, extra?): string
 * - parseCifBlocks(text, fileName): CifBlock[] (the generic model)
 * Every failure to read is a ParseError naming the file and line.
 */
import type { CrystalStructure } from '../../crystal/types.js';
import { readCifStructure, type CifReadOptions } from './structure.js';

export { parseCifBlocks } from './parser.js';
export { CifBlock, isNull, tagKey } from './model.js';
export type { CifItem, CifLoop, CifValue, CifValueKind } from './model.js';
export { parseCifNumber, formatCifNumber } from './numbers.js';
export type { CifNumber } from './numbers.js';
export { readCifStructure, phaseNameFromFile } from './structure.js';
export type { CifReadOptions, CifReadResult, CifWarning } from './structure.js';
export { writeCif } from './writer.js';
export type { WriteCifExtra } from './writer.js';
export { readCifFile } from './read-file.js';
export { uEquivalent } from './atoms.js';

/** Parses CIF text to a structure. opts.name sets the phase name (default: file name without extension), opts.block picks a data block. */
export function parseCif(text: string, fileName: string, opts: CifReadOptions = {}): CrystalStructure {
  return readCifStructure(text, fileName, opts).structure;
}
