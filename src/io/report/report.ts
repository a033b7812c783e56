/**
 * Human-readable reports of a Rietveld refinement: Markdown and plain text with aligned columns.
 * Both are rendered from one list of blocks, so they say the same things. Every refined value is
 * printed with its esd in the short form 70.17(15) (formatEsd); units are in the headers.
 */
import type { PhaseResult, RietveldResult, ValueEsd } from '../../rietveld/result.js';
import { formatEsd, formatValue } from './esd.js';

export interface ReportContext {
  /** the pattern file */
  pattern: string;
  /** the phases in the order of the refinement, with the CIF each came from */
  phases: { name: string; file: string }[];
  /** the instrument file, if one was given */
  instrument?: string;
  /** the command line that ran the refinement */
  command?: string;
}

type Align = 'l' | 'r';
type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][]; align?: Align[] };

export const APPARENT_SIZE_NOTE = 'apparent (instrument broadening not removed)';
const CORRELATION_LIMIT = 0.95;

// an esd that could not be computed (NaN: the quantity sits on a singularity, e.g. an unresolved size) is said so
const ve = (v: ValueEsd) => (Number.isNaN(v.esd) && Number.isFinite(v.value) ? `${formatEsd(v.value, 0)} (esd n/a)` : formatEsd(v.value, v.esd));
// an infinite size (no size broadening) is no number to print: say why there is none (PhaseResult.size.status)
const sizeText = (p: PhaseResult, v: ValueEsd) => (Number.isFinite(v.value) ? ve(v) : p.size.status === 'notRefined' ? '— (not refined)' : '— (not resolved)');
const SIZE_NOTES = {
  notRefined: 'not refined: no size broadening in the model (--broadening none, or the size held at zero)',
  notResolved: 'not resolved: the size broadening refined to zero, the peaks are no wider than the instrument (and strain) make them; the crystallites are larger than this pattern can measure',
};
const yesNo = (b: boolean) => (b ? 'yes' : 'no');
const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

type CellName = 'a' | 'b' | 'c' | 'alpha' | 'beta' | 'gamma';
const CELL_NAMES: CellName[] = ['a', 'b', 'c', 'alpha', 'beta', 'gamma'];
const CELL_LABEL: Record<CellName, string> = { a: 'a (Å)', b: 'b (Å)', c: 'c (Å)', alpha: 'α (deg)', beta: 'β (deg)', gamma: 'γ (deg)' };

/** The crystal system and free cell parameters read off the cell's values (with symmetry-equal values). */
export function freeCellParameters(lattice: PhaseResult['lattice']): { system: string; names: CellName[] } {
  const len = (x: number, y: number) => Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y), 1);
  const ang = (x: number, y: number) => Math.abs(x - y) <= 1e-4;
  const { a, b, c, alpha, beta, gamma } = Object.fromEntries(CELL_NAMES.map((k) => [k, lattice[k].value])) as Record<CellName, number>;
  const right = (x: number) => ang(x, 90);
  if (right(alpha) && right(beta) && right(gamma)) {
    if (len(a, b) && len(b, c)) return { system: 'cubic', names: ['a'] };
    if (len(a, b)) return { system: 'tetragonal', names: ['a', 'c'] };
    return { system: 'orthorhombic', names: ['a', 'b', 'c'] };
  }
  if (len(a, b) && right(alpha) && right(beta) && ang(gamma, 120)) return { system: 'hexagonal/trigonal', names: ['a', 'c'] };
  if (len(a, b) && len(b, c) && ang(alpha, beta) && ang(beta, gamma)) return { system: 'rhombohedral', names: ['a', 'alpha'] };
  if (right(alpha) && right(gamma)) return { system: 'monoclinic', names: ['a', 'b', 'c', 'beta'] };
  if (right(beta) && right(gamma)) return { system: 'monoclinic', names: ['a', 'b', 'c', 'alpha'] };
  if (right(alpha) && right(beta)) return { system: 'monoclinic', names: ['a', 'b', 'c', 'gamma'] };
  return { system: 'triclinic', names: [...CELL_NAMES] };
}

