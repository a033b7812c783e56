/**
 * GSAS powder data files (.gsa, .gsas, .fxye, .raw, .xra ...): a title line, optional
 * "Instrument parameter file:" and "#" comment lines, then one or more banks, each opened by
 *
 *   BANK ibank nchan nrec bintyp bcoef1 bcoef2 bcoef3 bcoef4 [type]
 *
 * Constant-wavelength banks (bintyp CONST or CONS) are read: bcoef1 = first 2theta and
 * bcoef2 = step, both in centidegrees. Data types:
 *   STD  10 fields of 8 characters per record, each (I2 counters, F6 intensity); sigma =
 *        sqrt(max(I, 1) / counters) (counters blank = 1);
 *   ESD  5 pairs (F8 intensity, F8 esd) per record;
 *   FXYE one point per record, free format: 2theta in centidegrees, intensity, esd.
 * Time-of-flight banks (RALF, SLOG, TIME_MAP) are skipped: they hold no 2theta scan.
 */
import type { Pattern, PatternFile, PatternMetadata } from '../pattern.js';
import { buildPattern, clip, decodeText, fail, parseNumberToken, requireNumber, splitLines, stepAxis } from './common.js';
import { metadataFromNotes } from './text.js';

const BANK_RE = /^BANK\s+\d+/;

export function sniffGsas(head: string): boolean {
  const lines = splitLines(head).slice(0, 60);
  return lines.some((l) => BANK_RE.test(l.trimStart()));
}

interface Bank {
  line: number;
  tokens: string[];
  dataStart: number; // index into lines
  dataEnd: number; // exclusive
}

