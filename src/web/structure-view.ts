/**
 * "Structure to pattern": choose phases (bundled or dropped CIFs) with weight fractions, see a phase's
 * cell, space group and reflection list, and watch the calculated pattern follow the sliders.
 */
import { cellVolume } from '../crystal/cell.js';
import { spaceGroupLabel } from '../crystal/spacegroup/index.js';
import { parseCif } from '../io/cif/index.js';
import { reflectionTable } from '../model/reflection-table.js';
import { BUNDLED_CIFS } from './bundled.js';
import { PHASE_COLORS, byId, download, dropZone, errorText, fmt, h, showError, withAlpha } from './dom.js';
import { CELL_RANGE, CU_KA1, LiveSim, cellNames, currentStructure, defaultPhase, type LivePhase, type LiveSettings } from './live.js';
import { Plot, type Series, type TickRow } from './plot.js';
import { slider } from './slider.js';
import { probe } from './probe.js';

interface Row extends LivePhase {
  file: string;
}

const ANODES: [string, number][] = [['Cr', 2.28970], ['Co', 1.78897], ['Cu', CU_KA1], ['Mo', 0.70930]];
const PHYSICS = {
  cell: "Bragg's law, λ = 2d sin θ: a larger cell has larger d-spacings, so every peak moves to lower 2θ (the high-angle ones most).",
  size: 'Scherrer: β = λ / (L cos θ). Smaller crystallites give broader, lower peaks; their area stays the same.',
  strain: 'Microstrain broadens as β = 4ε tan θ: it grows with angle, unlike size broadening.',
  beq: 'Debye–Waller: I ∝ exp(−2B sin²θ / λ²). Thermal vibration weakens the high-angle peaks.',
  lambda: "Bragg's law: a shorter wavelength squeezes the pattern to lower 2θ; the Lorentz–polarization factor (1 + cos²2θ) / (sin²θ cos θ) then reweights the peaks.",
  ka2: 'Kα2 (λ × 1.0025) adds a weaker copy of each peak, split further from Kα1 at high angle.',
};

export class StructureView {
  private readonly sim = new LiveSim();
  readonly plot: Plot;
  private readonly library = new Map<string, string>(BUNDLED_CIFS);
  private rows: Row[] = [];
  private selected = 0;
  private nextId = 1;
  private readonly settings: LiveSettings = { lambda: CU_KA1, ka2Ratio: 0.5, range: [10, 90, 0.01] };
  private tableQueued = false;
  private readonly error = byId('sim-error');

  constructor() {
    this.plot = new Plot(byId('sim-plot'));
    dropZone(byId('sim-sidebar'), '.cif', (files) => void this.addFiles(files));
    byId('add-phase').addEventListener('click', () => this.addPhase(this.rows.length ? 'Ni.cif' : 'Si.cif'));
    byId('sim-reset').addEventListener('click', () => this.plot.reset());
    byId('sim-svg').addEventListener('click', () => download('pattern.svg', this.plot.toSvg(), 'image/svg+xml'));
    this.radiationSliders();
    this.addPhase('Si.cif');
  }

  private addPhase(file: string, weight = 50, render = true): void {
    const text = this.library.get(file);
    if (text === undefined) return;
    try {
      const structure = parseCif(text, file);
      const row: Row = { ...defaultPhase(this.nextId++, structure, this.rows.length ? weight : Math.max(weight, 50)), file };
      this.rows.push(row);
      this.selected = row.id;
      showError(this.error, '');
    } catch (e) {
      showError(this.error, `Could not read ${file}: ${errorText(e)}`);
    }
    if (render) this.renderAll();
  }

  private async addFiles(files: File[]): Promise<void> {
    for (const f of files) {
      const text = await f.text();
      try {
        parseCif(text, f.name);
        this.library.set(f.name, text);
        this.addPhase(f.name);
      } catch (e) {
        showError(this.error, `Could not read ${f.name}: ${errorText(e)}`);
      }
    }
  }

  private get current(): Row | undefined {
    return this.rows.find((r) => r.id === this.selected) ?? this.rows[0];
  }

  private renderAll(): void {
    this.renderRows();
    this.sampleSliders();
    this.update(true);
  }

