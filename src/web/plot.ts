/**
 * An interactive powder-pattern plot on a canvas: curves (min/max decimated per pixel column), one row of
 * reflection ticks per phase, an optional difference band. Wheel zooms about the cursor, drag pans,
 * shift+drag zooms to the dragged range, double-click resets; hovering near a tick shows its label.
 */
import { decimate, extent, type Num } from './decimate.js';
import { CanvasPainter, SvgPainter, type Painter } from './painter.js';

export interface Series {
  label: string;
  x: Num;
  y: Num;
  color: string;
  /** 'area': filled down to zero, with `fill` (a translucent colour), outlined in `color` */
  style: 'line' | 'points' | 'dashed' | 'area';
  fill?: string;
  width?: number;
  /** 'diff': drawn in the difference band below the ticks */
  band?: 'main' | 'diff';
  legend?: boolean;
}

export interface TickMark {
  x: number;
  /** shown on hover, e.g. "Si (1 1 1)  2θ 28.443°  d 3.1355 Å" */
  label: string;
}

export interface TickRow {
  label: string;
  color: string;
  ticks: TickMark[];
}

export interface PlotData {
  series: Series[];
  tickRows: TickRow[];
  xLabel?: string;
  yLabel?: string;
}

interface Layout {
  w: number;
  h: number;
  left: number;
  right: number;
  mainTop: number;
  mainBottom: number;
  ticksTop: number;
  rowH: number;
  diffTop: number;
  diffBottom: number;
  axisY: number;
}

const ROW_H = 13;
const GRID = '#edf0f4';
const AXIS = '#5b6472';

