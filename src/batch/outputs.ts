/**
 * The files a refinement writes, shared by `xrd refine` and `xrd batch`: the JSON result (SPEC.md section 3),
 * the reports (Markdown, text), the Rietveld plot (SVG, optional PNG), the curves (CSV) and each refined phase
 * as CIF. Produced as a list of { path, data }, written by the caller through temporary names and renames.
 * The JSON comes last, so that a reader that sees it knows the other files are complete.
 */
import { join } from 'node:path';
import type { CrystalStructure } from '../crystal/types.js';
import { writeCif } from '../io/cif/index.js';
import { svgToPng } from '../io/plot/png.js';
import { rietveldSvg } from '../io/plot/rietveld-svg.js';
import { curvesCsv } from '../io/report/curves-csv.js';
import { reportMarkdown, reportText, type ReportContext } from '../io/report/report.js';
import type { RefinementOutput } from '../rietveld/refine.js';

export interface OutputFile {
  path: string;
  data: string | Uint8Array;
}

export interface RefinementFilesRequest {
  /** write the JSON result here */
  json?: string;
  /** write the full set into this folder */
  dir?: string;
  /** file-name base in `dir` (the pattern's file name without extension) */
  base: string;
  png: boolean;
  /** curves CSV (default true) */
  curves?: boolean;
  intensityScale?: 'linear' | 'sqrt' | 'log';
  /** name of a refined CIF in `dir`; default `<phase>.refined.cif` */
  cifName?: (phase: string) => string;
  /** extra top-level members of the JSON (batch bookkeeping) */
  extraJson?: Record<string, unknown>;
  /** a title for the plot; default "<base>: Si + Ni" */
  title?: string;
}

/** Infinity (an unbroadened size) and NaN are not JSON: write them as null. */
export function jsonNumbers(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}

/** The result as written to JSON, with optional extra members after the result's own. */
export function resultJson(out: RefinementOutput, extra?: Record<string, unknown>): string {
  return JSON.stringify(extra ? { ...out.result, ...extra } : out.result, jsonNumbers, 1) + '\n';
}

export function plotOf(out: RefinementOutput, scale: 'linear' | 'sqrt' | 'log', title: string): string {
  const m = out.built.model;
  return rietveldSvg({
    twoTheta: out.curves.twoTheta, yobs: out.curves.yobs, ycalc: out.curves.ycalc, background: out.curves.background,
    phases: m.phases.map((ph, p) => ({
      name: ph.name,
      ticks: m.peaks.filter((pk) => pk.phase === p && pk.line === 0 && pk.twoTheta >= m.twoTheta[0] && pk.twoTheta <= m.twoTheta[m.n - 1]).map((pk) => pk.twoTheta),
      curve: out.curves.phases[p],
    })),
    excluded: excludedRuns(out.curves.twoTheta, out.curves.weight),
    title, intensityScale: scale,
  });
}

/** The 2theta regions a refinement left out (runs of zero weight), deg. */
export function excludedRuns(twoTheta: Float64Array, weight: Float64Array): [number, number][] {
  const runs: [number, number][] = [];
  for (let i = 0; i < weight.length; i++) {
    if (weight[i] !== 0) continue;
    const start = i;
    while (i + 1 < weight.length && weight[i + 1] === 0) i++;
    runs.push([twoTheta[start], twoTheta[i]]);
  }
  return runs;
}

/** Every file of one refinement, the JSON files last. */
export function refinementFiles(out: RefinementOutput, structures: CrystalStructure[], ctx: ReportContext, req: RefinementFilesRequest): OutputFile[] {
  const r = out.result;
  const files: OutputFile[] = [];
  const json = resultJson(out, req.extraJson);
  const dir = req.dir;
  if (dir) {
    const base = req.base;
    files.push({ path: join(dir, `${base}.report.md`), data: reportMarkdown(r, ctx) });
    files.push({ path: join(dir, `${base}.report.txt`), data: reportText(r, ctx) });
    const svg = plotOf(out, req.intensityScale ?? 'linear', req.title ?? `${base}: ${structures.map((s) => s.name).join(' + ')}`);
    files.push({ path: join(dir, `${base}.rietveld.svg`), data: svg });
    if (req.png) files.push({ path: join(dir, `${base}.rietveld.png`), data: svgToPng(svg, 1600) });
    if (req.curves !== false) {
      files.push({ path: join(dir, `${base}.curves.csv`), data: curvesCsv({ ...out.curves, phases: out.curves.phases.map((c, i) => ({ name: structures[i].name, curve: c })) }) });
    }
    const cifName = req.cifName ?? ((phase: string) => `${phase}.refined.cif`);
    r.phases.forEach((p, i) => {
      const cell = { a: p.lattice.a.value, b: p.lattice.b.value, c: p.lattice.c.value, alpha: p.lattice.alpha.value, beta: p.lattice.beta.value, gamma: p.lattice.gamma.value };
      files.push({
        path: join(dir, cifName(p.name)),
        data: writeCif({ ...structures[i], cell }, {
          esd: { a: p.lattice.a.esd, b: p.lattice.b.esd, c: p.lattice.c.esd, alpha: p.lattice.alpha.esd, beta: p.lattice.beta.esd, gamma: p.lattice.gamma.esd },
          comment: `${p.name} refined against ${ctx.pattern} by xrd ${req.extraJson ? 'batch' : 'refine'}; Rwp ${r.statistics.rwp.toFixed(2)}%, weight ${p.weightPercent.value.toFixed(2)}%`,
        }),
      });
    });
  }
  if (req.json) files.push({ path: req.json, data: json });
  if (dir) files.push({ path: join(dir, `${req.base}.json`), data: json });
  return files;
}
