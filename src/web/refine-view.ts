/**
 * "Refine": a measured pattern (dropped, any supported format, or bundled), phases and an instrument go to
 * the worker; observed, calculated and difference curves follow each iteration; the results table gives
 * weight %, cells and sizes with esds, and the report and the plot can be downloaded.
 */
import { parseCif } from '../io/cif/index.js';
import { readPatternFile, selectScan } from '../io/formats/index.js';
import { parseInstrument, type InstrumentFile } from '../io/instrument.js';
import type { Pattern } from '../io/pattern.js';
import { reflectionTable } from '../model/reflection-table.js';
import { formatEsd } from '../io/report/esd.js';
import { freeCellParameters, reportText } from '../io/report/report.js';
import type { RietveldResult } from '../rietveld/result.js';
import { BUNDLED_CIFS, BUNDLED_INSTRUMENT, BUNDLED_PATTERNS, fetchBundledPattern } from './bundled.js';
import { PHASE_COLORS, byId, download, dropZone, errorText, fmt, h, showError } from './dom.js';
import { Plot, type Series, type TickRow } from './plot.js';
import { probe } from './probe.js';
import type { DoneMessage, RefineRequest, WorkerMessage } from './protocol.js';

const CIF_EXT = /\.cif$/i;
const INSTRUMENT_EXT = /\.(json|instprm)$/i;
const CELL_UNITS: Record<string, string> = { a: 'Å', b: 'Å', c: 'Å', alpha: '°', beta: '°', gamma: '°' };

export class RefineView {
  readonly plot: Plot;
  private readonly cifs = new Map<string, string>(BUNDLED_CIFS);
  private readonly instruments = new Map<string, string>([[BUNDLED_INSTRUMENT.name, BUNDLED_INSTRUMENT.text]]);
  private readonly chosen = new Set<string>();
  private pattern: { name: string; data: Pattern } | null = null;
  private worker: Worker | null = null;
  private last: { done: DoneMessage; names: string[]; files: string[]; instrument: string; pattern: string } | null = null;
  private readonly error = byId('ref-error');

  constructor() {
    this.plot = new Plot(byId('ref-plot'));
    const select = byId<HTMLSelectElement>('pattern-select');
    select.append(...[...BUNDLED_PATTERNS.keys()].map((k) => h('option', { value: k }, k)));
    select.addEventListener('change', () => void this.loadBundled(select.value));
    dropZone(byId('ref-sidebar'), '*', (files) => void this.addFiles(files));
    byId('refine-btn').addEventListener('click', () => this.refine());
    byId('stop-btn').addEventListener('click', () => this.stop('Stopped.'));
    byId('ref-reset').addEventListener('click', () => this.plot.reset());
    byId('dl-svg').addEventListener('click', () => download(`${this.baseName()}_plot.svg`, this.plot.toSvg(), 'image/svg+xml'));
    byId('dl-json').addEventListener('click', () => this.downloadJson());
    byId('dl-txt').addEventListener('click', () => this.downloadText());
    this.renderPhases();
    this.renderInstruments();
  }

  private baseName(): string {
    return (this.pattern?.name ?? 'pattern').replace(/\.[^.]+$/, '');
  }

  private async loadBundled(name: string): Promise<void> {
    if (!name) return;
    try {
      this.setPattern(name, await fetchBundledPattern(name));
      showError(this.error, '');
    } catch (e) {
      showError(this.error, `Could not load ${name}: ${errorText(e)}`);
    }
  }

