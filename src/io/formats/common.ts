/**
 * Shared helpers of the pattern readers: strict number parsing, text decoding, bounds-checked
 * binary access and the one place where a reader's columns become a validated Pattern.
 *
 * Every failure here is a ParseError that names the file and a line (text) or byte offset (binary).
 */
import { ParseError } from '../../errors.js';
import type { BadPoint, Pattern, PatternMetadata, Wavelength } from '../pattern.js';

/** Where in the file a value came from, for error messages. */
export interface Where {
  line?: number;
  offset?: number;
}

export function fail(file: string, message: string, where: Where = {}): never {
  throw new ParseError(message, { file, line: where.line, offset: where.offset });
}

// ---------------------------------------------------------------- numbers

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][+-]?\d+)?$/;
const NONFINITE_RE = /^[+-]?(?:nan|inf|infinity|1\.#inf|1\.#ind|1\.#qnan)$/i;

/**
 * Parses one numeric token strictly. Returns undefined when the token is not a number at all,
 * NaN or +-Infinity when the token spells a non-finite value (callers reject those with a
 * message that says so). Fortran "D" exponents are accepted.
 */
export function parseNumberToken(tok: string): number | undefined {
  if (NUMBER_RE.test(tok)) {
    const v = Number(tok.replace(/[dD]/, 'e'));
    return v;
  }
  if (NONFINITE_RE.test(tok)) {
    const t = tok.toLowerCase();
    if (t.includes('nan') || t.includes('ind')) return NaN;
    return t.startsWith('-') ? -Infinity : Infinity;
  }
  return undefined;
}

/** A finite number or a ParseError naming the location and what the value was meant to be. */
export function requireNumber(file: string, tok: string | undefined, what: string, where: Where): number {
  if (tok === undefined || tok === '') fail(file, `missing ${what}`, where);
  const v = parseNumberToken(tok);
  if (v === undefined) fail(file, `${what} is not a number: "${clip(tok)}"`, where);
  if (!Number.isFinite(v)) fail(file, `${what} is not finite: "${clip(tok)}"`, where);
  return v;
}

/** A number from a metadata field, or undefined when absent, not numeric or not finite. */
export function optionalNumber(tok: string | undefined | null): number | undefined {
  if (tok === undefined || tok === null) return undefined;
  const v = parseNumberToken(String(tok).trim());
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

export function clip(s: string, n = 40): string {
  const t = s.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
  return t.length > n ? `${t.slice(0, n)}...` : t;
}

// ---------------------------------------------------------------- text

/** Decodes bytes as UTF-8 (or Latin-1), without a leading byte-order mark. */
export function decodeText(bytes: Uint8Array, encoding: 'utf-8' | 'latin1' = 'utf-8'): string {
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const text = new TextDecoder(encoding === 'latin1' ? 'latin1' : 'utf-8').decode(bytes.subarray(start));
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * 'utf-16le' or 'utf-16be' for text saved as UTF-16 (Windows "Unicode"): a byte-order mark FF FE / FE FF, or
 * (without one) a NUL in every other byte of the first 512 bytes while the bytes between are not NUL, which
 * no UTF-8 text and none of the binary formats read here starts with.
 */
export function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 4) return undefined;
  let le = true;
  let be = true;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0 || bytes[i + 1] !== 0) le = false;
    if (bytes[i] !== 0 || bytes[i + 1] === 0) be = false;
    if (!le && !be) return undefined;
  }
  return le ? 'utf-16le' : 'utf-16be';
}

/** Lines without their terminators (\n, \r\n or \r). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** 1-based line number of a character offset in a text (used by the XML readers on error). */
export function lineAt(text: string, index: number): number {
  let line = 1;
  const end = Math.min(Math.max(index, 0), text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** True when the first bytes look like text (no NUL, few control characters). */
export function looksLikeText(bytes: Uint8Array, limit = 4096): boolean {
  const n = Math.min(bytes.length, limit);
  if (n === 0) return true;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32 && b !== 26)) bad++;
  }
  return bad / n < 0.01;
}

/** The first `n` bytes as Latin-1 text, for content sniffing. */
export function headText(bytes: Uint8Array, n = 4096): string {
  return new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(n, bytes.length)));
}