/** The free cell parameters: those the refinement named (phase.a, ...) if it refined the cell, else read off the values. */
function cellParametersOf(r: RietveldResult, ph: PhaseResult): CellName[] {
  const refined = CELL_NAMES.filter((k) => r.parameters.some((p) => p.name === `${ph.name}.${k}`));
  return refined.length > 0 ? refined : freeCellParameters(ph.lattice).names;
}

function sourceLabel(source: string | undefined, ctx: ReportContext): string {
  switch (source) {
    case 'file':
      return 'pattern file';
    case 'instrument':
      return ctx.instrument ? `instrument file (${ctx.instrument})` : 'instrument file';
    case 'recipe':
      return 'recipe';
    case 'option':
      return 'option or recipe';
    case 'default':
      return 'default';
    case undefined:
      return '-';
    default:
      return source;
  }
}

const PROFILE_UNITS: Record<string, string> = {
  U: 'deg²', V: 'deg²', W: 'deg²', P: 'deg²', X: 'deg', Y: 'deg', SL: '', HL: '', slitDeg: 'deg', primarySollerDeg: 'deg', passbandWidth: 'Δλ/λ', passbandShoulder: 'half-widths', passbandMistune: 'half-widths',
};
/** Where a held profile value came from: its own source for the Soller and the passband (whose held edge and centre
 * are defaults even when the file brought the passband in). */
function profileSource(key: string, prov: Record<string, string | undefined>): string | undefined {
  if (key === 'primarySollerDeg') return prov.primarySoller;
  if (key === 'passbandWidth') return prov.passband;
  if (key.startsWith('passband')) return prov.passband === 'file' ? 'default' : prov.passband;
  return prov.profile;
}

/** the refined parameter behind a profile key, where the names differ */
const PROFILE_PARAM: Record<string, string> = { slitDeg: 'slit' };
const PROFILE_LABEL: Record<string, string> = { SL: 'S/L', HL: 'H/L', slitDeg: 'divergence slit', primarySollerDeg: 'primary Soller (incident axial divergence)', passbandWidth: 'monochromator passband width', passbandShoulder: 'passband edge', passbandMistune: 'passband centre' };