  /** Any dropped file: CIFs become phases, .json/.instprm instruments, anything else a pattern. */
  private async addFiles(files: File[]): Promise<void> {
    for (const f of files) {
      try {
        if (CIF_EXT.test(f.name)) {
          const text = await f.text();
          parseCif(text, f.name);
          this.cifs.set(f.name, text);
          this.chosen.add(f.name);
          this.renderPhases();
        } else if (INSTRUMENT_EXT.test(f.name)) {
          const text = await f.text();
          parseInstrument(text, f.name);
          this.instruments.set(f.name, text);
          this.renderInstruments(f.name);
        } else {
          this.setPattern(f.name, new Uint8Array(await f.arrayBuffer()));
          byId<HTMLSelectElement>('pattern-select').value = '';
        }
        showError(this.error, '');
      } catch (e) {
        showError(this.error, `Could not read ${f.name}: ${errorText(e)}`);
      }
    }
  }

  /** Reads a pattern file (any supported format); throws a readable error for a file that is not one. */
  private setPattern(name: string, bytes: Uint8Array): void {
    const file = readPatternFile(bytes, name);
    const scans = byId<HTMLSelectElement>('scan-select');
    const choose = (scan: number | 'merge') => this.usePattern(name, selectScan(file, scan));
    scans.hidden = file.scans.length < 2;
    scans.replaceChildren(
      ...file.scans.map((sc, i) => h('option', { value: String(i + 1) }, `Scan ${i + 1} of ${file.scans.length}: ${fmt(sc.twoTheta[0], 2)}–${fmt(sc.twoTheta[sc.twoTheta.length - 1], 2)}°`)),
      ...(file.scans.length > 1 ? [h('option', { value: 'merge' }, 'All scans merged')] : []),
    );
    scans.onchange = () => {
      try {
        choose(scans.value === 'merge' ? 'merge' : Number(scans.value));
        showError(this.error, '');
      } catch (e) {
        showError(this.error, `Could not use that scan of ${name}: ${errorText(e)}`);
      }
    };
    choose(1);
  }

  private usePattern(name: string, data: Pattern): void {
    this.stop('');
    this.pattern = { name, data };
    this.last = null;
    const n = data.twoTheta.length;
    const wl = data.meta.wavelengths?.[0]?.lambda;
    byId('pattern-info').textContent =
      `${name} · ${data.meta.format} · ${n} points · ${fmt(data.twoTheta[0], 2)}–${fmt(data.twoTheta[n - 1], 2)}°${wl ? ` · λ ${wl} Å` : ''}`;
    byId('ref-results').replaceChildren();
    byId('downloads').hidden = true;
    this.setStatus('Ready: choose phases and press Refine.');
    this.showPattern(null);
  }

  private renderPhases(): void {
    byId('ref-phases').replaceChildren(...[...this.cifs.keys()].map((k) => {
      const box = h('input', { type: 'checkbox', value: k, checked: this.chosen.has(k), onchange: () => {
        if (box.checked) this.chosen.add(k);
        else this.chosen.delete(k);
        if (!this.last) this.showPattern(null);
      } });
      return h('label', { class: 'check' }, box, k.replace(CIF_EXT, ''));
    }));
  }

  private renderInstruments(select?: string): void {
    const el = byId<HTMLSelectElement>('instrument-select');
    const current = select ?? (el.options.length ? el.value : BUNDLED_INSTRUMENT.name);
    el.replaceChildren(
      ...[...this.instruments.keys()].map((k) => h('option', { value: k, selected: k === current }, k === BUNDLED_INSTRUMENT.name ? 'instrument.json (calibrated on LaB6)' : k)),
      h('option', { value: '', selected: current === '' }, 'none (profile refined, sizes apparent)'),
    );
  }

  private structures() {
    return [...this.chosen].filter((k) => this.cifs.has(k)).map((k) => parseCif(this.cifs.get(k)!, k));
  }

  private instrument(): { name: string; file?: InstrumentFile } {
    const name = byId<HTMLSelectElement>('instrument-select').value;
    return name ? { name, file: parseInstrument(this.instruments.get(name)!, name) } : { name: '' };
  }

  private setStatus(text: string, busy = false): void {
    byId('ref-status').textContent = text;
    byId('ref-status').classList.toggle('busy', busy);
    byId<HTMLButtonElement>('refine-btn').disabled = busy;
    byId<HTMLButtonElement>('stop-btn').hidden = !busy;
  }

