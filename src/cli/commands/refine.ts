/**
 * `xrd refine PATTERN --phase CIF [--phase CIF ...] [--instrument FILE] [--json FILE] [--out DIR] ...`
 * Writes the JSON result (SPEC.md section 3), reports (Markdown, text), the Rietveld plot (SVG, PNG), the
 * curves (CSV) and each refined phase as CIF. Exit 1 when the refinement did not converge (results are still
 * written and say so), 2 on bad input.
 */
import { basename, extname, join } from 'node:path';
import type { Command } from 'commander';
import type { CrystalStructure } from '../../crystal/types.js';
import { InputError } from '../../errors.js';
import { writeCif } from '../../io/cif/index.js';
import { rietveldSvg } from '../../io/plot/rietveld-svg.js';
import { svgToPng } from '../../io/plot/png.js';
import { curvesCsv } from '../../io/report/curves-csv.js';
import { reportMarkdown, reportText } from '../../io/report/report.js';
import { DEFAULT_STAGES, PER_PHASE_BEQ_STAGES, type RefineOptions } from '../../rietveld/options.js';
import { refinePattern, type RefinementOutput } from '../../rietveld/refine.js';
import { collect, loadInstrument, loadPattern, loadStructure, numberOption, parseScanOption, rangeOption, writeAll } from '../io.js';

interface RefineCliOptions {
  phase: string[];
  instrument?: string;
  json?: string;
  out?: string;
  scan?: string;
  range?: string;
  exclude?: string[];
  backgroundTerms: string;
  position: string;
  perPhaseBeq?: boolean;
  broadening: string;
  brindley?: string;
  intensityScale: string;
  png: boolean;
}

export function register(program: Command): void {
  program
    .command('refine')
    .description('Rietveld refinement: weight fractions, lattice parameters, crystallite sizes with esds')
    .argument('<pattern>', 'measured pattern (any supported format)')
    .requiredOption('--phase <cif>', 'phase structure (repeatable); its name is the file name without extension', collect)
    .option('--instrument <file>', 'instrument file from `xrd instrument` (JSON) or a GSAS-II .instprm')
    .option('--json <file>', 'write the result as JSON')
    .option('--out <dir>', 'write JSON, reports, plot, curves and refined CIFs into this folder')
    .option('--scan <n|merge>', 'scan of a multi-scan file (1-based) or "merge"')
    .option('--range <start:end>', '2theta range to refine, deg')
    .option('--exclude <start:end>', '2theta region to leave out, deg (repeatable)', collect)
    .option('--background-terms <n>', 'Chebyshev background terms', '12')
    .option('--position <model>', 'peak-shift model: zero (one offset), displacement (specimen height, cos theta) or both', 'zero')
    .option('--per-phase-beq', "refine one Beq per phase instead of one shared B correction (the source study's choice)")
    .option('--broadening <model>', 'sample broadening: none, sizeL, sizeLG, sizeLstrain, full', 'sizeL')
    .option('--brindley <um>', 'Brindley microabsorption correction with this particle radius (um)')
    .option('--intensity-scale <s>', 'plot intensity axis: linear, sqrt, log', 'linear')
    .option('--no-png', 'skip the PNG plot')
    .action(async (patternPath: string, o: RefineCliOptions) => {
      const code = await runRefine(patternPath, o);
      process.exitCode = code;
    });
}