/** Tick values at 1, 2, 5 x 10^k spacing, about `count` of them. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / Math.max(count, 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function fmtTick(v: number, span: number): string {
  if (Math.abs(v) >= 1e5) return `${(v / 1000).toFixed(0)}k`;
  const digits = Math.max(0, Math.min(4, -Math.floor(Math.log10(span / 5))));
  return v.toFixed(digits);
}

export class Plot {
  readonly canvas: HTMLCanvasElement;
  private readonly tip: HTMLDivElement;
  private data: PlotData = { series: [], tickRows: [] };
  private full: [number, number] = [0, 1];
  private view: [number, number] | null = null;
  private drag: { x0: number; view: [number, number]; zoom: boolean; cur: number } | null = null;
  private hoverX: number | null = null;
  /** time of the last draw, ms */
  lastDrawMs = 0;
  /** labels of the ticks under the cursor (for tests and the tooltip) */
  hovered: string[] = [];

  constructor(private readonly host: HTMLElement) {
    host.classList.add('plot-host');
    this.canvas = document.createElement('canvas');
    this.tip = document.createElement('div');
    this.tip.className = 'plot-tip';
    host.append(this.canvas, this.tip);
    this.canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.canvas.addEventListener('pointerdown', (e) => this.onDown(e));
    this.canvas.addEventListener('pointermove', (e) => this.onMove(e));
    this.canvas.addEventListener('pointerup', (e) => this.onUp(e));
    this.canvas.addEventListener('pointerleave', () => this.setHover(null));
    this.canvas.addEventListener('dblclick', () => this.reset());
    new ResizeObserver(() => this.draw()).observe(host);
  }

  /** New curves; the zoom is kept unless the x range changed or `reset` is set. */
  setData(d: PlotData, reset = false): void {
    this.data = d;
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of d.series) {
      if (s.x.length === 0) continue;
      lo = Math.min(lo, s.x[0]);
      hi = Math.max(hi, s.x[s.x.length - 1]);
    }
    const full: [number, number] = Number.isFinite(lo) && hi > lo ? [lo, hi] : [0, 1];
    if (reset || full[0] !== this.full[0] || full[1] !== this.full[1]) this.view = null;
    this.full = full;
    this.draw();
  }

  reset(): void {
    this.view = null;
    this.draw();
  }

  get xRange(): [number, number] {
    return this.view ?? this.full;
  }

  /** The plot as an SVG document, as it is on screen (same view, same size). */
  toSvg(): string {
    const { w, h } = this.size();
    const p = new SvgPainter(Math.round(w), Math.round(h));
    this.render(p, this.layout(w, h));
    return p.toString();
  }

  /** x pixel (CSS px, relative to the canvas) of a 2theta value: for tests and overlays. */
  pixelOf(x: number): number {
    const L = this.layout(this.size().w, this.size().h);
    const [x0, x1] = this.xRange;
    return L.left + ((x - x0) / (x1 - x0)) * (L.w - L.left - L.right);
  }

  draw(): void {
    const t0 = performance.now();
    const { w, h } = this.size();
    const dpr = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(w * dpr) || this.canvas.height !== Math.round(h * dpr)) {
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
      this.canvas.style.width = `${w}px`;
      this.canvas.style.height = `${h}px`;
    }
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    this.render(new CanvasPainter(ctx), this.layout(w, h));
    this.lastDrawMs = performance.now() - t0;
  }

  private size(): { w: number; h: number } {
    return { w: Math.max(this.host.clientWidth, 200), h: Math.max(this.host.clientHeight, 160) };
  }

  private layout(w: number, h: number): Layout {
    const hasDiff = this.data.series.some((s) => s.band === 'diff');
    const rows = this.data.tickRows.length;
    const left = 64;
    const right = 14;
    const axisY = h - 34;
    const diffH = hasDiff ? Math.round((h - 50) * 0.2) : 0;
    const diffBottom = axisY;
    const diffTop = axisY - diffH;
    const ticksH = rows * ROW_H + (rows ? 6 : 0);
    const ticksTop = diffTop - ticksH - (hasDiff ? 4 : 0);
    return { w, h, left, right, mainTop: 12, mainBottom: ticksTop - 2, ticksTop: ticksTop + 4, rowH: ROW_H, diffTop, diffBottom, axisY };
  }

  private render(p: Painter, L: Layout): void {
    const [x0, x1] = this.xRange;
    const pw = L.w - L.left - L.right;
    const sx = (v: number) => L.left + ((v - x0) / (x1 - x0)) * pw;
    const main = this.data.series.filter((s) => s.band !== 'diff');
    const diff = this.data.series.filter((s) => s.band === 'diff');
    let ymin = 0;
    let ymax = -Infinity;
    for (const s of main) {
      const [a, b] = extent(s.x, s.y, x0, x1);
      ymin = Math.min(ymin, a);
      ymax = Math.max(ymax, b);
    }
    if (!(ymax > ymin)) ymax = ymin + 1;
    ymax += (ymax - ymin) * 0.06;
    const sy = (v: number) => L.mainBottom - ((v - ymin) / (ymax - ymin)) * (L.mainBottom - L.mainTop);

    p.rect(0, 0, L.w, L.h, '#ffffff');
    // grid and axes
    const xt = niceTicks(x0, x1, Math.max(2, Math.floor(pw / 90)));
    const yt = niceTicks(ymin, ymax, Math.max(2, Math.floor((L.mainBottom - L.mainTop) / 55)));
    p.segments(xt.flatMap((v) => [Math.round(sx(v)) + 0.5, L.mainTop, Math.round(sx(v)) + 0.5, L.mainBottom]), GRID, 1);
    p.segments(yt.flatMap((v) => [L.left, Math.round(sy(v)) + 0.5, L.w - L.right, Math.round(sy(v)) + 0.5]), GRID, 1);
    for (const v of xt) p.text(fmtTick(v, x1 - x0), sx(v), L.axisY + 6, { align: 'center', baseline: 'top', color: AXIS });
    p.segments(xt.flatMap((v) => [Math.round(sx(v)) + 0.5, L.axisY, Math.round(sx(v)) + 0.5, L.axisY + 4]), AXIS, 1);
    for (const v of yt) p.text(fmtTick(v, ymax - ymin), L.left - 6, sy(v), { align: 'right', color: AXIS });
    p.text(this.data.xLabel ?? '2θ (deg)', L.left + pw / 2, L.h - 4, { align: 'center', baseline: 'bottom', color: AXIS, size: 12 });
    p.text(this.data.yLabel ?? 'Intensity (counts)', 14, (L.mainTop + L.mainBottom) / 2, { align: 'center', vertical: true, color: AXIS, size: 12 });
    p.segments([L.left, L.axisY + 0.5, L.w - L.right, L.axisY + 0.5, L.left + 0.5, L.mainTop, L.left + 0.5, L.axisY], AXIS, 1);

    // curves
    p.clip(L.left, L.mainTop, pw, L.mainBottom - L.mainTop);
    for (const s of main) this.curve(p, s, x0, x1, sx, sy, pw, sy(0));
    p.unclip();

    // tick rows
    this.data.tickRows.forEach((row, r) => {
      const top = L.ticksTop + r * L.rowH;
      const segs: number[] = [];
      for (const t of row.ticks) {
        if (t.x < x0 || t.x > x1) continue;
        const px = Math.round(sx(t.x)) + 0.5;
        segs.push(px, top, px, top + L.rowH - 3);
      }
      p.segments(segs, row.color, 1.4);
      p.text(row.label.length > 9 ? `${row.label.slice(0, 8)}…` : row.label, L.left - 6, top + (L.rowH - 3) / 2, { align: 'right', color: row.color, size: 10, weight: 'bold' });
    });

    // difference band, on the intensity scale of the main plot (a good fit looks flat, as it should)
    if (diff.length) {
      const mid = (L.diffTop + L.diffBottom) / 2;
      const k = (L.mainBottom - L.mainTop) / (ymax - ymin);
      const sd = (v: number) => mid - v * k;
      p.segments([L.left, Math.round(mid) + 0.5, L.w - L.right, Math.round(mid) + 0.5], GRID, 1);
      p.clip(L.left, L.diffTop, pw, L.diffBottom - L.diffTop);
      for (const s of diff) this.curve(p, s, x0, x1, sx, sd, pw);
      p.unclip();
      p.text('obs − calc', L.left - 6, mid, { align: 'right', color: diff[0].color, size: 10 });
    }

    this.legend(p, L);
    // hover guide and drag selection
    if (this.drag?.zoom) {
      const a = Math.min(this.drag.x0, this.drag.cur);
      p.rect(a, L.mainTop, Math.abs(this.drag.cur - this.drag.x0), L.axisY - L.mainTop, 'rgba(37, 99, 235, 0.12)', '#2563eb');
    } else if (this.hoverX !== null && this.hovered.length) {
      p.segments([this.hoverX + 0.5, L.mainTop, this.hoverX + 0.5, L.axisY], '#94a3b8', 1, [3, 3]);
    }
  }

  private curve(p: Painter, s: Series, x0: number, x1: number, sx: (v: number) => number, sy: (v: number) => number, pw: number, base = 0): void {
    const pts = decimate(s.x, s.y, x0, x1, sx, sy);
    const w = s.width ?? 1.3;
    if (s.style === 'area') p.area(pts, base, s.fill ?? 'rgba(37, 99, 235, 0.15)');
    if (s.style === 'points') {
      const perPixel = pts.length / 2 / pw;
      if (perPixel < 0.25) p.markers(pts, s.color, 1.8);
      else p.polyline(pts, s.color, w);
    } else p.polyline(pts, s.color, w, s.style === 'dashed' ? [5, 4] : []);
  }

  private legend(p: Painter, L: Layout): void {
    const items = this.data.series.filter((s) => s.legend !== false);
    if (!items.length) return;
    const rowH = 16;
    const width = 24 + Math.max(...items.map((s) => s.label.length)) * 6.4 + 14;
    const x = L.w - L.right - width - 8;
    let y = L.mainTop + 8;
    p.rect(x, y, width, items.length * rowH + 8, 'rgba(255,255,255,0.88)', '#e2e8f0');
    y += 4;
    for (const s of items) {
      const cy = y + rowH / 2;
      if (s.style === 'points') p.markers(new Float32Array([x + 18, cy]), s.color, 2);
      else if (s.style === 'area') p.rect(x + 8, cy - 5, 20, 10, s.fill ?? null, s.color);
      else p.segments([x + 8, cy, x + 28, cy], s.color, 2, s.style === 'dashed' ? [4, 3] : []);
      p.text(s.label, x + 34, cy, { size: 11, color: '#1f2937' });
      y += rowH;
    }
  }

  private toData(px: number): number {
    const L = this.layout(this.size().w, this.size().h);
    const [x0, x1] = this.xRange;
    return x0 + ((px - L.left) / (L.w - L.left - L.right)) * (x1 - x0);
  }

  private setView(a: number, b: number): void {
    const [f0, f1] = this.full;
    const span = Math.min(Math.max(b - a, 0.02), f1 - f0);
    let lo = Math.max(a, f0);
    if (lo + span > f1) lo = f1 - span;
    this.view = span >= f1 - f0 ? null : [lo, lo + span];
    this.draw();
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const at = this.toData(e.offsetX);
    const [x0, x1] = this.xRange;
    const k = Math.pow(1.0015, e.deltaY);
    this.setView(at - (at - x0) * k, at + (x1 - at) * k);
  }

  private onDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.canvas.setPointerCapture(e.pointerId);
    this.drag = { x0: e.offsetX, view: this.xRange, zoom: e.shiftKey, cur: e.offsetX };
  }

  private onMove(e: PointerEvent): void {
    if (!this.drag) return this.setHover(e);
    this.drag.cur = e.offsetX;
    if (this.drag.zoom) return this.draw();
    const L = this.layout(this.size().w, this.size().h);
    const [a, b] = this.drag.view;
    const shift = ((e.offsetX - this.drag.x0) / (L.w - L.left - L.right)) * (b - a);
    this.canvas.style.cursor = 'grabbing';
    this.setView(a - shift, b - shift);
  }

  private onUp(e: PointerEvent): void {
    const d = this.drag;
    this.drag = null;
    this.canvas.style.cursor = '';
    if (d?.zoom && Math.abs(e.offsetX - d.x0) > 4) {
      const a = this.toData(Math.min(d.x0, e.offsetX));
      const b = this.toData(Math.max(d.x0, e.offsetX));
      this.setView(a, b);
    } else this.draw();
  }

  private setHover(e: PointerEvent | null): void {
    const before = this.hovered.join('|');
    this.hovered = [];
    this.hoverX = null;
    if (e) {
      const [x0, x1] = this.xRange;
      const L = this.layout(this.size().w, this.size().h);
      const perPx = (x1 - x0) / (L.w - L.left - L.right);
      const at = this.toData(e.offsetX);
      const near: { d: number; t: TickMark; row: TickRow }[] = [];
      for (const row of this.data.tickRows) for (const t of row.ticks) {
        const d = Math.abs(t.x - at) / perPx;
        if (d <= 5) near.push({ d, t, row });
      }
      near.sort((a, b) => a.d - b.d);
      this.hovered = near.slice(0, 4).map((n) => n.t.label);
      if (near.length) this.hoverX = Math.round(this.pixelOf(near[0].t.x));
      this.tip.replaceChildren(...near.slice(0, 4).map((n) => {
        const line = document.createElement('div');
        const dot = document.createElement('span');
        dot.className = 'dot';
        dot.style.background = n.row.color;
        line.append(dot, n.t.label);
        return line;
      }));
      this.tip.style.left = `${Math.min(e.offsetX + 14, this.size().w - 250)}px`;
      this.tip.style.top = `${Math.max(e.offsetY - 10, 4)}px`;
    }
    this.tip.style.display = this.hovered.length ? 'block' : 'none';
    if (before !== this.hovered.join('|')) this.draw();
  }
}