export function readGsas(bytes: Uint8Array, file: string): PatternFile {
  const lines = splitLines(decodeText(bytes, 'latin1'));
  const title = (lines[0] ?? '').trim();
  const notes: string[] = [];
  let instprm: string | undefined;
  const banks: Bank[] = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (BANK_RE.test(t)) {
      if (banks.length) banks[banks.length - 1].dataEnd = i;
      banks.push({ line: i + 1, tokens: t.split(/\s+/), dataStart: i + 1, dataEnd: lines.length });
    } else if (!banks.length && i > 0) {
      if (t.startsWith('#')) notes.push(t.replace(/^#+\s*/, ''));
      const m = /^Instrument parameter file:\s*(.*)$/i.exec(t);
      if (m) instprm = m[1].trim();
    }
  }
  if (!banks.length) fail(file, 'no BANK line found: not a GSAS powder data file', { line: 1 });

  const base: PatternMetadata = { format: 'gsas', ...metadataFromNotes(notes) };
  base.extra = { ...base.extra, title: title.slice(0, 80), instrumentParameterFile: instprm ?? '' };
  const scans: Pattern[] = [];
  const skipped: string[] = [];
  for (const bank of banks) {
    const p = readBank(file, lines, bank, base, skipped);
    if (p) scans.push(p);
  }
  if (!scans.length) {
    fail(file, `no constant-wavelength bank (${skipped.join(', ')}): time-of-flight data are not a 2theta scan`, {
      line: banks[0].line,
    });
  }
  return { file, format: 'gsas', scans };
}

function readBank(file: string, lines: string[], bank: Bank, base: PatternMetadata, skipped: string[]): Pattern | undefined {
  const tk = bank.tokens;
  const at = { line: bank.line };
  if (tk.length < 5) fail(file, `BANK line needs at least "BANK n nchan nrec bintyp", found "${clip(tk.join(' '))}"`, at);
  const ibank = requireNumber(file, tk[1], 'bank number', at);
  const nchan = requireNumber(file, tk[2], 'number of points (nchan)', at);
  const nrec = requireNumber(file, tk[3], 'number of records (nrec)', at);
  if (!Number.isInteger(nchan) || nchan < 1) fail(file, `number of points must be a positive integer, found ${clip(tk[2] ?? '')}`, at);
  if (!Number.isInteger(nrec) || nrec < 1) fail(file, `number of records must be a positive integer, found ${clip(tk[3] ?? '')}`, at);
  const bintyp = tk[4].toUpperCase();
  if (bintyp === 'RALF' || bintyp === 'SLOG' || bintyp === 'TIME_MAP') {
    skipped.push(`bank ${ibank} ${clip(bintyp)}`);
    return undefined;
  }
  if (bintyp !== 'CONST' && bintyp !== 'CONS') fail(file, `unknown BANK binning "${clip(tk[4])}" (expected CONST)`, at);
  const start = requireNumber(file, tk[5], 'start (bcoef1, centidegrees)', at) / 100;
  const step = requireNumber(file, tk[6], 'step (bcoef2, centidegrees)', at) / 100;
  const dtype = (tk.find((t, i) => i >= 9 && /^(STD|ESD|FXYE|ALT)$/i.test(t)) ?? 'STD').toUpperCase();

  // data records: non-blank lines up to the next BANK, at most nrec of them
  const recs: number[] = [];
  for (let i = bank.dataStart; i < bank.dataEnd && recs.length < nrec; i++) {
    if (lines[i].trim() === '' || lines[i].trimStart().startsWith('#')) continue;
    recs.push(i);
  }
  const x: number[] = [];
  const y: number[] = [];
  const s: number[] = [];
  const lineOf: number[] = [];
  const endLine = recs.length ? recs[recs.length - 1] + 1 : bank.line;

  if (dtype === 'FXYE') {
    for (const i of recs) {
      if (x.length >= nchan) break;
      const where = { line: i + 1 };
      const f = lines[i].trim().split(/\s+/);
      if (f.length < 2) fail(file, `FXYE record needs "2theta intensity esd", found "${clip(lines[i].trim())}"`, where);
      x.push(requireNumber(file, f[0], '2theta (centidegrees)', where) / 100);
      y.push(requireNumber(file, f[1], 'intensity', where));
      s.push(f.length > 2 ? requireNumber(file, f[2], 'esd', where) : 0);
      lineOf.push(i + 1);
    }
  } else if (dtype === 'STD' || dtype === 'ESD') {
    const perRec = dtype === 'STD' ? 10 : 5;
    for (const i of recs) {
      if (y.length >= nchan) break;
      const where = { line: i + 1 };
      const vals = dtype === 'STD' ? stdRecord(file, lines[i], where) : esdRecord(file, lines[i], where);
      if (vals.length > perRec) fail(file, `record has ${vals.length} values, at most ${perRec} expected`, where);
      for (const v of vals) {
        if (y.length >= nchan) break;
        y.push(v[0]);
        s.push(v[1]);
        lineOf.push(i + 1);
      }
    }
    const xs = stepAxis(start, step, y.length);
    for (let i = 0; i < xs.length; i++) x.push(xs[i]);
  } else {
    fail(file, `GSAS data type ${dtype} is not supported (STD, ESD and FXYE are)`, at);
  }
  if (y.length < nchan) {
    fail(file, `bank ${ibank} promises ${nchan} points but holds ${y.length}: file truncated?`, { line: endLine });
  }
  const meta: PatternMetadata = { ...base, extra: { ...base.extra, bank: ibank, dataType: dtype } };
  if (dtype !== 'FXYE' && step > 0) meta.stepDeg = Math.round(step * 1e9) / 1e9;
  return buildPattern({
    file,
    twoTheta: x,
    counts: y,
    sigma: s,
    meta,
    locate: (i) => ({ line: i >= 0 ? lineOf[i] : bank.line }),
  });
}

/** STD record: up to 10 fields (I2 counters, F6 intensity); returns [intensity, sigma]. */
function stdRecord(file: string, line: string, where: { line: number }): [number, number][] {
  const out: [number, number][] = [];
  const text = line.replace(/\s+$/, '');
  const fixed = fixedFields(text, 8);
  if (fixed) {
    for (const f of fixed) {
      const nTok = f.slice(0, 2).trim();
      const vTok = f.slice(2).trim();
      if (!vTok && !nTok) {
        out.push([0, 1]); // a blank field reads as zero (Fortran list semantics)
        continue;
      }
      const nctr = nTok ? requireNumber(file, nTok, 'number of counters', where) : 1;
      const v = requireNumber(file, vTok || nTok, 'intensity', where);
      const n = vTok && nctr > 0 ? nctr : 1;
      out.push([v, Math.sqrt(Math.max(v, 1) / n)]);
    }
    return out;
  }
  for (const tok of text.trim().split(/\s+/)) {
    const v = requireNumber(file, tok, 'intensity', where);
    out.push([v, 0]);
  }
  return out;
}

/** ESD record: up to 5 (F8 intensity, F8 esd) pairs. */
function esdRecord(file: string, line: string, where: { line: number }): [number, number][] {
  const text = line.replace(/\s+$/, '');
  let toks: string[];
  const fixed = fixedFields(text, 8);
  if (fixed) toks = fixed.map((f) => f.trim());
  else toks = text.trim().split(/\s+/);
  if (toks.length % 2) fail(file, `ESD record must hold (intensity, esd) pairs, found ${toks.length} values`, where);
  const out: [number, number][] = [];
  for (let k = 0; k < toks.length; k += 2) {
    out.push([requireNumber(file, toks[k], 'intensity', where), requireNumber(file, toks[k + 1], 'esd', where)]);
  }
  return out;
}

/**
 * Splits a record into 8-character fields when every non-blank field is numeric (the GSAS
 * fixed layout); returns undefined for a free-format record whose fields do not line up.
 */
function fixedFields(text: string, w: number): string[] | undefined {
  const out: string[] = [];
  for (let k = 0; k < text.length; k += w) {
    const f = text.slice(k, k + w);
    if (f.trim() === '') {
      out.push(f);
      continue;
    }
    const nTok = f.slice(0, 2).trim();
    const body = f.trim();
    if (parseNumberToken(body) === undefined) {
      // STD field "NNvvvvvv" with counters glued to the value
      if (!(nTok && parseNumberToken(nTok) !== undefined && parseNumberToken(f.slice(2).trim()) !== undefined)) return undefined;
    }
    out.push(f);
  }
  // trailing blank fields are not points
  while (out.length && out[out.length - 1].trim() === '') out.pop();
  return out;
}

