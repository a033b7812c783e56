/**
 * CIF data block -> CrystalStructure: picks the block, then reads the space group
 * (./symmetry.ts), the cell (./cell.ts) and the atom sites (./atoms.ts).
 * Every failure, including errors from the space-group and element tables, becomes a ParseError
 * naming the file and line.
 */
import { InputError, ParseError } from '../../errors.js';
import type { CrystalStructure } from '../../crystal/types.js';
import { readAtoms } from './atoms.js';
import { readCell, type CellName } from './cell.js';
import { isNull, type CifBlock } from './model.js';
import { parseCifBlocks } from './parser.js';
import { readSpaceGroup } from './symmetry.js';

export interface CifReadOptions {
  /** Phase name; default: the file name without directory and extension. */
  name?: string;
  /** Data block to read (name without "data_", case-insensitive); default: the first block with a cell and atom sites. */
  block?: string;
  /** Called for each warning (e.g. a site without displacement parameter, B set to 0). */
  onWarning?: (w: CifWarning) => void;
}

export interface CifWarning {
  file: string;
  line: number;
  message: string;
}

export interface CifReadResult {
  structure: CrystalStructure;
  /** Name of the data block read. */
  block: string;
  /** esds of the cell parameters as given in the file. */
  cellEsd: Partial<Record<CellName, number>>;
  warnings: CifWarning[];
}

/** The phase name from a file name: "structures/Si.cif" -> "Si". */
export function phaseNameFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

const hasCell = (b: CifBlock): boolean => b.has('_cell_length_a');
const hasAtoms = (b: CifBlock): boolean => b.has('_atom_site_fract_x');

/** Chooses the data block: by name, else the first with a cell and atoms (else the first with atoms, then with a cell, so the error names what is missing). */
export function selectBlock(blocks: CifBlock[], fileName: string, name?: string): CifBlock {
  if (name !== undefined) {
    const want = name.replace(/^data_/i, '').toLowerCase();
    const b = blocks.find((x) => x.name.toLowerCase() === want);
    if (!b) {
      throw new ParseError(`no data block "${name}" (blocks: ${blocks.map((x) => x.name).join(', ') || 'none'})`, { file: fileName, line: 1 });
    }
    return b;
  }
  if (blocks.length === 0) throw new ParseError('no data block (data_...) in the file', { file: fileName, line: 1 });
  return blocks.find((b) => hasCell(b) && hasAtoms(b)) ?? blocks.find(hasAtoms) ?? blocks.find(hasCell) ?? blocks[0];
}

/** A short citation from the block: database codes and the journal reference. */
export function sourceOf(block: CifBlock, fileName: string): string {
  const t = (tag: string): string | undefined => {
    const v = block.value(tag);
    return v === undefined || isNull(v) ? undefined : v.text.replace(/\s+/g, ' ').trim() || undefined;
  };
  const parts = [fileName];
  const cod = t('_cod_database_code');
  if (cod) parts.push(`COD ${cod}`);
  const amcsd = t('_database_code_amcsd');
  if (amcsd) parts.push(`AMCSD ${amcsd}`);
  const icsd = t('_database_code_ICSD');
  if (icsd) parts.push(`ICSD ${icsd}`);
  const authors = block.column('_publ_author_name')?.filter((v) => !isNull(v)).map((v) => v.text.trim());
  const journal = t('_journal_name_full') ?? t('_journal_coden_ASTM');
  if (journal) {
    const who = authors?.length ? `${authors[0]}${authors.length > 1 ? ' et al.' : ''}, ` : '';
    const vol = t('_journal_volume');
    const year = t('_journal_year');
    const page = t('_journal_page_first');
    parts.push(`${who}${journal}${vol ? ` ${vol}` : ''}${year ? ` (${year})` : ''}${page ? ` ${page}` : ''}`);
  }
  const doi = t('_journal_paper_doi');
  if (doi) parts.push(`doi:${doi}`);
  return parts.join('; ');
}

/** Reads a CrystalStructure from CIF text, with the block name, cell esds and warnings. */
export function readCifStructure(text: string, fileName: string, opts: CifReadOptions = {}): CifReadResult {
  try {
    return readUnchecked(text, fileName, opts);
  } catch (e) {
    if (e instanceof ParseError) throw e;
    // an unexpected failure inside a table or a helper: still name the file
    const msg = e instanceof InputError ? e.message : e instanceof Error ? e.message : String(e);
    throw new ParseError(`cannot read CIF: ${msg}`, { file: fileName, line: 1 });
  }
}

function readUnchecked(text: string, fileName: string, opts: CifReadOptions): CifReadResult {
  const blocks = parseCifBlocks(text, fileName);
  const block = selectBlock(blocks, fileName, opts.block);
  const warnings: CifWarning[] = [];
  const fail = (message: string, line: number): never => {
    throw new ParseError(message, { file: fileName, line });
  };
  const warn = (message: string, line: number): void => {
    const w = { file: fileName, line, message };
    warnings.push(w);
    opts.onWarning?.(w);
  };
  if (block.implicit) warn('the file has no data_ block header: read as one data block', block.line);
  if (!hasCell(block) && hasAtoms(block)) fail(`missing cell: no _cell_length_a in data block "${block.name}"`, block.line);
  if (!hasAtoms(block) && !hasCell(block)) {
    fail(`data block "${block.name}" has neither a cell (_cell_length_a) nor atom sites (_atom_site_fract_x)`, block.line);
  }
  const sym = readSpaceGroup(block, fail);
  sym.warnings.forEach((w) => warn(w.message, w.line));
  const cellResult = readCell(block, sym.spaceGroup, fail);
  cellResult.warnings.forEach((w) => warn(w.message, w.line));
  const sites = readAtoms(block, cellResult.cell, sym.spaceGroup, fail, warn);
  const structure: CrystalStructure = {
    name: opts.name ?? phaseNameFromFile(fileName),
    cell: cellResult.cell,
    spaceGroup: sym.spaceGroup,
    sites,
    source: sourceOf(block, fileName),
  };
  return { structure, block: block.name, cellEsd: cellResult.esd, warnings };
}