function blocks(r: RietveldResult, ctx: ReportContext): Block[] {
  const out: Block[] = [];
  const refinedParam = (name: string) => r.parameters.find((p) => p.name === name && p.esd > 0);
  out.push({ kind: 'heading', level: 1, text: 'Rietveld refinement report' });

  // what was refined
  out.push({ kind: 'heading', level: 2, text: 'Refinement' });
  const what: string[][] = [['Pattern', ctx.pattern]];
  if (ctx.command) what.push(['Command', ctx.command]);
  what.push(['Instrument file', ctx.instrument ?? 'none (defaults and values from the pattern file)']);
  out.push({ kind: 'table', head: ['Item', 'Value'], rows: what });
  out.push({ kind: 'heading', level: 3, text: 'Phases' });
  const phaseRows = ctx.phases.map((p) => [p.name, p.file]);
  for (const ph of r.phases) if (!ctx.phases.some((p) => p.name === ph.name)) phaseRows.push([ph.name, '-']);
  out.push({ kind: 'table', head: ['Phase', 'CIF file'], rows: phaseRows });

  out.push({ kind: 'heading', level: 3, text: 'Instrument' });
  const ins = r.instrument;
  const prov = ins.provenance as Record<string, string | undefined>;
  const insRows: string[][] = [];
  insRows.push([
    'Wavelengths (Å, relative weight)',
    ins.wavelengths.map((w) => `${formatValue(w.lambda)} (${formatValue(w.weight, 4)})`).join(', '),
    sourceLabel(prov.wavelengths, ctx),
  ]);
  insRows.push([
    'Monochromator 2θ (deg)',
    ins.monochromatorTwoThetaDeg === null ? 'none' : formatValue(ins.monochromatorTwoThetaDeg),
    sourceLabel(prov.monochromator, ctx),
  ]);
  insRows.push(['Goniometer radius (mm)', formatValue(ins.goniometerRadiusMm), sourceLabel(prov.radius, ctx)]);
  if (ins.geometry) insRows.push(['Geometry', ins.geometry === 'transmission' ? 'transmission (capillary)' : 'reflection (flat specimen)', sourceLabel(prov.geometry, ctx)]);
  if (ins.capillaryMuR) insRows.push(['Capillary μr (transmission factor applied)', formatValue(ins.capillaryMuR), sourceLabel('option', ctx)]);
  for (const [key, value] of Object.entries(ins.profile)) {
    const unit = PROFILE_UNITS[key];
    const label = `${PROFILE_LABEL[key] ?? key}${unit ? ` (${unit})` : ''}`;
    const refined = refinedParam(PROFILE_PARAM[key] ?? key);
    insRows.push(
      refined
        ? [label, formatEsd(value, refined.esd), 'refined']
        : [label, formatValue(value), sourceLabel(profileSource(key, prov), ctx)],
    );
  }
  const known = new Set(['wavelengths', 'monochromator', 'radius', 'profile', 'zero', 'primarySoller', 'passband', 'geometry']);
  for (const [key, source] of Object.entries(prov)) if (!known.has(key)) insRows.push([key, '-', sourceLabel(source, ctx)]);
  out.push({ kind: 'table', head: ['Parameter', 'Value', 'Source'], rows: insRows, align: ['l', 'r', 'l'] });

  // convergence
  out.push({ kind: 'heading', level: 2, text: 'Convergence' });
  out.push({
    kind: 'table',
    head: ['Item', 'Value'],
    rows: [
      ['Converged', yesNo(r.converged)],
      ['Iterations', String(r.iterations)],
      ['Elapsed (s)', fixed(r.elapsedMs / 1000, 2)],
      ['Message', r.message],
    ],
  });
  if (r.stages.length > 0) {
    out.push({
      kind: 'table',
      head: ['Stage', 'Refined', 'Iterations', 'Converged', 'χ²', 'Message'],
      rows: r.stages.map((s) => [s.stage, s.refined.join(' '), String(s.iterations), yesNo(s.converged), formatValue(s.chi2), s.message]),
      align: ['l', 'l', 'r', 'l', 'r', 'l'],
    });
  }

  // statistics
  const st = r.statistics;
  out.push({ kind: 'heading', level: 2, text: 'Statistics' });
  out.push({
    kind: 'table',
    head: ['Statistic', 'Value'],
    rows: [
      ['Rwp (%)', fixed(st.rwp, 3)],
      ['Rp (%)', fixed(st.rp, 3)],
      ['Rexp (%)', fixed(st.rexp, 3)],
      ['GOF (Rwp/Rexp)', fixed(st.gof, 3)],
      ['χ²_red', fixed(st.chi2Reduced, 3)],
      ['Rwp, background removed (%)', fixed(st.rwpBackgroundRemoved, 3)],
      ['Durbin-Watson d', fixed(st.durbinWatson, 3)],
      ['Points', String(st.points)],
      ['Parameters', String(st.parameters)],
    ],
    align: ['l', 'r'],
  });

  // phases
  out.push({ kind: 'heading', level: 2, text: 'Phases' });
  out.push({
    kind: 'table',
    head: ['Phase', 'Weight (%)', 'Volume (%)', 'LVol-IB (nm)', 'LVol-FWHM (nm)', 'Strain', 'Beq (Å²)', 'R_Bragg (%)'],
    rows: r.phases.map((p) => {
      const mark = p.sizeCorrected || !Number.isFinite(p.size.lvolIB.value) ? '' : ' *';
      return [p.name, ve(p.weightPercent), fixed(p.volumePercent, 2), sizeText(p, p.size.lvolIB) + mark, sizeText(p, p.size.lvolFWHM) + mark, ve(p.strain), ve(p.beq), fixed(p.rBragg, 2)];
    }),
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  });
  const anyApparent = r.phases.some((p) => !p.sizeCorrected && Number.isFinite(p.size.lvolIB.value));
  if (anyApparent) out.push({ kind: 'para', text: `* sizes ${APPARENT_SIZE_NOTE}` });
  const noSize = new Set(r.phases.filter((p) => !Number.isFinite(p.size.lvolIB.value)).map((p) => (p.size.status === 'notRefined' ? 'notRefined' : 'notResolved')));
  for (const k of ['notRefined', 'notResolved'] as const) if (noSize.has(k)) out.push({ kind: 'para', text: `— sizes ${SIZE_NOTES[k]}` });

  for (const p of r.phases) {
    const cif = ctx.phases.find((c) => c.name === p.name)?.file;
    out.push({ kind: 'heading', level: 3, text: `Phase ${p.name}${cif ? ` (${cif})` : ''}` });
    const rows: string[][] = [];
    rows.push(['Weight (%)', ve(p.weightPercent)]);
    rows.push(['Volume (%)', fixed(p.volumePercent, 2)]);
    for (const k of cellParametersOf(r, p)) rows.push([CELL_LABEL[k], ve(p.lattice[k])]);
    rows.push(['Cell volume (Å³)', ve(p.lattice.volume)]);
    const sizeNote = p.sizeCorrected ? '' : `, ${APPARENT_SIZE_NOTE}`;
    rows.push([`LVol-IB (nm)${sizeNote}`, sizeText(p, p.size.lvolIB)]);
    rows.push([`LVol-FWHM (nm)${sizeNote}`, sizeText(p, p.size.lvolFWHM)]);
    if (p.size.csL) rows.push([`CS_L (nm)${sizeNote}`, ve(p.size.csL)]);
    if (p.size.csG) rows.push([`CS_G (nm)${sizeNote}`, ve(p.size.csG)]);
    rows.push(['Strain (FWHM = strain·tan θ, rad)', ve(p.strain)]);
    rows.push(['Beq (Å²)', ve(p.beq)]);
    rows.push(['R_Bragg (%)', fixed(p.rBragg, 2)]);
    rows.push(['Scale', ve(p.scale)]);
    rows.push(['Cell mass (u)', formatValue(p.cellMass)]);
    if (p.brindleyTau !== undefined) rows.push(['Brindley τ', formatValue(p.brindleyTau, 4)]);
    out.push({ kind: 'table', head: ['Quantity', 'Value'], rows, align: ['l', 'r'] });
    if (p.reflections?.length) {
      out.push({ kind: 'para', text: `Reflections of ${p.name} (intensities in counts summed over the points; observed by Rietveld's partition):` });
      out.push({
        kind: 'table',
        head: ['h k l', 'm', 'd (Å)', '2θ (deg)', 'I_calc', 'I_obs'],
        rows: p.reflections.map((x) => [x.hkl.join(' '), String(x.multiplicity), x.d.toFixed(5), x.twoTheta.toFixed(3), x.iCalc.toFixed(0), x.iObs.toFixed(0)]),
        align: ['l', 'r', 'r', 'r', 'r', 'r'],
      });
    }
  }

  // global parameters
  out.push({ kind: 'heading', level: 2, text: 'Sample and instrument offsets' });
  const zeroSource = r.zero.esd > 0 ? 'refined' : sourceLabel(prov.zero, ctx);
  out.push({
    kind: 'table',
    head: ['Parameter', 'Value', 'Source'],
    rows: [
      ['Zero (deg)', ve(r.zero), zeroSource],
      ...(r.sampleOffsets
        ? [
            ['Specimen offset along the beam, x (mm)', ve(r.sampleOffsets.x), r.sampleOffsets.x.esd > 0 ? 'refined' : 'fixed'],
            ['Specimen offset across the beam, y (mm)', ve(r.sampleOffsets.y), r.sampleOffsets.y.esd > 0 ? 'refined' : 'fixed'],
          ]
        : [['Specimen displacement (mm)', ve(r.displacement), r.displacement.esd > 0 ? 'refined' : 'fixed']]),
      ...(r.transparency && (r.transparency.value !== 0 || r.transparency.esd > 0) ? [['Transparency 1/μ (mm)', ve(r.transparency), r.transparency.esd > 0 ? 'refined' : 'fixed']] : []),
      ['Background', `Chebyshev, ${r.background.coefficients.length} terms`, r.background.coefficients.length ? 'refined' : '-'],
    ],
    align: ['l', 'r', 'l'],
  });

  out.push({ kind: 'heading', level: 2, text: `Correlations above ${CORRELATION_LIMIT}` });
  const high = r.highCorrelations.filter((h) => Math.abs(h.r) > CORRELATION_LIMIT);
  if (high.length === 0) out.push({ kind: 'para', text: 'none' });
  else
    out.push({
      kind: 'table',
      head: ['Parameter', 'Parameter', 'r'],
      rows: high.map((h) => [h.a, h.b, fixed(h.r, 3)]),
      align: ['l', 'l', 'r'],
    });

  out.push({ kind: 'heading', level: 2, text: 'Warnings' });
  if (r.warnings.length === 0) out.push({ kind: 'para', text: 'none' });
  else out.push({ kind: 'list', items: r.warnings });
  return out;
}