// ---------------------------------------------------------------- binary

/** Little-endian reads that fail with a ParseError naming the offset instead of reading past the end. */
export class BinaryReader {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get length(): number {
    return this.bytes.length;
  }
  need(offset: number, size: number, what: string): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || size < 0 || offset + size > this.bytes.length) {
      fail(
        this.file,
        `file is truncated: ${what} needs ${size} bytes at offset ${offset}, the file has ${this.bytes.length}`,
        { offset: Math.min(Math.max(0, offset), this.bytes.length) },
      );
    }
  }
  u16(offset: number, what: string): number {
    this.need(offset, 2, what);
    return this.view.getUint16(offset, true);
  }
  u32(offset: number, what: string): number {
    this.need(offset, 4, what);
    return this.view.getUint32(offset, true);
  }
  f32(offset: number, what: string): number {
    this.need(offset, 4, what);
    return this.view.getFloat32(offset, true);
  }
  f64(offset: number, what: string): number {
    this.need(offset, 8, what);
    return this.view.getFloat64(offset, true);
  }
  /** A fixed-size, NUL-padded Latin-1 string field, trimmed. */
  str(offset: number, size: number, what: string): string {
    this.need(offset, size, what);
    let end = offset;
    while (end < offset + size && this.bytes[end] !== 0) end++;
    return new TextDecoder('latin1').decode(this.bytes.subarray(offset, end)).trim();
  }
}

// ---------------------------------------------------------------- metadata helpers

/** Known K-alpha1 lines (A), to recognise an anode from a lone wavelength. */
export const KALPHA1: Record<string, number> = {
  Cr: 2.28970,
  Fe: 1.93604,
  Co: 1.78897,
  Cu: 1.54056,
  Mo: 0.70932,
  Ag: 0.55941,
};

/** The anode whose K-alpha1 matches `lambda` within 0.002 A, if any. */
export function anodeForKalpha1(lambda: number): string | undefined {
  for (const [el, l1] of Object.entries(KALPHA1)) if (Math.abs(l1 - lambda) < 0.002) return el;
  return undefined;
}

/** "CU", "cu " -> "Cu"; anything that is not an element-like symbol -> undefined. */
export function normaliseAnode(s: string | undefined | null): string | undefined {
  if (!s) return undefined;
  const t = String(s).trim();
  if (!/^[A-Za-z]{1,2}$/.test(t)) return undefined;
  return t[0].toUpperCase() + t.slice(1).toLowerCase();
}

/**
 * The emission lines a file states. Ka1 only when the file says so: `ka1Only` (a primary
 * monochromator, "Ka1" wave type), a Ka2/Ka1 ratio of 0, or no separate Ka2 line.
 * Returns undefined when the file gives no usable Ka1 wavelength.
 */
export function kAlphaLines(
  a1: number | undefined,
  a2: number | undefined,
  ratio: number | undefined,
  opts: { ka1Only?: boolean } = {},
): Wavelength[] | undefined {
  if (a1 === undefined || !Number.isFinite(a1) || a1 <= 0.05 || a1 > 20) return undefined;
  const hasA2 = a2 !== undefined && Number.isFinite(a2) && a2 > 0.05 && a2 < 20 && Math.abs(a2 - a1) > 1e-6;
  const r = ratio !== undefined && Number.isFinite(ratio) && ratio >= 0 && ratio <= 2 ? ratio : undefined;
  if (opts.ka1Only || !hasA2 || r === 0) return [{ lambda: a1, weight: 1, label: 'Ka1' }];
  return [
    { lambda: a1, weight: 1, label: 'Ka1' },
    { lambda: a2!, weight: r ?? 0.5, label: 'Ka2' },
  ];
}

