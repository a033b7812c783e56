/**
 * Siemens/Bruker UXD text files (DIFFRAC-AT / DIFFRAC plus XCH export).
 *
 * "; text" is a comment, "_KEY=VALUE" a setting (file settings before the first range's _DRIVE,
 * range settings after it), and a line holding only a data keyword opens a block of data:
 *   _2THETACOUNTS / _2THETACPS   pairs "2theta value" per line;
 *   _COUNTS / _CPS               values only, 2theta = _START (or _2THETA) + i * _STEPSIZE.
 * CPS values are multiplied by _STEPTIME to give counts. Each data block is one scan.
 */
import type { Pattern, PatternFile, PatternMetadata } from '../pattern.js';
import { buildPattern, clip, decodeText, defined, fail, kAlphaLines, normaliseAnode, optionalNumber, requireNumber, splitLines } from './common.js';

const DATA_KEYS = new Set(['_2THETACOUNTS', '_2THETACPS', '_COUNTS', '_CPS']);
const SETTING_RE = /^_([A-Za-z0-9_]+)\s*=\s*(.*)$/;

export function sniffUxd(head: string): boolean {
  const lines = splitLines(head).slice(0, 300);
  let settings = 0;
  for (const l of lines) {
    const t = l.trim();
    if (/^_FILEVERSION\s*=/.test(t) || DATA_KEYS.has(t.toUpperCase())) return true;
    if (SETTING_RE.test(t)) settings++;
  }
  return settings >= 3;
}

function unquote(v: string): string {
  const t = v.trim();
  return t.length >= 2 && t.startsWith("'") && t.endsWith("'") ? t.slice(1, -1).trim() : t;
}

export function readUxd(bytes: Uint8Array, file: string): PatternFile {
  const lines = splitLines(decodeText(bytes, 'latin1'));
  const fileKeys: Record<string, string> = {};
  let rangeKeys: Record<string, string> = {};
  let inRanges = false;
  const scans: Pattern[] = [];
  let i = 0;
  while (i < lines.length) {
    const t = lines[i].trim();
    i++;
    if (!t || t.startsWith(';')) continue;
    const kw = t.toUpperCase();
    if (DATA_KEYS.has(kw)) {
      const startLine = i; // 1-based line of the keyword
      const keys = { ...fileKeys, ...rangeKeys };
      const block = readBlock(file, lines, i, kw, keys, startLine, scans.length + 1);
      scans.push(block.pattern);
      i = block.next;
      rangeKeys = {};
      inRanges = true;
      continue;
    }
    const m = SETTING_RE.exec(t);
    if (!m) fail(file, `expected "_KEY=value", a data keyword or a "; comment", found "${clip(t)}"`, { line: i });
    const key = m[1].toUpperCase();
    if (key === 'DRIVE') inRanges = true;
    if (inRanges) rangeKeys[key] = unquote(m[2]);
    else fileKeys[key] = unquote(m[2]);
  }
  if (!scans.length) fail(file, 'no data block (_2THETACOUNTS, _2THETACPS, _COUNTS or _CPS)', { line: lines.length });
  return { file, format: 'uxd', scans };
}

function readBlock(
  file: string,
  lines: string[],
  from: number,
  kw: string,
  keys: Record<string, string>,
  kwLine: number,
  rangeNo: number,
): { pattern: Pattern; next: number } {
  const paired = kw.startsWith('_2THETA');
  const cps = kw.endsWith('CPS');
  const x: number[] = [];
  const y: number[] = [];
  const lineOf: number[] = [];
  let i = from;
  for (; i < lines.length; i++) {
    const t = lines[i].trim();
    if (!t || t.startsWith(';')) continue;
    if (t.startsWith('_')) break;
    const where = { line: i + 1 };
    const toks = t.split(/[\s,]+/);
    if (paired) {
      if (toks.length % 2) fail(file, `expected "2theta value" pairs, found ${toks.length} numbers`, where);
      for (let k = 0; k < toks.length; k += 2) {
        x.push(requireNumber(file, toks[k], '2theta', where));
        y.push(requireNumber(file, toks[k + 1], 'intensity', where));
        lineOf.push(i + 1);
      }
    } else {
      for (const tok of toks) {
        y.push(requireNumber(file, tok, 'intensity', where));
        lineOf.push(i + 1);
      }
    }
  }
  const at = { line: kwLine };
  const stepTime = optionalNumber(keys.STEPTIME);
  const step = optionalNumber(keys.STEPSIZE);
  if (!paired) {
    const start = optionalNumber(keys.START) ?? optionalNumber(keys['2THETA']);
    if (start === undefined) fail(file, `${kw} data need _START (or _2THETA) before them`, at);
    if (step === undefined) fail(file, `${kw} data need _STEPSIZE before them`, at);
    for (let k = 0; k < y.length; k++) x.push(start + k * step);
  }
  const extra: Record<string, string | number | undefined> = { range: rangeNo, drive: keys.DRIVE, date: keys.DATEMEASURED, user: keys.USER };
  if (cps) {
    if (stepTime !== undefined && stepTime > 0) for (let k = 0; k < y.length; k++) y[k] *= stepTime;
    else extra.intensityUnit = 'cps (no _STEPTIME to convert to counts)';
  }
  const mono = keys.MONOCHROMATOR;
  if (mono !== undefined && mono !== '0') extra.monochromatorCode = mono;
  const radius = optionalNumber(keys.GONIOMETER_RADIUS);
  const meta: PatternMetadata = {
    format: 'uxd',
    anode: normaliseAnode(keys.ANODE),
    wavelengths: kAlphaLines(optionalNumber(keys.WL1), optionalNumber(keys.WL2), optionalNumber(keys.WLRATIO)),
    stepDeg: step !== undefined && step > 0 ? step : undefined,
    countTimeS: stepTime !== undefined && stepTime > 0 ? stepTime : undefined,
    goniometerRadiusMm: radius !== undefined && radius > 0 ? radius : undefined,
    sampleName: keys.SAMPLE,
    extra: defined(extra),
  };
  const pattern = buildPattern({
    file,
    twoTheta: x,
    counts: y,
    meta,
    locate: (k) => ({ line: k >= 0 ? lineOf[k] : kwLine }),
  });
  return { pattern, next: i };
}
