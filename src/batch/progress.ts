/**
 * Batch progress on stderr: on a terminal, one bar redrawn in place (done/total, failures, patterns per
 * second, ETA), each failure printed on a line above it; otherwise one plain line per finished pattern,
 * which reads well in a log file. Hand-written (about 60 lines) rather than cli-progress: the bar is one
 * line of text and we need the plain-line mode too.
 */
import type { BatchStatus } from './summary.js';

export interface ProgressEvent {
  kind: 'start' | 'done' | 'end';
  /** patterns in the batch */
  total: number;
  /** finished so far (refined, failed or skipped as up to date) */
  done: number;
  /** patterns this run refines (not up to date, readable) */
  toRun: number;
  failed: number;
  skipped: number;
  /** patterns per second over the refinements of this run */
  rate: number;
  /** seconds to go, estimated */
  etaSeconds: number;
  /** the pattern that just finished ('done') */
  file?: string;
  status?: BatchStatus;
  rwp?: number;
  error?: string;
  /** true when the finished pattern was skipped as up to date */
  wasSkipped?: boolean;
}

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

function clock(s: number): string {
  if (!Number.isFinite(s)) return '--';
  const t = Math.round(s);
  return t >= 3600 ? `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m` : t >= 60 ? `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s` : `${t}s`;
}

/** A progress printer for runBatch's onProgress. */
export function progressPrinter(mode: ProgressMode, stream: NodeJS.WriteStream = process.stderr): (e: ProgressEvent) => void {
  const m = mode === 'auto' ? (stream.isTTY ? 'bar' : 'lines') : mode;
  if (m === 'none') return () => undefined;
  if (m === 'lines') {
    return (e) => {
      if (e.kind === 'start') stream.write(`xrd batch: ${e.total} pattern(s), ${e.skipped} up to date, ${e.toRun} to refine\n`);
      else if (e.kind === 'done' && !e.wasSkipped) {
        const what = e.status === 'error' ? `FAILED: ${e.error}` : `${e.status}${e.rwp !== undefined ? `, Rwp ${e.rwp.toFixed(2)}%` : ''}`;
        stream.write(`[${e.done}/${e.total}] ${e.file}: ${what} (${e.rate.toFixed(2)} patterns/s, ETA ${clock(e.etaSeconds)})\n`);
      } else if (e.kind === 'end') stream.write(`xrd batch: ${e.done - e.failed} ok, ${e.failed} failed, ${e.skipped} skipped as up to date\n`);
    };
  }
  let last = 0;
  return (e) => {
    // a failure is worth a line of its own, above the bar
    if (e.kind === 'done' && e.status === 'error' && !e.wasSkipped) stream.write(`\r\x1b[K${e.file}: FAILED: ${e.error}\n`);
    const now = Date.now();
    if (e.kind === 'done' && e.done < e.total && now - last < 80) return;
    last = now;
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 60));
    const filled = e.total ? Math.round((width * e.done) / e.total) : width;
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const line = `${bar} ${e.done}/${e.total}  failed ${e.failed}  ${e.rate.toFixed(2)}/s  ETA ${e.done >= e.total ? '0s' : clock(e.etaSeconds)}`;
    stream.write(`\r${line}\x1b[K`);
    if (e.kind === 'end') stream.write(`\nxrd batch: ${e.done - e.failed} ok, ${e.failed} failed, ${e.skipped} skipped as up to date\n`);
  };
}