  private stop(message: string): void {
    this.worker?.terminate();
    this.worker = null;
    this.setStatus(message);
  }

  private refine(): void {
    if (!this.pattern) return showError(this.error, 'Open a pattern first: pick a bundled one or drop a file.');
    let request: RefineRequest;
    let inst: { name: string; file?: InstrumentFile };
    try {
      const structures = this.structures();
      if (!structures.length) return showError(this.error, 'Choose at least one phase.');
      inst = this.instrument();
      request = { type: 'refine', pattern: this.pattern.data, structures, instrument: inst.file };
    } catch (e) {
      return showError(this.error, errorText(e));
    }
    showError(this.error, '');
    this.stop('');
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    const names = request.structures.map((s) => s.name);
    const files = [...this.chosen].filter((k) => this.cifs.has(k));
    const pattern = this.pattern.name;
    const t0 = performance.now();
    let posts = 0;
    this.last = null;
    byId('ref-results').replaceChildren();
    this.setStatus('Refining…', true);
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      const m = e.data;
      if (m.type === 'progress') {
        posts++;
        this.showPattern({ ycalc: m.ycalc, background: m.background });
        this.setStatus(`Refining… iteration ${m.step}${m.stage ? ` (${m.stage})` : ''} · χ² ${fmt(m.chi2, 1)} · ${fmt(m.elapsedMs / 1000, 2)} s`, true);
      } else if (m.type === 'done') {
        const wallMs = performance.now() - t0;
        this.last = { done: m, names, files, instrument: inst.name, pattern };
        this.showPattern({ ycalc: m.curves.ycalc, background: m.curves.background, done: m });
        this.showResults(m.result);
        const r = m.result;
        this.setStatus(`${r.converged ? 'Converged' : r.message} after ${r.iterations} iterations in ${fmt(m.refineMs / 1000, 2)} s · Rwp ${fmt(r.statistics.rwp, 2)} % · GOF ${fmt(r.statistics.gof, 2)}`);
        probe.refine = { result: r, refineMs: m.refineMs, wallMs, progressPosts: posts };
        worker.terminate();
        this.worker = null;
      } else {
        showError(this.error, `Refinement failed: ${m.message}`);
        this.stop('Failed.');
      }
    };
    worker.onerror = (e) => {
      showError(this.error, `Refinement failed: ${e.message}`);
      this.stop('Failed.');
    };
    worker.postMessage(request);
  }

  /** Observed data with, when given, the calculated curve, background, difference and ticks. */
  private showPattern(calc: { ycalc: Float64Array; background: Float64Array; done?: DoneMessage } | null): void {
    if (!this.pattern) return;
    const p = this.pattern.data;
    const x = calc?.done?.curves.twoTheta ?? p.twoTheta;
    const yobs = calc?.done?.curves.yobs ?? p.counts;
    const series: Series[] = [{ label: 'Observed', x, y: yobs, color: '#7c8799', style: 'points', width: 2.2 }];
    if (calc && calc.ycalc.length === x.length) {
      const diff = Float64Array.from(calc.ycalc, (v, i) => yobs[i] - v);
      series.push(
        { label: 'Calculated', x, y: calc.ycalc, color: '#dc2626', style: 'line', width: 1.3 },
        { label: 'Background', x, y: calc.background, color: '#16a34a', style: 'dashed', width: 1 },
        { label: 'Difference', x, y: diff, color: '#2563eb', style: 'line', width: 1, band: 'diff' },
      );
    }
    this.plot.setData({ series, tickRows: this.tickRows(calc?.done) });
  }

  private tickRows(done?: DoneMessage): TickRow[] {
    const names = done ? this.last?.names ?? [] : [...this.chosen].map((k) => k.replace(CIF_EXT, ''));
    const p = this.pattern!.data;
    const lambda = this.instrument().file?.wavelengths?.[0]?.lambda ?? p.meta.wavelengths?.[0]?.lambda ?? 1.54056;
    const maxTT = p.twoTheta[p.twoTheta.length - 1];
    return names.map((name, i) => {
      const color = PHASE_COLORS[i % PHASE_COLORS.length];
      const label = (hkl: number[], tt: number) => `${name} (${hkl.join(' ')}) · 2θ ${tt.toFixed(3)}°`;
      if (done) return { label: name, color, ticks: done.ticks.filter((t) => t.phase === i).map((t) => ({ x: t.twoTheta, label: label(t.hkl, t.twoTheta) })) };
      try {
        const s = parseCif(this.cifs.get([...this.chosen][i])!, [...this.chosen][i]);
        return { label: name, color, ticks: reflectionTable(s, { wavelength: lambda, maxTwoTheta: maxTT }).map((r) => ({ x: r.twoTheta, label: label(r.hkl, r.twoTheta) })) };
      } catch {
        return { label: name, color, ticks: [] };
      }
    });
  }

  private showResults(r: RietveldResult): void {
    const e = (v: { value: number; esd: number }) => formatEsd(v.value, v.esd);
    const rows = r.phases.map((ph, i) => {
      const cell = freeCellParameters(ph.lattice).names.map((k) => `${k} = ${e(ph.lattice[k])} ${CELL_UNITS[k]}`);
      return h('tr', { 'data-phase': ph.name },
        h('td', {}, h('span', { class: 'swatch', style: `background:${PHASE_COLORS[i % PHASE_COLORS.length]}` }), ph.name),
        h('td', { class: 'num wt' }, e(ph.weightPercent)),
        h('td', { class: 'num' }, ...cell.flatMap((c, j) => (j ? [h('br'), c] : [c]))),
        h('td', { class: 'num' }, e(ph.size.lvolIB)),
        h('td', { class: 'num' }, e(ph.beq)),
        h('td', { class: 'num' }, fmt(ph.rBragg, 2)),
      );
    });
    const s = r.statistics;
    byId('ref-results').replaceChildren(
      h('table', { class: 'results', id: 'results-table' },
        h('thead', {}, h('tr', {}, ...['Phase', 'Weight %', 'Cell', `LVol-IB (nm)${r.phases[0]?.sizeCorrected ? '' : ' apparent'}`, 'Beq (Å²)', 'R_Bragg (%)'].map((t) => h('th', {}, t)))),
        h('tbody', {}, ...rows),
      ),
      h('p', { class: 'stats' },
        `Rwp ${fmt(s.rwp, 2)} %  ·  Rexp ${fmt(s.rexp, 2)} %  ·  GOF ${fmt(s.gof, 3)}  ·  zero ${e(r.zero)}°  ·  ${r.sampleOffsets ? `capillary offsets x ${e(r.sampleOffsets.x)} mm, y ${e(r.sampleOffsets.y)} mm` : `displacement ${e(r.displacement)} mm`}  ·  ${s.points} points, ${s.parameters} parameters`),
      ...(r.warnings.length ? [h('details', { class: 'warnings' }, h('summary', {}, `${r.warnings.length} note${r.warnings.length > 1 ? 's' : ''}`), h('ul', {}, ...r.warnings.map((w) => h('li', {}, w))))] : []),
    );
    byId('downloads').hidden = false;
  }

  private context() {
    const l = this.last!;
    return { pattern: l.pattern, phases: l.names.map((n, i) => ({ name: n, file: l.files[i] })), ...(l.instrument ? { instrument: l.instrument } : {}), command: 'browser demo' };
  }

  private downloadJson(): void {
    if (!this.last) return;
    download(`${this.baseName()}_report.json`, JSON.stringify({ ...this.context(), result: this.last.done.result }, null, 2), 'application/json');
  }

  private downloadText(): void {
    if (!this.last) return;
    download(`${this.baseName()}_report.txt`, reportText(this.last.done.result, this.context()), 'text/plain');
  }
}