  private renderRows(): void {
    const list = byId('phase-rows');
    list.replaceChildren(...this.rows.map((r, i) => {
      const select = h('select', { 'aria-label': 'phase', onchange: () => {
        const structure = parseCif(this.library.get(select.value)!, select.value);
        Object.assign(r, defaultPhase(this.nextId++, structure, r.weight), { file: select.value });
        this.selected = r.id;
        this.renderAll();
      } }, ...[...this.library.keys()].map((k) => h('option', { value: k, selected: k === r.file }, k.replace(/\.cif$/i, ''))));
      const weight = h('input', { type: 'number', min: 0, max: 100, step: 1, value: String(r.weight), class: 'weight', 'aria-label': 'weight %', oninput: () => {
        r.weight = Math.max(Number(weight.value) || 0, 0);
        this.update();
      } });
      const remove = h('button', { class: 'icon', title: 'Remove', 'aria-label': 'remove phase', onclick: (e: Event) => {
        e.stopPropagation();
        this.rows = this.rows.filter((x) => x !== r);
        this.renderAll();
      } }, '×');
      return h('div', { class: `phase-row${r.id === this.current?.id ? ' selected' : ''}`, onclick: (e: Event) => {
        if ((e.target as HTMLElement).closest('select,input,button')) return;
        this.selected = r.id;
        this.renderRows();
        this.sampleSliders();
        this.updateInfo();
      } }, h('span', { class: 'swatch', style: `background:${PHASE_COLORS[i % PHASE_COLORS.length]}` }), select, weight, h('span', { class: 'unit' }, 'wt%'), remove);
    }));
  }

  private radiationSliders(): void {
    const lambda = slider({
      id: 'slider-lambda', label: 'Wavelength λ (Kα1)', min: 0.6, max: 2.4, value: this.settings.lambda, unit: 'Å', digits: 4, step: 0.0001,
      physics: PHYSICS.lambda,
      onInput: (v) => ((this.settings.lambda = v), this.update()),
      onChange: (v) => ((this.settings.lambda = v), this.update(false, true)),
    });
    const anodes = h('div', { class: 'chips' }, ...ANODES.map(([name, l]) => h('button', { class: 'chip', onclick: () => {
      lambda.set(l);
      this.settings.lambda = l;
      this.update(false, true);
    } }, name)));
    const ka2 = slider({
      id: 'slider-ka2', label: 'Kα2 / Kα1 ratio', min: 0, max: 1, value: this.settings.ka2Ratio, unit: '', digits: 2, step: 0.01,
      physics: PHYSICS.ka2, onInput: (v) => ((this.settings.ka2Ratio = v), this.update()),
    });
    byId('radiation').replaceChildren(lambda.el, anodes, ka2.el);
  }

  private sampleSliders(): void {
    const r = this.current;
    byId('sample-title').textContent = r ? `Sample: ${r.structure.name}` : 'Sample';
    const host = byId('sample');
    if (!r) return void host.replaceChildren(h('p', { class: 'muted' }, 'Add a phase to begin.'));
    const cp = cellNames(r);
    const els = cp.map((name, j) => {
      const v0 = r.structure.cell[name];
      const angle = name.length > 1;
      const span = angle ? 5 : v0 * CELL_RANGE;
      return slider({
        id: `slider-${name}`, label: `Lattice ${angle ? `angle ${{ alpha: 'α', beta: 'β', gamma: 'γ' }[name as 'alpha']}` : `parameter ${name}`}`,
        min: v0 - span, max: v0 + span, value: r.cell[j], unit: angle ? '°' : 'Å', digits: angle ? 2 : 4, step: angle ? 0.01 : 0.0001,
        physics: PHYSICS.cell, onInput: (v) => ((r.cell[j] = v), this.update()),
      }).el;
    });
    els.push(
      slider({ id: 'slider-size', label: 'Crystallite size L', min: 3, max: 1000, log: true, value: r.sizeNm, unit: 'nm', digits: 0, physics: PHYSICS.size, onInput: (v) => ((r.sizeNm = v), this.update()) }).el,
      slider({ id: 'slider-strain', label: 'Microstrain ε', min: 0, max: 0.5, value: r.strain * 100, unit: '%', digits: 3, step: 0.001, physics: PHYSICS.strain, onInput: (v) => ((r.strain = v / 100), this.update()) }).el,
      slider({ id: 'slider-beq', label: 'Displacement Beq', min: 0, max: 4, value: r.beq, unit: 'Å²', digits: 2, step: 0.01, physics: PHYSICS.beq, onInput: (v) => ((r.beq = v), this.update()) }).el,
    );
    host.replaceChildren(...els);
  }

