/**
 * SVG plots of powder patterns, written as plain strings (no DOM; runs in Node and the browser):
 * - rietveldSvg: the standard Rietveld plot (observed points, calculated line, dashed background,
 *   one row of reflection ticks per phase, the difference curve on its own band below, legend);
 * - patternSvg: a simulated pattern with per-phase tick rows and optional per-phase curves;
 * - williamsonHallSvg: beta cos(theta) against sin(theta) per phase with the fitted lines.
 * Long patterns stay small: lines are reduced to first/min/max/last per pixel column and observed
 * markers to min/max pairs per pixel column (peaks are never lost); coordinates have 2 decimals.
 */
import { ticks as d3ticks, tickStep } from 'd3-array';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { line as d3line } from 'd3-shape';

export type IntensityScale = 'linear' | 'sqrt' | 'log';

export interface PhaseMarks {
  name: string;
  /** reflection positions, deg 2theta */
  ticks: number[];
  /** this phase's calculated contribution, same points as twoTheta */
  curve?: Float64Array;
}

export interface RietveldPlotData {
  twoTheta: Float64Array;
  yobs: Float64Array;
  ycalc: Float64Array;
  background?: Float64Array;
  phases: PhaseMarks[];
  /** 2theta regions left out of the refinement, deg: shaded, and no difference drawn there */
  excluded?: [number, number][];
  title?: string;
  intensityScale?: IntensityScale;
  width?: number;
  height?: number;
}

export interface PatternPlotData {
  twoTheta: Float64Array;
  y: Float64Array;
  phases: PhaseMarks[];
  title?: string;
  intensityScale?: IntensityScale;
  width?: number;
  height?: number;
}

export interface WilliamsonHallData {
  phases: { name: string; points: { x: number; y: number; hkl?: string }[]; fit: { slope: number; intercept: number } }[];
  title?: string;
  width?: number;
  height?: number;
}

export const COLORS = {
  observed: '#1a1a1a',
  calculated: '#d62728',
  background: '#2ca02c',
  difference: '#1f4e9c',
  axis: '#333333',
  grid: '#e6e6e6',
  excluded: '#ececec',
  phases: ['#1f77b4', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'],
};
const FONT = 'font-family="sans-serif"';

const phaseColor = (i: number) => COLORS.phases[i % COLORS.phases.length];
const r2 = (x: number) => (Math.round(x * 100) / 100).toString();

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Tick labels with as many decimals as the tick step needs. */
function tickFormat(lo: number, hi: number, count: number): (v: number) => string {
  const step = Math.abs(tickStep(lo, hi, count));
  const decimals = step > 0 && Number.isFinite(step) ? Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) : 0;
  return (v) => {
    const s = v.toFixed(decimals);
    return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
  };
}

/** A domain that is finite and not empty. */
function safeDomain(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi - lo <= 0) {
    const d = Math.abs(lo) > 0 ? Math.abs(lo) * 0.05 : 1;
    return [lo - d, hi + d];
  }
  return [lo, hi];
}

// ---- intensity transforms ----