/** Drops undefined, empty and non-finite entries so metadata stays clean. */
export function cleanMeta(meta: PatternMetadata): PatternMetadata {
  const out: PatternMetadata = { format: meta.format };
  for (const [k, v] of Object.entries(meta) as [keyof PatternMetadata, unknown][]) {
    if (k === 'format' || v === undefined || v === null || v === '') continue;
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    if (k === 'extra') {
      const extra: Record<string, string | number> = {};
      for (const [ek, ev] of Object.entries(v as Record<string, string | number | undefined>)) {
        if (ev === undefined || ev === null || ev === '') continue;
        if (typeof ev === 'number' && !Number.isFinite(ev)) continue;
        extra[ek] = ev;
      }
      if (Object.keys(extra).length) out.extra = extra;
      continue;
    }
    (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------- pattern building

/** |2theta| must stay below this: a scattering angle of 180 deg or more does not exist, so the file is broken. */
const MAX_TWO_THETA = 180;
/** The largest |count| or sigma accepted per step. */
export const MAX_COUNT = 1e15;
/** 1e+200, not 1000...0 or 1.000e+200 */
const big = (v: number) => v.toExponential(3).replace(/\.?0+e/, 'e');

export interface BuildInput {
  file: string;
  twoTheta: ArrayLike<number>;
  counts: ArrayLike<number>;
  /** Uncertainties from the file; entries <= 0 fall back to sqrt(max(counts, 1)). */
  sigma?: ArrayLike<number>;
  meta: PatternMetadata;
  /** Location of point i (line or byte offset); i = -1 for the block as a whole. */
  locate: (i: number) => Where;
  /**
   * false for scans merged from scans already read: rescaling to a common counting time can put a
   * legitimate zero among neighbours of 20 or more, which the dropped-reading test would refuse
   */
  checkZeros?: boolean;
  /** bad points already known by index (a merge carries its scans' ones over) */
  knownBad?: BadPoint[];
}

/**
 * Median count above which a zero cannot be a Poisson observation: P(0) = e^-20 = 2e-9 per point.
 * Below it a zero is an ordinary observation of a low count (simulated noise, weak backgrounds).
 */
export const DROPPED_READING_COUNTS = 20;

/** Median of the counts of up to 10 points on each side of point i (the point itself left out). */
export function neighbourMedian(y: ArrayLike<number>, i: number, reach = 10): number {
  const v: number[] = [];
  for (let j = Math.max(0, i - reach); j <= Math.min(y.length - 1, i + reach); j++) if (j !== i) v.push(y[j]);
  if (!v.length) return 0;
  v.sort((a, b) => a - b);
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

/**
 * Counts the statistics cannot have produced, at the point's line or offset (2theta in the message for binary
 * files): a negative count, and a zero whose neighbours' median is DROPPED_READING_COUNTS or more (a dropped
 * reading: weighted as sigma 1 it dominates a fit). They are listed, not refused, so that a range or an exclusion
 * can leave them out (refuseBadPoints refuses them in a fit); a pattern of zeros only is refused here.
 */
function badCounts(input: BuildInput): BadPoint[] {
  const { file, twoTheta: x, counts: y, locate } = input;
  const at = (i: number) => `point ${i + 1} (2theta ${Number(x[i].toPrecision(8))} deg)`;
  const bad: BadPoint[] = [];
  const add = (i: number, message: string) => bad.push({ index: i, message, file, ...locate(i) });
  let anyNonZero = false;
  for (let i = 0; i < y.length; i++) {
    if (y[i] < 0) add(i, `${at(i)}: negative intensity ${Number(y[i].toPrecision(7))}: counts cannot be negative`);
    if (y[i] !== 0) anyNonZero = true;
  }
  if (!anyNonZero) fail(file, 'all intensities are zero: no measured counts', locate(-1));
  if (input.checkZeros === false) return bad;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0) continue;
    const m = neighbourMedian(y, i);
    if (m >= DROPPED_READING_COUNTS) add(i, `${at(i)}: intensity 0 among counts of about ${Number(m.toPrecision(3))}: a dropped reading, not a count`);
  }
  return bad;
}

/**
 * Validates the columns of one scan and returns a Pattern:
 * - at least one point; 2theta, counts (and sigma when given) finite, |2theta| < 180;
 * - 2theta strictly increasing; a strictly decreasing scan is reversed; duplicates and
 *   back-steps are rejected naming the point's line or offset;
 * - not all counts zero; negative counts and dropped readings listed as badPoints (badCounts);
 * - sigma from the file when > 0, else sqrt(max(counts, 1)) (so a zero count gets 1);
 * - stepDeg filled in when the steps are uniform and the reader did not set it.
 */
export function buildPattern(input: BuildInput): Pattern {
  const { file, twoTheta: x, counts: y, sigma: s, locate } = input;
  const n = x.length;
  if (n === 0) fail(file, 'no data points', locate(-1));
  if (y.length !== n || (s && s.length !== n)) fail(file, 'columns of unequal length', locate(-1));
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) fail(file, `2theta is not finite (${x[i]})`, locate(i));
    if (!(Math.abs(x[i]) < MAX_TWO_THETA)) fail(file, `2theta ${x[i]} deg is out of range (a scattering angle lies between -180 and 180 deg)`, locate(i));
    if (!Number.isFinite(y[i])) fail(file, `intensity is not finite (${y[i]})`, locate(i));
    if (s && !Number.isFinite(s[i])) fail(file, `uncertainty is not finite (${s[i]})`, locate(i));
    // squares of larger values overflow the fit's sums to Infinity and NaN
    if (Math.abs(y[i]) > MAX_COUNT) fail(file, `intensity ${big(y[i])} is not a count: no detector records more than 1e15 per step`, locate(i));
    if (s && Math.abs(s[i]) > MAX_COUNT) fail(file, `uncertainty ${big(s[i])} is not a count: no detector records more than 1e15 per step`, locate(i));
  }
  const reversed = n >= 2 && x[1] < x[0];
  for (let i = 1; i < n; i++) {
    const ok = reversed ? x[i] < x[i - 1] : x[i] > x[i - 1];
    if (!ok) {
      const what =
        x[i] === x[i - 1]
          ? `duplicate 2theta ${x[i]}`
          : `2theta ${x[i]} after ${x[i - 1]}: the scan must be monotonic in 2theta`;
      fail(file, what, locate(i));
    }
  }
  const bad = [...(input.knownBad ?? []), ...badCounts(input).filter((b) => !input.knownBad?.some((k) => k.index === b.index))];
  const tt = new Float64Array(n);
  const cc = new Float64Array(n);
  const ss = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = reversed ? n - 1 - k : k;
    tt[k] = x[i];
    cc[k] = y[i];
    const fileSigma = s ? s[i] : 0;
    ss[k] = fileSigma > 0 ? fileSigma : Math.sqrt(Math.max(y[i], 1));
  }
  const meta = { ...input.meta };
  if (meta.stepDeg === undefined) {
    const step = uniformStep(tt);
    if (step !== undefined) meta.stepDeg = step;
  }
  if (reversed) meta.extra = { ...meta.extra, order: 'descending in file, reversed' };
  const pattern: Pattern = { twoTheta: tt, counts: cc, sigma: ss, meta: cleanMeta(meta) };
  if (bad.length) {
    pattern.badPoints = bad.map((b) => ({ ...b, index: reversed ? n - 1 - b.index : b.index })).sort((a, b) => a.index - b.index);
  }
  return pattern;
}