  /** Recalculate and redraw; the timing covers the calculation and the plot, the table follows in the next frame. */
  private update(resetView = false, exact = false): void {
    const t0 = performance.now();
    if (!this.rows.length) {
      this.plot.setData({ series: [], tickRows: [] });
      byId('sim-info').replaceChildren();
      byId('sim-table').replaceChildren();
      return;
    }
    let res;
    try {
      res = this.sim.update(this.rows, this.settings, exact);
    } catch (e) {
      return showError(this.error, errorText(e));
    }
    const multi = this.rows.length > 1;
    const series: Series[] = multi
      ? this.rows.map((r, i) => ({ label: r.structure.name, x: res.twoTheta, y: res.perPhase[i], color: PHASE_COLORS[i % PHASE_COLORS.length], fill: withAlpha(PHASE_COLORS[i % PHASE_COLORS.length], 0.18), style: 'area', width: 1 }))
      : [];
    series.push({ label: multi ? 'Mixture' : this.rows[0].structure.name, x: res.twoTheta, y: res.total, color: '#111827', style: 'line', width: 1.3 });
    const rows: TickRow[] = this.rows.map((r, i) => ({
      label: r.structure.name, color: PHASE_COLORS[i % PHASE_COLORS.length],
      ticks: res.ticks.filter((t) => t.phase === i).map((t) => ({
        x: t.twoTheta, label: `${r.structure.name} (${t.hkl.join(' ')}) · 2θ ${t.twoTheta.toFixed(3)}° · d ${t.d.toFixed(4)} Å · m ${t.multiplicity}`,
      })),
    }));
    this.plot.setData({ series, tickRows: rows }, resetView);
    const ms = performance.now() - t0;
    probe.redraws.push({ ms, calcMs: res.calcMs, drawMs: this.plot.lastDrawMs, points: res.twoTheta.length, phases: this.rows.length });
    probe.sim = { twoTheta: res.twoTheta, total: res.total, ticks: res.ticks, lambda: this.settings.lambda };
    byId('sim-timing').textContent = `${res.twoTheta.length} points · redrawn in ${ms.toFixed(1)} ms`;
    if (!this.tableQueued) {
      this.tableQueued = true;
      requestAnimationFrame(() => {
        this.tableQueued = false;
        this.updateInfo();
      });
    }
  }

  private updateInfo(): void {
    const r = this.current;
    const i = r ? this.rows.indexOf(r) : -1;
    if (!r) return;
    const s = currentStructure(r);
    const c = s.cell;
    const info = this.sim.phaseInfo(i);
    const v = cellVolume(c);
    const sg = s.spaceGroup;
    const kv = (k: string, val: string) => [h('dt', {}, k), h('dd', {}, val)];
    byId('sim-info').replaceChildren(
      h('h3', {}, s.name),
      h('p', { class: 'muted small source' }, s.source ?? ''),
      h('dl', { class: 'kv' },
        ...kv('Space group', spaceGroupLabel(sg)),
        ...kv('Crystal system', sg.crystalSystem),
        ...kv('a, b, c', `${fmt(c.a, 4)}, ${fmt(c.b, 4)}, ${fmt(c.c, 4)} Å`),
        ...kv('α, β, γ', `${fmt(c.alpha, 2)}, ${fmt(c.beta, 2)}, ${fmt(c.gamma, 2)}°`),
        ...kv('Volume', `${fmt(v, 2)} Å³`),
        ...(info ? [...kv('Atoms in cell', fmt(info.atoms, 0)), ...kv('Density', `${fmt((info.cellMass * 1.66054) / v, 3)} g/cm³`)] : []),
        ...kv('Sites', s.sites.map((x) => x.label).join(', ')),
      ),
    );
    const table = reflectionTable(s, { wavelength: this.settings.lambda, maxTwoTheta: this.settings.range[1] });
    byId('sim-table').replaceChildren(
      h('thead', {}, h('tr', {}, ...['h k l', 'd (Å)', '2θ (°)', 'm', '|F|²', 'I (%)'].map((t) => h('th', {}, t)))),
      h('tbody', {}, ...table.filter((t) => t.twoTheta >= this.settings.range[0]).map((t) =>
        h('tr', { 'data-hkl': t.hkl.join('') },
          h('td', {}, t.hkl.join(' ')), h('td', {}, fmt(t.d, 4)), h('td', {}, fmt(t.twoTheta, 3)),
          h('td', {}, String(t.multiplicity)), h('td', {}, fmt(t.F2, 1)),
          h('td', {}, h('span', { class: 'bar', style: `width:${Math.max(t.iRel, 0.5) * 0.5}px` }), fmt(t.iRel, 1)),
        ))),
    );
  }
}