// ---- rendering ----

const width = (s: string) => [...s].length;
const pad = (s: string, w: number, align: Align) => (align === 'r' ? ' '.repeat(w - width(s)) + s : s + ' '.repeat(w - width(s)));
const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function renderMarkdown(bs: Block[]): string {
  const parts: string[] = [];
  for (const b of bs) {
    switch (b.kind) {
      case 'heading':
        parts.push(`${'#'.repeat(b.level)} ${b.text}`);
        break;
      case 'para':
        parts.push(b.text.replace(/^\*/, '\\*'));
        break;
      case 'list':
        parts.push(b.items.map((i) => `- ${i}`).join('\n'));
        break;
      case 'table': {
        const align = b.head.map((_, j) => b.align?.[j] ?? 'l');
        const line = (cells: string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
        parts.push(
          [line(b.head), `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`, ...b.rows.map(line)].join('\n'),
        );
        break;
      }
    }
  }
  return parts.join('\n\n') + '\n';
}

function renderText(bs: Block[]): string {
  const parts: string[] = [];
  for (const b of bs) {
    switch (b.kind) {
      case 'heading': {
        const underline = b.level === 1 ? '=' : b.level === 2 ? '-' : '';
        parts.push(underline ? `${b.text}\n${underline.repeat(width(b.text))}` : `${b.text}:`);
        break;
      }
      case 'para':
        parts.push(b.text);
        break;
      case 'list':
        parts.push(b.items.map((i) => `  - ${i}`).join('\n'));
        break;
      case 'table': {
        const cols = b.head.length;
        const w = Array.from({ length: cols }, (_, j) => Math.max(width(b.head[j]), ...b.rows.map((r) => width(r[j] ?? ''))));
        const align = b.head.map((_, j) => b.align?.[j] ?? 'l');
        const line = (cells: string[]) => '  ' + cells.map((c, j) => pad(c ?? '', w[j], align[j])).join('  ').trimEnd();
        parts.push([line(b.head), '  ' + w.map((x) => '-'.repeat(x)).join('  '), ...b.rows.map(line)].join('\n'));
        break;
      }
    }
  }
  return parts.join('\n\n') + '\n';
}

/** The refinement as a Markdown document (tables for parameters, statistics, phases, correlations and warnings). */
export function reportMarkdown(r: RietveldResult, ctx: ReportContext): string {
  return renderMarkdown(blocks(r, ctx));
}

/** The same report as plain text with aligned columns. */
export function reportText(r: RietveldResult, ctx: ReportContext): string {
  return renderText(blocks(r, ctx));
}
