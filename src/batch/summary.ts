/**
 * DIR/summary.csv (SPEC.md section 3): one row per input file, in the order given:
 *   file, status, rwp, gof, then per phase <name>_wt, <name>_wt_esd, <name>_a, <name>_a_esd, <name>_c,
 *   <name>_lvolIB, <name>_lvolFWHM, and last `error` (the message of a failed file, else empty).
 * status is ok, not-converged (results written, exit status 1) or error. rwp in %, wt in %, a and c in A,
 * sizes in nm; a phase a pattern does not hold (recipe phaseSets) and an unbroadened size are empty.
 */
import type { RietveldResult } from '../rietveld/result.js';

export type BatchStatus = 'ok' | 'not-converged' | 'error';

export interface PhaseSummary {
  wt: number;
  wtEsd: number;
  a: number;
  aEsd: number;
  c: number;
  lvolIB: number | null;
  lvolFWHM: number | null;
}

export interface SummaryRow {
  file: string;
  status: BatchStatus;
  rwp: number | null;
  gof: number | null;
  /** by phase name; null for a phase this pattern was not refined with */
  phases: Record<string, PhaseSummary | null>;
  error?: string;
}

/** What the batch knows of one input at the end: its stored result, or why there is none. */
export interface BatchRecord {
  file: string;
  status: BatchStatus;
  result?: RietveldResult;
  error?: string;
}

const finite = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

export function summaryRow(rec: BatchRecord, phaseNames: string[]): SummaryRow {
  const r = rec.result;
  const phases: Record<string, PhaseSummary | null> = {};
  for (const name of phaseNames) {
    const p = r?.phases.find((x) => x.name === name);
    phases[name] = p
      ? {
          wt: p.weightPercent.value, wtEsd: p.weightPercent.esd, a: p.lattice.a.value, aEsd: p.lattice.a.esd, c: p.lattice.c.value,
          lvolIB: finite(p.size.lvolIB.value), lvolFWHM: finite(p.size.lvolFWHM.value),
        }
      : null;
  }
  return { file: rec.file, status: rec.status, rwp: finite(r?.statistics.rwp), gof: finite(r?.statistics.gof), phases, ...(rec.error ? { error: rec.error } : {}) };
}

export function summaryHeader(phaseNames: string[]): string[] {
  return ['file', 'status', 'rwp', 'gof', ...phaseNames.flatMap((n) => ['wt', 'wt_esd', 'a', 'a_esd', 'c', 'lvolIB', 'lvolFWHM'].map((k) => `${n}_${k}`)), 'error'];
}

/** A field quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Six significant digits, shortest form; empty for none. */
export function csvNumber(x: number | null | undefined): string {
  return typeof x === 'number' && Number.isFinite(x) ? String(Number(x.toPrecision(6))) : '';
}

export function summaryCsv(rows: SummaryRow[], phaseNames: string[]): string {
  const lines = [summaryHeader(phaseNames).map(csvField).join(',')];
  for (const row of rows) {
    const cells = [row.file, row.status, csvNumber(row.rwp), csvNumber(row.gof)];
    for (const n of phaseNames) {
      const p = row.phases[n];
      cells.push(...(p ? [p.wt, p.wtEsd, p.a, p.aEsd, p.c, p.lvolIB, p.lvolFWHM].map(csvNumber) : Array(7).fill('')));
    }
    cells.push((row.error ?? '').replace(/\s*\n\s*/g, ' '));
    lines.push(cells.map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}

/** Reads summary.csv back (RFC 4180 quoting): header and rows as records of strings. */
export function parseSummaryCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  const records: string[][] = [];
  let field = '';
  let rec: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') rec.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      rec.push(field), records.push(rec), (rec = []), (field = '');
    } else field += ch;
  }
  if (field !== '' || rec.length) rec.push(field), records.push(rec);
  const [header = [], ...body] = records;
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}