/** The step when all steps agree within 1e-3 relative (rounded to 1e-7 deg), else undefined. */
export function uniformStep(x: Float64Array): number | undefined {
  const n = x.length;
  if (n < 2) return undefined;
  const mean = (x[n - 1] - x[0]) / (n - 1);
  if (!(mean > 0)) return undefined;
  for (let i = 1; i < n; i++) if (Math.abs(x[i] - x[i - 1] - mean) > 1e-3 * mean) return undefined;
  return Math.round(mean * 1e7) / 1e7;
}

/** Points start + i*step, computed without accumulating rounding. */
export function stepAxis(start: number, step: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return out;
}

/** An `extra` record without undefined, empty or non-finite entries. */
export function defined(obj: Record<string, string | number | undefined | null>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null || v === '') continue;
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    out[k] = v;
  }
  return out;
}

/**
 * A value stored as float32 (0.02 comes back as 0.019999999552965164) shown as the decimal the
 * instrument software wrote: rounded to 7 significant digits. Doubles that are not exactly a
 * float32 are returned unchanged.
 */
export function tidyFloat32(v: number): number;
export function tidyFloat32(v: number | undefined): number | undefined;
export function tidyFloat32(v: number | undefined): number | undefined {
  if (v === undefined || !Number.isFinite(v) || v === 0 || Math.fround(v) !== v) return v;
  return Number(v.toPrecision(7));
}
