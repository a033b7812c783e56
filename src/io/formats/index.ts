/**
 * Reading the files diffractometers write, and writing what users take elsewhere.
 *
 * The reader is chosen by content first (magic bytes, ZIP members, XML root, text markers) and
 * by file extension second. Everything here is pure (no fs), so it runs in the browser too;
 * `loadPatternFile` (node fs) lives in ./load.ts.
 *
 * Format ids: xy, xye, csv, gsas, xrdml, bruker-raw-v1 .. bruker-raw-v4, brml, uxd,
 * rigaku-ras, rigaku-rasx.
 */
import { ParseError } from '../../errors.js';
import type { PatternFile } from '../pattern.js';
import { readBrml, isBrmlMember } from './brml.js';
import { readBrukerRaw, sniffBrukerRaw } from './bruker-raw.js';
import { clip, fail, headText, looksLikeText, decodeText, utf16Encoding } from './common.js';
import { readGsas, sniffGsas } from './gsas.js';
import { isRasxMember, readRas, readRasx, sniffRas } from './rigaku.js';
import { readText, sniffTextFlavour } from './text.js';
import { readUxd, sniffUxd } from './uxd.js';
import { readXrdml, sniffXrdml } from './xrdml.js';
import { isZip, zipNames } from './zip.js';

export { selectScan } from './select.js';
export { writeCsv, writeFxye, writeXye } from './write.js';

type Reader = (bytes: Uint8Array, file: string) => PatternFile;

interface FormatEntry {
  /** Format ids this entry reads. */
  ids: string[];
  /** Extensions (lower case, without dot) that point to this reader when content does not. */
  extensions: string[];
  read: Reader;
}

const FORMATS: FormatEntry[] = [
  { ids: ['bruker-raw-v1', 'bruker-raw-v2', 'bruker-raw-v3', 'bruker-raw-v4'], extensions: ['raw'], read: readBrukerRaw },
  { ids: ['brml'], extensions: ['brml'], read: readBrml },
  { ids: ['rigaku-rasx'], extensions: ['rasx'], read: readRasx },
  { ids: ['xrdml'], extensions: ['xrdml'], read: readXrdml },
  { ids: ['rigaku-ras'], extensions: ['ras'], read: readRas },
  { ids: ['uxd'], extensions: ['uxd'], read: readUxd },
  { ids: ['gsas'], extensions: ['gsa', 'gsas', 'fxye', 'gss', 'xra'], read: readGsas },
  { ids: ['xy', 'xye', 'csv'], extensions: ['xy', 'xye', 'csv', 'dat', 'txt', 'asc', 'prn'], read: readText },
];

/** Format ids a reader exists for. */
export const FORMAT_IDS: readonly string[] = FORMATS.flatMap((f) => f.ids);

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const i = base.lastIndexOf('.');
  return i > 0 ? base.slice(i + 1).toLowerCase() : '';
}

/** Format id by content; undefined when the content says nothing decisive. */
function byContent(bytes: Uint8Array, fileName: string): string | undefined {
  const raw = sniffBrukerRaw(bytes);
  if (raw !== null) return `bruker-raw-v${raw}`;
  if (isZip(bytes)) {
    let names: string[];
    try {
      names = zipNames(bytes, fileName);
    } catch {
      return undefined; // a damaged archive: let the extension choose, the reader will say what is wrong
    }
    if (isBrmlMember(names)) return 'brml';
    if (isRasxMember(names)) return 'rigaku-rasx';
    return undefined;
  }
  if (!looksLikeText(bytes)) return undefined;
  const head = headText(bytes, 16384);
  if (sniffXrdml(head)) return 'xrdml';
  if (sniffRas(head)) return 'rigaku-ras';
  if (sniffUxd(head)) return 'uxd';
  if (sniffGsas(head)) return 'gsas';
  return undefined;
}

/**
 * The format id of a file: by content first, by extension second; text that no other reader
 * claims is read as columns. Throws ParseError for a file no reader takes, and for UTF-16 text.
 */
export function detectFormat(bytes: Uint8Array, fileName: string): string {
  // refused rather than decoded: the readers and their messages work on UTF-8 / Latin-1 bytes
  if (utf16Encoding(bytes)) fail(fileName, 'file is UTF-16 encoded; save it as UTF-8', { offset: 0 });
  const id = byContent(bytes, fileName);
  if (id) return id;
  const ext = extensionOf(fileName);
  const entry = FORMATS.find((f) => f.extensions.includes(ext));
  if (entry && entry.read !== readText) return entry.ids[0];
  if (looksLikeText(bytes)) {
    const flavour = sniffTextFlavour(decodeText(bytes.subarray(0, Math.min(bytes.length, 65536))));
    if (flavour) return flavour;
    if (entry) return entry.ids[0];
    fail(fileName, 'no numeric data columns found: not a pattern file', { line: 1 });
  }
  if (isZip(bytes)) fail(fileName, 'a ZIP archive that is neither .brml (Experiment*/RawData*.xml) nor .rasx (Data*/Profile*.txt)', { offset: 0 });
  const magic = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  fail(fileName, `unrecognised binary file (first bytes ${magic || 'none'}): not a supported pattern format`, { offset: 0 });
}

/**
 * Reads any supported pattern file. Pure: give it the bytes and the name (the name is used in
 * messages and, when the content is not decisive, to choose the format by extension).
 * Every failure is a ParseError naming the file and the line or byte offset.
 */
export function readPatternFile(bytes: Uint8Array, fileName: string): PatternFile {
  const id = detectFormat(bytes, fileName);
  const entry = FORMATS.find((f) => f.ids.includes(id))!;
  try {
    return entry.read(bytes, fileName);
  } catch (e) {
    if (e instanceof ParseError) throw e;
    // a safety net: readers check what they read, but a malformed file must never escape as
    // anything but a ParseError
    const msg = e instanceof Error ? e.message : String(e);
    throw new ParseError(`cannot read as ${id}: ${clip(msg, 200)}`, { file: fileName, offset: 0 });
  }
}
