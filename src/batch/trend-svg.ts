/**
 * The trend plot of a sequential batch (DIR/trend.svg): weight % of every phase against the pattern index
 * in the top panel, and each phase's cell parameter a in a panel of its own below (their scales differ by
 * far more than their changes). Esds as error bars; a pattern that failed breaks the lines, one that does not
 * hold a phase is stepped over; phases with no value anywhere are left out. Plain SVG text, as src/io/plot
 * does (which has no generic line plot).
 */
import { scaleLinear } from 'd3-scale';
import { COLORS, escapeXml } from '../io/plot/rietveld-svg.js';

export interface TrendPoint {
  value: number;
  esd: number;
}

export interface TrendData {
  /** one label per pattern (file name), index 1..n */
  labels: string[];
  /** per phase: its weight % and cell a per pattern, null where it has none */
  phases: { name: string; wt: (TrendPoint | null)[]; a: (TrendPoint | null)[] }[];
  /** patterns that failed (the lines break there) */
  failed?: boolean[];
  title?: string;
}

const FONT = 'font-family="sans-serif"';
const r2 = (x: number) => (Math.round(x * 100) / 100).toString();
const color = (i: number) => COLORS.phases[i % COLORS.phases.length];

interface Series {
  name: string;
  color: string;
  points: (TrendPoint | null)[];
}

function niceDomain(series: Series[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (const p of s.points) {
      if (!p || !Number.isFinite(p.value)) continue;
      const e = Number.isFinite(p.esd) ? p.esd : 0;
      lo = Math.min(lo, p.value - e);
      hi = Math.max(hi, p.value + e);
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (hi - lo <= 0) {
    const d = Math.abs(lo) > 0 ? Math.abs(lo) * 1e-4 : 1;
    return [lo - d, hi + d];
  }
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}

function panel(series: Series[], n: number, top: number, height: number, width: number, yLabel: string, showX: boolean, labels: string[], failed: boolean[]): string {
  const left = 90;
  const right = width - 150;
  const x = scaleLinear().domain(n > 1 ? [1, n] : [0, 2]).range([left + 10, right - 10]);
  const y = scaleLinear().domain(niceDomain(series)).range([top + height, top]).nice();
  const out: string[] = [];
  out.push(`<rect x="${left}" y="${top}" width="${right - left}" height="${height}" fill="none" stroke="${COLORS.axis}"/>`);
  const yt = y.ticks(5);
  const yf = y.tickFormat(5);
  for (const t of yt) {
    const yy = r2(y(t));
    out.push(`<line x1="${left}" x2="${right}" y1="${yy}" y2="${yy}" stroke="${COLORS.grid}"/>`);
    out.push(`<text x="${left - 6}" y="${yy}" ${FONT} font-size="11" text-anchor="end" dominant-baseline="middle">${escapeXml(yf(t))}</text>`);
  }
  const step = Math.max(1, Math.ceil(n / 12));
  for (let i = 1; i <= n; i += step) {
    const xx = r2(x(i));
    out.push(`<line x1="${xx}" x2="${xx}" y1="${top + height}" y2="${top + height + 4}" stroke="${COLORS.axis}"/>`);
    if (showX) out.push(`<text x="${xx}" y="${top + height + 16}" ${FONT} font-size="11" text-anchor="middle">${i}</text>`);
  }
  out.push(`<text transform="translate(${left - 62},${r2(top + height / 2)}) rotate(-90)" ${FONT} font-size="12" text-anchor="middle">${escapeXml(yLabel)}</text>`);
  series.forEach((s, k) => {
    let d = '';
    let pen = false;
    s.points.forEach((p, i) => {
      if (failed[i]) pen = false;
      if (!p || !Number.isFinite(p.value)) return;
      d += `${pen ? 'L' : 'M'}${r2(x(i + 1))},${r2(y(p.value))}`;
      pen = true;
    });
    if (d) out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`);
    s.points.forEach((p, i) => {
      if (!p || !Number.isFinite(p.value)) return;
      const xx = r2(x(i + 1));
      if (p.esd > 0 && Number.isFinite(p.esd)) out.push(`<line x1="${xx}" x2="${xx}" y1="${r2(y(p.value - p.esd))}" y2="${r2(y(p.value + p.esd))}" stroke="${s.color}"/>`);
      out.push(`<circle cx="${xx}" cy="${r2(y(p.value))}" r="3" fill="${s.color}"><title>${escapeXml(`${labels[i] ?? i + 1}: ${s.name} ${p.value}${p.esd ? ` ± ${p.esd}` : ''}`)}</title></circle>`);
    });
    out.push(`<rect x="${right + 14}" y="${top + 8 + k * 18}" width="12" height="3" fill="${s.color}"/>`);
    out.push(`<text x="${right + 32}" y="${top + 12 + k * 18}" ${FONT} font-size="12" dominant-baseline="middle">${escapeXml(s.name)}</text>`);
  });
  return out.join('\n');
}

export function trendSvg(d: TrendData): string {
  const n = d.labels.length;
  const width = 820;
  const wtHeight = 220;
  const aHeight = 150;
  const gap = 34;
  const top0 = d.title ? 40 : 16;
  const parts: string[] = [];
  const failed = d.failed ?? [];
  const phases = d.phases.map((p, i) => ({ ...p, color: color(i) })).filter((p) => [...p.wt, ...p.a].some((x) => x && Number.isFinite(x.value)));
  parts.push(panel(phases.map((p) => ({ name: p.name, color: p.color, points: p.wt })), n, top0, wtHeight, width, 'weight %', phases.length === 0, d.labels, failed));
  let top = top0 + wtHeight + gap;
  phases.forEach((p, i) => {
    parts.push(panel([{ name: `${p.name} a`, color: p.color, points: p.a }], n, top, aHeight, width, `${p.name} a (Å)`, i === phases.length - 1, d.labels, failed));
    top += aHeight + gap;
  });
  const height = top + 10;
  const title = d.title ? `<text x="${width / 2}" y="24" ${FONT} font-size="15" text-anchor="middle">${escapeXml(d.title)}</text>\n` : '';
  const xLabel = `<text x="${(90 + width - 150) / 2}" y="${top - 4}" ${FONT} font-size="12" text-anchor="middle">pattern index</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n<rect width="100%" height="100%" fill="white"/>\n${title}${parts.join('\n')}\n${xLabel}\n</svg>\n`;
}