export async function runRefine(patternPath: string, o: RefineCliOptions): Promise<number> {
  const pattern = await loadPattern(patternPath, parseScanOption(o.scan));
  const structures: CrystalStructure[] = [];
  for (const p of o.phase) structures.push(await loadStructure(p));
  const instrument = o.instrument ? await loadInstrument(o.instrument) : undefined;
  const broadening = o.broadening as RefineOptions['sampleBroadening'];
  if (!['none', 'sizeL', 'sizeLG', 'sizeLstrain', 'full'].includes(o.broadening)) throw new InputError(`--broadening must be none, sizeL, sizeLG, sizeLstrain or full, not "${o.broadening}"`);
  if (!['zero', 'displacement', 'both'].includes(o.position)) throw new InputError(`--position must be zero, displacement or both, not "${o.position}"`);
  if (!['linear', 'sqrt', 'log'].includes(o.intensityScale)) throw new InputError(`--intensity-scale must be linear, sqrt or log`);
  const opts: RefineOptions = {
    range: o.range ? (rangeOption(o.range, '--range', 2) as [number, number]) : undefined,
    exclude: (o.exclude ?? []).map((e) => rangeOption(e, '--exclude', 2) as [number, number]),
    backgroundTerms: numberOption(o.backgroundTerms, '--background-terms'),
    stages: o.perPhaseBeq ? PER_PHASE_BEQ_STAGES : DEFAULT_STAGES,
    sampleBroadening: broadening,
    brindleyRadiusUm: o.brindley ? numberOption(o.brindley, '--brindley') : undefined,
    positionModel: o.position as RefineOptions['positionModel'],
    params: {},
  };
  if (o.perPhaseBeq) opts.params = { ...opts.params, bShared: { refine: false } };
  const out = refinePattern(pattern, structures, instrument, opts);
  const r = out.result;
  const base = basename(patternPath, extname(patternPath));
  const ctx = { pattern: patternPath, phases: o.phase.map((f, i) => ({ name: structures[i].name, file: f })), instrument: o.instrument };
  const files: { path: string; data: string | Uint8Array }[] = [];
  const json = JSON.stringify(r, jsonNumbers, 1) + '\n';
  if (o.json) files.push({ path: o.json, data: json });
  if (o.out) {
    files.push({ path: join(o.out, `${base}.json`), data: json });
    files.push({ path: join(o.out, `${base}.report.md`), data: reportMarkdown(r, ctx) });
    files.push({ path: join(o.out, `${base}.report.txt`), data: reportText(r, ctx) });
    const svg = plotOf(out, o.intensityScale as 'linear', `${base}: ${structures.map((s) => s.name).join(' + ')}`);
    files.push({ path: join(o.out, `${base}.rietveld.svg`), data: svg });
    if (o.png) files.push({ path: join(o.out, `${base}.rietveld.png`), data: svgToPng(svg, 1600) });
    files.push({ path: join(o.out, `${base}.curves.csv`), data: curvesCsv({ ...out.curves, phases: out.curves.phases.map((c, i) => ({ name: structures[i].name, curve: c })) }) });
    r.phases.forEach((p, i) => {
      const cell = { a: p.lattice.a.value, b: p.lattice.b.value, c: p.lattice.c.value, alpha: p.lattice.alpha.value, beta: p.lattice.beta.value, gamma: p.lattice.gamma.value };
      files.push({
        path: join(o.out!, `${p.name}.refined.cif`),
        data: writeCif({ ...structures[i], cell }, {
          esd: { a: p.lattice.a.esd, b: p.lattice.b.esd, c: p.lattice.c.esd, alpha: p.lattice.alpha.esd, beta: p.lattice.beta.esd, gamma: p.lattice.gamma.esd },
          comment: `${p.name} refined against ${patternPath} by xrd refine; Rwp ${r.statistics.rwp.toFixed(2)}%, weight ${p.weightPercent.value.toFixed(2)}%`,
        }),
      });
    });
  }
  await writeAll(files);
  if (!o.json && !o.out) process.stdout.write(reportText(r, ctx));
  else process.stderr.write(`${r.converged ? 'converged' : 'NOT converged'}: Rwp ${r.statistics.rwp.toFixed(2)}%, GOF ${r.statistics.gof.toFixed(3)}; ${r.phases.map((p) => `${p.name} ${p.weightPercent.value.toFixed(2)} wt%`).join(', ')}\n${files.map((f) => `  wrote ${f.path}`).join('\n')}\n`);
  return r.converged ? 0 : 1;
}

/** Infinity (an unbroadened size) and NaN are not JSON: write them as null. */
function jsonNumbers(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
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
    title, intensityScale: scale,
  });
}