interface Transform {
  f: (y: number) => number;
  label: string;
  /** tick label of a transformed value */
  tickLabel?: (t: number) => string;
  /** tick positions in transformed units */
  ticks?: (lo: number, hi: number) => number[];
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const superscript = (n: number) => String(n).replace('-', '⁻').replace(/\d/g, (c) => SUPERSCRIPT[Number(c)]);

function transformOf(kind: IntensityScale, values: Float64Array[]): Transform {
  if (kind === 'sqrt') {
    return { f: (y) => Math.sign(y) * Math.sqrt(Math.abs(y)), label: 'Intensity (√counts)' };
  }
  if (kind === 'log') {
    let floor = Infinity;
    for (const v of values) for (let i = 0; i < v.length; i++) if (v[i] > 0 && v[i] < floor) floor = v[i];
    if (!Number.isFinite(floor)) floor = 1;
    floor = Math.min(floor, 1);
    return {
      f: (y) => Math.log10(Math.max(y, floor)),
      label: 'Intensity (log counts)',
      ticks: (lo, hi) => {
        const out: number[] = [];
        for (let k = Math.ceil(lo - 1e-9); k <= Math.floor(hi + 1e-9); k++) out.push(k);
        if (out.length >= 2) return out;
        return d3ticks(lo, hi, 5); // less than a decade: ordinary ticks
      },
      tickLabel: (t) => (Math.abs(t - Math.round(t)) < 1e-9 ? `10${superscript(Math.round(t))}` : formatCounts(10 ** t)),
    };
  }
  return { f: (y) => y, label: 'Intensity (counts)' };
}

function formatCounts(c: number): string {
  return c >= 100 ? c.toFixed(0) : c.toPrecision(2);
}

// ---- decimation ----

type Pt = [number, number];

/**
 * Pixel points of a curve, reduced to first/min/max/last per pixel column (exact look at any zoom
 * up to one pixel); segments are split where a value is not finite.
 */
function linePoints(xs: ArrayLike<number>, ys: ArrayLike<number>, sx: (x: number) => number, sy: (y: number) => number): Pt[][] {
  const segments: Pt[][] = [];
  let seg: Pt[] = [];
  let col = NaN;
  let bucket: Pt[] = [];
  const flush = () => {
    if (bucket.length === 0) return;
    if (bucket.length <= 4) seg.push(...bucket);
    else {
      let iMin = 0, iMax = 0;
      for (let i = 1; i < bucket.length; i++) {
        if (bucket[i][1] < bucket[iMin][1]) iMin = i;
        if (bucket[i][1] > bucket[iMax][1]) iMax = i;
      }
      const keep = [...new Set([0, Math.min(iMin, iMax), Math.max(iMin, iMax), bucket.length - 1])];
      for (const i of keep) seg.push(bucket[i]);
    }
    bucket = [];
  };
  for (let i = 0; i < xs.length; i++) {
    const px = sx(xs[i]);
    const py = sy(ys[i]);
    if (!Number.isFinite(px) || !Number.isFinite(py)) {
      flush();
      if (seg.length) segments.push(seg);
      seg = [];
      col = NaN;
      continue;
    }
    const c = Math.floor(px);
    if (c !== col) {
      flush();
      col = c;
    }
    bucket.push([px, py]);
  }
  flush();
  if (seg.length) segments.push(seg);
  return segments;
}

/** Observed markers: every point where there is at most one per pixel column, else that column's min and max. */
function markerPoints(xs: ArrayLike<number>, ys: ArrayLike<number>, sx: (x: number) => number, sy: (y: number) => number): Pt[] {
  const out: Pt[] = [];
  let col = NaN;
  let lo: Pt | null = null;
  let hi: Pt | null = null;
  const flush = () => {
    if (lo && hi) {
      if (lo === hi) out.push(lo);
      else if (lo[0] <= hi[0]) out.push(lo, hi);
      else out.push(hi, lo);
    }
    lo = hi = null;
  };
  for (let i = 0; i < xs.length; i++) {
    const px = sx(xs[i]);
    const py = sy(ys[i]);
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    const c = Math.floor(px);
    if (c !== col) {
      flush();
      col = c;
    }
    const p: Pt = [px, py];
    if (!lo || py > lo[1]) lo = p; // screen y grows downwards: largest py is the lowest intensity
    if (!hi || py < hi[1]) hi = p;
  }
  flush();
  return out;
}

const pathGen = d3line<Pt>().digits(2);

function pathD(segments: Pt[][]): string {
  return segments.map((s) => pathGen(s) ?? '').join('');
}

function dotsD(points: Pt[]): string {
  // zero-length subpaths with round caps draw as dots
  return points.map(([x, y]) => `M${r2(x)},${r2(y)}h0`).join('');
}

// ---- shared layout pieces ----

interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function xAxis(x: ScaleLinear<number, number>, y0: number, label: string, count: number): string {
  const [lo, hi] = x.domain();
  const fmt = tickFormat(lo, hi, count);
  const parts: string[] = [];
  for (const t of d3ticks(lo, hi, count)) {
    const px = r2(x(t));
    parts.push(`<line x1="${px}" x2="${px}" y1="${r2(y0)}" y2="${r2(y0 + 5)}"/>`);
    parts.push(`<text x="${px}" y="${r2(y0 + 18)}" text-anchor="middle" stroke="none">${fmt(t)}</text>`);
  }
  const [r0, r1] = x.range();
  parts.push(`<text x="${r2((r0 + r1) / 2)}" y="${r2(y0 + 40)}" text-anchor="middle" font-size="14" stroke="none">${escapeXml(label)}</text>`);
  return `<g class="x-axis" stroke="${COLORS.axis}" fill="${COLORS.axis}" font-size="12">${parts.join('')}</g>`;
}

function yAxis(
  y: ScaleLinear<number, number>, x0: number, label: string, count: number,
  ticks?: number[], tickLabel?: (t: number) => string,
): string {
  const [lo, hi] = y.domain();
  const values = ticks ?? d3ticks(lo, hi, count);
  const fmt = tickLabel ?? tickFormat(lo, hi, count);
  const parts: string[] = [];
  for (const t of values) {
    if (t < Math.min(lo, hi) - 1e-12 || t > Math.max(lo, hi) + 1e-12) continue;
    const py = r2(y(t));
    parts.push(`<line x1="${r2(x0 - 5)}" x2="${r2(x0)}" y1="${py}" y2="${py}"/>`);
    parts.push(`<text x="${r2(x0 - 8)}" y="${py}" dy="0.35em" text-anchor="end" stroke="none">${escapeXml(fmt(t))}</text>`);
  }
  const [r0, r1] = y.range();
  const cy = r2((r0 + r1) / 2);
  const labelW = Math.max(0, ...values.map((t) => approxTextWidth(fmt(t), 12)));
  const lx = x0 - Math.min(Math.max(labelW + 22, 40), x0 - 10);
  parts.push(`<text transform="translate(${r2(lx)},${cy}) rotate(-90)" text-anchor="middle" font-size="14" stroke="none">${escapeXml(label)}</text>`);
  return `<g class="y-axis" stroke="${COLORS.axis}" fill="${COLORS.axis}" font-size="12">${parts.join('')}</g>`;
}

type LegendSymbol =
  | { kind: 'dot'; color: string }
  | { kind: 'line'; color: string; dash?: string }
  | { kind: 'tick'; color: string }
  | { kind: 'band'; color: string };

type LegendEntry = { label: string; symbol: LegendSymbol };
const LEGEND_ROW = 18;

function legendSize(entries: LegendEntry[]): { w: number; h: number } {
  if (entries.length === 0) return { w: 0, h: 0 };
  const textW = Math.max(...entries.map((e) => approxTextWidth(e.label, 12)));
  return { w: 34 + textW + 10, h: entries.length * LEGEND_ROW + 8 };
}

/** A legend box with its top-left corner at (x0, top). */
function legend(entries: LegendEntry[], x0: number, top: number): string {
  if (entries.length === 0) return '';
  const { w, h } = legendSize(entries);
  const rows = entries.map((e, i) => {
    const cy = top + 4 + LEGEND_ROW * i + LEGEND_ROW / 2;
    const s = e.symbol;
    let glyph: string;
    if (s.kind === 'dot') glyph = `<circle cx="${r2(x0 + 18)}" cy="${r2(cy)}" r="2.2" fill="${s.color}"/>`;
    else if (s.kind === 'band') glyph = `<rect x="${r2(x0 + 10)}" y="${r2(cy - 6)}" width="16" height="12" fill="${s.color}" stroke="#bbbbbb" stroke-width="0.5"/>`;
    else if (s.kind === 'tick') glyph = `<line x1="${r2(x0 + 18)}" x2="${r2(x0 + 18)}" y1="${r2(cy - 6)}" y2="${r2(cy + 6)}" stroke="${s.color}" stroke-width="1.6"/>`;
    else glyph = `<line x1="${r2(x0 + 8)}" x2="${r2(x0 + 28)}" y1="${r2(cy)}" y2="${r2(cy)}" stroke="${s.color}" stroke-width="1.6"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`;
    return `${glyph}<text x="${r2(x0 + 34)}" y="${r2(cy)}" dy="0.35em" fill="${COLORS.axis}">${escapeXml(e.label)}</text>`;
  });
  return `<g class="legend" font-size="12"><rect x="${r2(x0)}" y="${r2(top)}" width="${r2(w)}" height="${r2(h)}" fill="#ffffff" fill-opacity="0.85" stroke="#bbbbbb" stroke-width="0.8" rx="3"/>${rows.join('')}</g>`;
}

/** Light horizontal grid lines at the intensity ticks inside a panel. */
function gridLines(ticks: number[], y: ScaleLinear<number, number>, panel: Frame): string {
  const [lo, hi] = y.domain();
  return `<g class="grid" stroke="${COLORS.grid}" stroke-width="1">${ticks
    .filter((t) => t >= lo && t <= hi)
    .map((t) => `<line x1="${r2(panel.left)}" x2="${r2(panel.right)}" y1="${r2(y(t))}" y2="${r2(y(t))}"/>`)
    .join('')}</g>`;
}

/** Frame, 2theta axis, intensity axis and legend of a pattern plot, then the document around the body. */
function closePlot(
  body: string[],
  o: {
    frame: Frame; x: ScaleLinear<number, number>; y: ScaleLinear<number, number>; tf: Transform; yTicks: number[];
    legendEntries: LegendEntry[]; place: { x0: number; top: number }; width: number; height: number; title?: string;
  },
): string {
  body.push(frameRect(o.frame));
  body.push(xAxis(o.x, o.frame.bottom, '2θ (deg)', 10));
  body.push(yAxis(o.y, o.frame.left, o.tf.label, 6, o.yTicks, o.tf.tickLabel));
  body.push(legend(o.legendEntries, o.place.x0, o.place.top));
  return svgDocument(o.width, o.height, o.title, body);
}

/**
 * Where a legend goes in a panel whose y scale may still grow: the top corner (right first) over the
 * lowest data, and the top of the y domain that keeps that data below the box (at most 1.6 times the
 * data range; past that the legend is allowed to overlap).
 */
function placeLegend(
  size: { w: number; h: number }, panel: Frame, x: ScaleLinear<number, number>,
  twoTheta: ArrayLike<number>, curves: ArrayLike<number>[], f: (y: number) => number, lo: number, hi: number,
): { x0: number; top: number; hi: number } {
  const top = panel.top + 8;
  const candidates = [panel.right - 8 - size.w, panel.left + 8];
  let best = { x0: candidates[0], peak: Infinity };
  for (const x0 of candidates) {
    const a = x.invert(x0 - 4), b = x.invert(x0 + size.w + 4);
    let peak = -Infinity;
    for (let i = 0; i < twoTheta.length; i++) {
      if (twoTheta[i] < a || twoTheta[i] > b) continue;
      for (const c of curves) {
        const v = f(c[i]);
        if (v > peak) peak = v;
      }
    }
    if (peak < best.peak) best = { x0, peak };
  }
  const H = panel.bottom - panel.top;
  const free = panel.bottom - (top + size.h + 6); // pixels below the legend box
  let newHi = hi;
  if (Number.isFinite(best.peak) && free > 0) {
    const need = lo + ((best.peak - lo) * H) / free;
    if (need > hi) newHi = need <= lo + (hi - lo) * 1.6 ? need : hi;
  }
  return { x0: best.x0, top, hi: newHi };
}

/** A rough width of sans-serif text (for laying out the legend box). */
function approxTextWidth(s: string, size: number): number {
  return [...s].length * size * 0.6;
}

function svgDocument(width: number, height: number, title: string | undefined, body: string[]): string {
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`;
  const bg = `<rect width="${width}" height="${height}" fill="#ffffff"/>`;
  const t = title ? `<text x="${r2(width / 2)}" y="24" text-anchor="middle" font-size="16" font-weight="bold" fill="${COLORS.axis}">${escapeXml(title)}</text>` : '';
  return `${head}${title ? `<title>${escapeXml(title)}</title>` : ''}${bg}${t}${body.join('\n')}</svg>\n`;
}

function extent(arrays: ArrayLike<number>[], f: (y: number) => number = (y) => y): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = f(a[i]);
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return [lo, hi];
}

/** One row of reflection ticks per phase, from y0 downwards; ticks outside the x range are left out. */
function tickRows(phases: PhaseMarks[], x: ScaleLinear<number, number>, y0: number, rowH: number): string {
  const [lo, hi] = x.domain();
  return phases
    .map((p, i) => {
      const top = y0 + i * rowH + 2;
      const d = p.ticks
        .filter((t) => Number.isFinite(t) && t >= lo && t <= hi)
        .map((t) => `M${r2(x(t))},${r2(top)}v${r2(rowH - 4)}`)
        .join('');
      return `<path class="ticks" data-phase="${escapeXml(p.name)}" d="${d}" stroke="${phaseColor(i)}" stroke-width="1.2" fill="none"/>`;
    })
    .join('\n');
}

function frameRect(f: Frame): string {
  return `<rect class="frame" x="${r2(f.left)}" y="${r2(f.top)}" width="${r2(f.right - f.left)}" height="${r2(f.bottom - f.top)}" fill="none" stroke="${COLORS.axis}" stroke-width="1"/>`;
}

function clipDef(id: string, f: Frame): string {
  return `<defs><clipPath id="${id}"><rect x="${r2(f.left)}" y="${r2(f.top)}" width="${r2(f.right - f.left)}" height="${r2(f.bottom - f.top)}"/></clipPath></defs>`;
}

function checkLengths(n: number, arrays: [string, ArrayLike<number> | undefined][]): void {
  for (const [name, a] of arrays) if (a && a.length !== n) throw new RangeError(`plot: ${name} has ${a.length} points, twoTheta has ${n}`);
}

// ---- the plots ----

/** The standard Rietveld plot as an SVG document. */
export function rietveldSvg(d: RietveldPlotData): string {
  const n = d.twoTheta.length;
  checkLengths(n, [['yobs', d.yobs], ['ycalc', d.ycalc], ['background', d.background], ...d.phases.map((p) => [`${p.name} curve`, p.curve] as [string, Float64Array | undefined])]);
  const width = d.width ?? 1000;
  const height = d.height ?? 620;
  const tf = transformOf(d.intensityScale ?? 'linear', [d.yobs, d.ycalc]);
  const frame: Frame = { left: 84, right: width - 20, top: d.title ? 40 : 16, bottom: height - 52 };
  const rowH = 14;
  const ticksH = d.phases.length * rowH + 6;
  const plotH = frame.bottom - frame.top;
  const diffH = Math.max(40, Math.round(plotH * 0.2));
  const mainBottom = frame.bottom - diffH - ticksH;
  const main: Frame = { ...frame, bottom: mainBottom };
  const diffBand: Frame = { ...frame, top: mainBottom + ticksH };

  const x = scaleLinear().domain(safeDomain(...extent([d.twoTheta]))).range([frame.left, frame.right]);
  // on a log scale a phase's curve sits on the background (alone it would fall to the floor between peaks)
  const logScale = d.intensityScale === 'log';
  const phaseCurves = d.phases.map((p) => {
    if (!p.curve) return undefined;
    if (!logScale || !d.background) return p.curve;
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = p.curve[i] + d.background[i];
    return c;
  });
  const present = (c: Float64Array | undefined): c is Float64Array => c !== undefined;
  const curves = [d.yobs, d.ycalc, ...(d.background ? [d.background] : []), ...(logScale ? [] : phaseCurves.filter(present))];
  const [ylo0, yhi0] = safeDomain(...extent(curves, tf.f));
  const pad = (yhi0 - ylo0) * 0.04;
  const legendEntries: LegendEntry[] = [
    { label: 'Observed', symbol: { kind: 'dot', color: COLORS.observed } },
    { label: 'Calculated', symbol: { kind: 'line', color: COLORS.calculated } },
    ...(d.background ? [{ label: 'Background', symbol: { kind: 'line', color: COLORS.background, dash: '6 4' } as LegendSymbol }] : []),
    { label: 'Difference', symbol: { kind: 'line', color: COLORS.difference } },
    ...d.phases.map((p, i) => ({ label: p.name, symbol: { kind: 'tick', color: phaseColor(i) } as LegendSymbol })),
    ...(d.excluded?.length ? [{ label: 'Excluded', symbol: { kind: 'band', color: COLORS.excluded } as LegendSymbol }] : []),
  ];
  const place = placeLegend(legendSize(legendEntries), main, x, d.twoTheta, [d.yobs, d.ycalc], tf.f, ylo0 - pad, yhi0 + pad * 1.5);
  const y = scaleLinear().domain([ylo0 - pad, place.hi]).range([main.bottom, main.top]);

  // difference in displayed units: counts (linear, log) or sqrt(yobs) - sqrt(ycalc)
  const diff = new Float64Array(n);
  const diffOf = d.intensityScale === 'sqrt' ? (i: number) => tf.f(d.yobs[i]) - tf.f(d.ycalc[i]) : (i: number) => d.yobs[i] - d.ycalc[i];
  const excluded = d.excluded ?? [];
  const isExcluded = (t: number) => excluded.some(([a, b]) => t >= a && t <= b);
  for (let i = 0; i < n; i++) diff[i] = isExcluded(d.twoTheta[i]) ? NaN : diffOf(i);
  const [dlo, dhi] = safeDomain(...extent([diff]));
  const bandUsable = (diffBand.bottom - diffBand.top) * 0.9;
  const mainK = (main.bottom - main.top) / (y.domain()[1] - y.domain()[0]); // pixels per displayed unit
  const k = d.intensityScale === 'log' ? bandUsable / (dhi - dlo) : Math.min(mainK, bandUsable / (dhi - dlo));
  const mid = (diffBand.top + diffBand.bottom) / 2;
  const dc = (dlo + dhi) / 2;
  const yd = (v: number) => mid - (v - dc) * k;
  const sx = (v: number) => x(v);
  const syMain = (v: number) => y(tf.f(v));

  const body: string[] = [];
  body.push(clipDef('plot-main', main), clipDef('plot-diff', diffBand));
  // light horizontal grid on the main panel
  const yTicks = tf.ticks ? tf.ticks(y.domain()[0], y.domain()[1]) : d3ticks(y.domain()[0], y.domain()[1], 6);
  body.push(gridLines(yTicks, y, main));
  for (const [a, b] of excluded) {
    const x0 = Math.max(frame.left, x(a));
    const x1 = Math.min(frame.right, x(b));
    if (x1 > x0) body.push(`<rect class="excluded" x="${r2(x0)}" y="${r2(main.top)}" width="${r2(x1 - x0)}" height="${r2(diffBand.bottom - main.top)}" fill="${COLORS.excluded}"/>`);
  }
  const g: string[] = [];
  if (d.background) {
    g.push(`<path class="background" d="${pathD(linePoints(d.twoTheta, d.background, sx, syMain))}" fill="none" stroke="${COLORS.background}" stroke-width="1.2" stroke-dasharray="6 4"/>`);
  }
  d.phases.forEach((p, i) => {
    const c = phaseCurves[i];
    if (c) g.push(`<path class="phase-curve" data-phase="${escapeXml(p.name)}" d="${pathD(linePoints(d.twoTheta, c, sx, syMain))}" fill="none" stroke="${phaseColor(i)}" stroke-width="1" stroke-opacity="0.8"/>`);
  });
  g.push(`<path class="observed" d="${dotsD(markerPoints(d.twoTheta, d.yobs, sx, syMain))}" fill="none" stroke="${COLORS.observed}" stroke-width="2.6" stroke-linecap="round"/>`);
  g.push(`<path class="calculated" d="${pathD(linePoints(d.twoTheta, d.ycalc, sx, syMain))}" fill="none" stroke="${COLORS.calculated}" stroke-width="1.3" stroke-linejoin="round"/>`);
  body.push(`<g clip-path="url(#plot-main)">${g.join('\n')}</g>`);

  body.push(tickRows(d.phases, x, main.bottom + 3, rowH));
  body.push(
    `<g clip-path="url(#plot-diff)"><line class="zero" x1="${r2(diffBand.left)}" x2="${r2(diffBand.right)}" y1="${r2(yd(0))}" y2="${r2(yd(0))}" stroke="#999999" stroke-width="0.8" stroke-dasharray="3 3"/>` +
      `<path class="difference" d="${pathD(linePoints(d.twoTheta, diff, sx, yd))}" fill="none" stroke="${COLORS.difference}" stroke-width="1"/></g>`,
  );
  const diffLabel = d.intensityScale === 'sqrt' ? 'obs − calc (√counts)' : 'obs − calc (counts)';
  body.push(`<text x="${r2(diffBand.left + 6)}" y="${r2(diffBand.top + 12)}" font-size="11" fill="#555555">${escapeXml(diffLabel)}</text>`);
  body.push(`<line x1="${r2(frame.left)}" x2="${r2(frame.right)}" y1="${r2(diffBand.top)}" y2="${r2(diffBand.top)}" stroke="#cccccc" stroke-width="0.8"/>`);
  return closePlot(body, { frame, x, y, tf, yTicks, legendEntries, place, width, height, title: d.title });
}

/** A (simulated) pattern with one tick row per phase and optional per-phase curves. */
export function patternSvg(d: PatternPlotData): string {
  const n = d.twoTheta.length;
  checkLengths(n, [['y', d.y], ...d.phases.map((p) => [`${p.name} curve`, p.curve] as [string, Float64Array | undefined])]);
  const width = d.width ?? 1000;
  const height = d.height ?? 520;
  const tf = transformOf(d.intensityScale ?? 'linear', [d.y]);
  const frame: Frame = { left: 84, right: width - 20, top: d.title ? 40 : 16, bottom: height - 52 };
  const rowH = 14;
  const ticksH = d.phases.length * rowH + 6;
  const main: Frame = { ...frame, bottom: frame.bottom - ticksH };
  const x = scaleLinear().domain(safeDomain(...extent([d.twoTheta]))).range([frame.left, frame.right]);
  const [ylo0, yhi0] = safeDomain(...extent([d.y, ...(d.intensityScale === 'log' ? [] : d.phases.flatMap((p) => (p.curve ? [p.curve] : [])))], tf.f));
  const pad = (yhi0 - ylo0) * 0.04;
  const legendEntries: LegendEntry[] = [
    { label: 'Pattern', symbol: { kind: 'line', color: COLORS.observed } },
    ...d.phases.map((p, i) => ({ label: p.name, symbol: { kind: 'tick', color: phaseColor(i) } as LegendSymbol })),
  ];
  const place = placeLegend(legendSize(legendEntries), main, x, d.twoTheta, [d.y], tf.f, ylo0 - pad, yhi0 + pad * 1.5);
  const y = scaleLinear().domain([ylo0 - pad, place.hi]).range([main.bottom, main.top]);
  const sx = (v: number) => x(v);
  const sy = (v: number) => y(tf.f(v));
  const yTicks = tf.ticks ? tf.ticks(y.domain()[0], y.domain()[1]) : d3ticks(y.domain()[0], y.domain()[1], 6);

  const body: string[] = [clipDef('plot-main', main)];
  body.push(gridLines(yTicks, y, main));
  const g: string[] = [];
  g.push(`<path class="pattern" d="${pathD(linePoints(d.twoTheta, d.y, sx, sy))}" fill="none" stroke="${COLORS.observed}" stroke-width="1.4" stroke-linejoin="round"/>`);
  d.phases.forEach((p, i) => {
    if (p.curve) g.push(`<path class="phase-curve" data-phase="${escapeXml(p.name)}" d="${pathD(linePoints(d.twoTheta, p.curve, sx, sy))}" fill="none" stroke="${phaseColor(i)}" stroke-width="1.1" stroke-opacity="0.9"/>`);
  });
  body.push(`<g clip-path="url(#plot-main)">${g.join('\n')}</g>`);
  body.push(tickRows(d.phases, x, main.bottom + 3, rowH));
  body.push(`<line x1="${r2(frame.left)}" x2="${r2(frame.right)}" y1="${r2(main.bottom)}" y2="${r2(main.bottom)}" stroke="#cccccc" stroke-width="0.8"/>`);
  return closePlot(body, { frame, x, y, tf, yTicks, legendEntries, place, width, height, title: d.title });
}

/** Williamson-Hall plot: beta cos(theta) against sin(theta), one colour per phase, with the fitted lines. */
export function williamsonHallSvg(d: WilliamsonHallData): string {
  const width = d.width ?? 720;
  const height = d.height ?? 480;
  const frame: Frame = { left: 90, right: width - 20, top: d.title ? 40 : 16, bottom: height - 52 };
  const pts = d.phases.flatMap((p) => p.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  let [xlo, xhi] = safeDomain(Math.min(0, ...pts.map((p) => p.x)), Math.max(...pts.map((p) => p.x), 0));
  xhi += (xhi - xlo) * 0.05;
  const fitAt = (f: { slope: number; intercept: number }, xv: number) => f.intercept + f.slope * xv;
  const ys = [
    ...pts.map((p) => p.y),
    ...d.phases.flatMap((p) => [fitAt(p.fit, xlo), fitAt(p.fit, xhi)]).filter(Number.isFinite),
  ];
  let [ylo, yhi] = safeDomain(Math.min(0, ...ys), Math.max(0, ...ys));
  const ypad = (yhi - ylo) * 0.06;
  ylo = ylo < 0 ? ylo - ypad : ylo;
  yhi += ypad;
  const x = scaleLinear().domain([xlo, xhi]).range([frame.left, frame.right]);
  const y = scaleLinear().domain([ylo, yhi]).range([frame.bottom, frame.top]);

  const body: string[] = [clipDef('plot-wh', frame)];
  const yTicks = d3ticks(ylo, yhi, 6);
  body.push(
    `<g class="grid" stroke="${COLORS.grid}" stroke-width="1">${yTicks
      .map((t) => `<line x1="${r2(frame.left)}" x2="${r2(frame.right)}" y1="${r2(y(t))}" y2="${r2(y(t))}"/>`)
      .join('')}</g>`,
  );
  const g: string[] = [];
  d.phases.forEach((p, i) => {
    const c = phaseColor(i);
    const y0 = fitAt(p.fit, xlo), y1 = fitAt(p.fit, xhi);
    if (Number.isFinite(y0) && Number.isFinite(y1)) {
      g.push(`<line class="fit" data-phase="${escapeXml(p.name)}" x1="${r2(x(xlo))}" x2="${r2(x(xhi))}" y1="${r2(y(y0))}" y2="${r2(y(y1))}" stroke="${c}" stroke-width="1.4" stroke-dasharray="7 4"/>`);
    }
    for (const q of p.points) {
      if (!Number.isFinite(q.x) || !Number.isFinite(q.y)) continue;
      g.push(`<circle class="point" data-phase="${escapeXml(p.name)}" cx="${r2(x(q.x))}" cy="${r2(y(q.y))}" r="4" fill="${c}" fill-opacity="0.85" stroke="#ffffff" stroke-width="0.8"/>`);
      if (q.hkl) g.push(`<text x="${r2(x(q.x) + 6)}" y="${r2(y(q.y) - 6)}" font-size="10" fill="${c}">${escapeXml(q.hkl)}</text>`);
    }
  });
  body.push(`<g clip-path="url(#plot-wh)">${g.join('\n')}</g>`);
  body.push(frameRect(frame));
  body.push(xAxis(x, frame.bottom, 'sin θ', 8));
  body.push(yAxis(y, frame.left, 'β cos θ (rad)', 6, yTicks));
  const entries: LegendEntry[] = d.phases.map((p, i) => ({
    label: `${p.name}: ${fitText(p.fit)}`,
    symbol: { kind: 'line', color: phaseColor(i), dash: '7 4' } as LegendSymbol,
  }));
  const size = legendSize(entries);
  const occupied: Pt[] = pts.map((p) => [x(p.x), y(p.y)]);
  for (const p of d.phases) {
    for (let k = 0; k <= 50; k++) {
      const xv = xlo + ((xhi - xlo) * k) / 50;
      const yv = fitAt(p.fit, xv);
      if (Number.isFinite(yv)) occupied.push([x(xv), y(yv)]);
    }
  }
  const corners: [number, number][] = [
    [frame.left + 8, frame.top + 8],
    [frame.right - 8 - size.w, frame.top + 8],
    [frame.right - 8 - size.w, frame.bottom - 8 - size.h],
    [frame.left + 8, frame.bottom - 8 - size.h],
  ];
  const inside = ([cx, cy]: [number, number]) =>
    occupied.filter(([px, py]) => px >= cx - 6 && px <= cx + size.w + 6 && py >= cy - 6 && py <= cy + size.h + 6).length;
  const corner = corners.reduce((b, c) => (inside(c) < inside(b) ? c : b));
  body.push(legend(entries, corner[0], corner[1]));
  return svgDocument(width, height, d.title, body);
}

function fmtCoef(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const e = Math.floor(Math.log10(Math.abs(v)));
  return e >= -2 && e <= 3 ? String(Number(v.toPrecision(3))) : v.toExponential(2).replace('e+', 'e');
}

/** The fitted line as text: y = intercept + slope x (minus signs where they belong). */
function fitText(f: { slope: number; intercept: number }): string {
  const sign = f.slope < 0 ? '−' : '+';
  return `y = ${fmtCoef(f.intercept)} ${sign} ${fmtCoef(Math.abs(f.slope))} x`;
}
