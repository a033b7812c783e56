/**
 * `xrd refine PATTERN --phase CIF [--phase CIF ...] [--instrument FILE] [--recipe FILE] [--json FILE] [--out DIR] ...`
 * Writes the JSON result (SPEC.md section 3), reports (Markdown, text), the Rietveld plot (SVG, PNG), the
 * curves (CSV) and each refined phase as CIF. Exit 1 when the refinement did not converge (results are still
 * written and say so), 2 on bad input. With --recipe (docs/recipes.md), phases and instrument come from the recipe
 * unless given here, and so do the refinement settings, except the options given on this command line.
 */
import { basename, extname, relative } from 'node:path';
import type { Command } from 'commander';
import { MAX_BRINDLEY_RADIUS_UM } from '../../analysis/brindley.js';
import { refinementFiles } from '../../batch/outputs.js';
import type { CrystalStructure } from '../../crystal/types.js';
import { InputError } from '../../errors.js';
import { GEOMETRIES, type Geometry } from '../../io/pattern.js';
import { reportText } from '../../io/report/report.js';
import { loadRecipe, overlayOptions, phasesForPattern, refineOptionsFor } from '../../recipe/index.js';
import { DEFAULT_STAGES, PER_PHASE_BEQ_STAGES, type RefineOptions } from '../../rietveld/options.js';
import { refinePattern } from '../../rietveld/refine.js';
import { collect, loadInstrument, loadPattern, loadPhase, numberOption, parseScanOption, rangeOption, writeAll } from '../io.js';

export { plotOf } from '../../batch/outputs.js';

/** --background-terms as the recipe takes it: a whole number 1 to 40. */
function backgroundTerms(v: string): number {
  const n = numberOption(v, '--background-terms');
  if (!Number.isInteger(n) || n < 1 || n > 40) throw new InputError(`--background-terms must be a whole number 1 to 40, not ${v}`);
  return n;
}

/** --brindley as the recipe takes it: a radius above 0 and at most MAX_BRINDLEY_RADIUS_UM. */
function brindleyRadius(v: string): number {
  const r = numberOption(v, '--brindley');
  if (!(r > 0 && r <= MAX_BRINDLEY_RADIUS_UM)) throw new InputError(`--brindley must be a particle radius above 0 and at most ${MAX_BRINDLEY_RADIUS_UM} um, not ${v}`);
  return r;
}

interface RefineCliOptions {
  phase?: string[];
  instrument?: string;
  recipe?: string;
  json?: string;
  out?: string;
  scan?: string;
  range?: string;
  exclude?: string[];
  backgroundTerms: string;
  position: string;
  geometry?: string;
  capillaryMuR?: string;
  perPhaseBeq?: boolean;
  broadening: string;
  brindley?: string;
  intensityScale: string;
  png: boolean;
  free?: string[];
  fix?: string[];
  tie?: string[];
}

export function register(program: Command): void {
  program
    .command('refine')
    .description('Rietveld refinement: weight fractions, lattice parameters, crystallite sizes with esds')
    .argument('<pattern>', 'measured pattern (any supported format)')
    .option('--phase <cif>', 'phase structure (repeatable); its name is the file name without extension', collect)
    .option('--instrument <file>', 'instrument file from `xrd instrument` (JSON) or a GSAS-II .instprm')
    .option('--recipe <file>', 'recipe (JSON or YAML, docs/recipes.md): phases, instrument and settings; options given here win')
    .option('--json <file>', 'write the result as JSON ("-": to standard output, nothing else written there)')
    .option('--out <dir>', 'write JSON, reports, plot, curves and refined CIFs into this folder')
    .option('--scan <n|merge>', 'scan of a multi-scan file (1-based) or "merge"')
    .option('--range <start:end>', '2theta range to refine, deg')
    .option('--exclude <start:end>', '2theta region to leave out, deg (repeatable)', collect)
    .option('--background-terms <n>', 'Chebyshev background terms (1 to 40)', '12')
    .option('--position <model>', 'peak-shift model: zero (one offset), displacement (the specimen\'s position: in reflection its height, cos theta; in transmission its offsets sampleX and sampleY) or both', 'zero')
    .option('--geometry <g>', 'specimen geometry: reflection (flat, Bragg-Brentano) or transmission (capillary, Debye-Scherrer); default: the instrument file\'s, else what the pattern file shows, else reflection')
    .option('--capillary-mu-r <x>', 'transmission: the capillary\'s mu r (packed powder\'s linear absorption x inner radius), to correct intensities for its absorption (above 0, at most 10)')
    .option('--per-phase-beq', "refine one Beq per phase instead of one shared B correction (the source study's choice)")
    .option('--broadening <model>', 'sample broadening: none, sizeL, sizeLG, sizeLstrain, full', 'sizeL')
    .option('--brindley <um>', 'Brindley microabsorption correction with this particle radius (um, above 0 and at most 1000)')
    .option('--intensity-scale <s>', 'plot intensity axis: linear, sqrt, log', 'linear')
    .option('--free <name[=start]>', 'also refine this parameter, e.g. slit=0.5, Y, P, HL, transparency=0.05 (repeatable; START within its bounds)', collect)
    .option('--fix <name>', 'hold this parameter at its starting value, e.g. Si.a, bShared (repeatable)', collect)
    .option('--tie <follower=leader>', 'the follower takes the leader\'s value, e.g. Ni.invSizeL=Si.invSizeL (repeatable)', collect)
    .option('--no-png', 'skip the PNG plot')
    .action(async (patternPath: string, o: RefineCliOptions, cmd: Command) => {
      const given = cmd.options.map((op) => op.attributeName()).filter((k) => cmd.getOptionValueSource(k) === 'cli');
      const code = await runRefine(patternPath, o, given);
      process.exitCode = code;
    });
}

/** The RefineOptions each command-line option sets (an option given on the command line overrides the recipe). */
const OPTION_KEYS: Record<string, (keyof RefineOptions)[]> = {
  range: ['range'], exclude: ['exclude'], backgroundTerms: ['backgroundTerms'], position: ['positionModel'], geometry: ['geometry'], capillaryMuR: ['capillaryMuR'],
  perPhaseBeq: ['stages', 'params'], broadening: ['sampleBroadening'], brindley: ['brindleyRadiusUm'],
};

/** `given`: the options given on the command line (commander attribute names); with a recipe, only those override it. */
export async function runRefine(patternPath: string, o: RefineCliOptions, given: string[] = []): Promise<number> {
  const recipe = o.recipe ? await loadRecipe(o.recipe) : undefined;
  const cliPhases = o.phase ?? [];
  if (cliPhases.length === 0 && !recipe) throw new InputError('no phase given: add --phase CIF (repeatable) or --recipe FILE');
  const pattern = await loadPattern(patternPath, o.scan !== undefined ? parseScanOption(o.scan) : recipe?.recipe.scan);
  const structures: CrystalStructure[] = [];
  const phaseFiles: string[] = [];
  if (cliPhases.length) {
    for (const p of cliPhases) structures.push(await loadPhase(p)), phaseFiles.push(p);
  } else {
    const names = phasesForPattern(recipe!.recipe, patternPath);
    recipe!.phases.forEach((p, i) => {
      if (names.includes(p.name)) structures.push(recipe!.structures[i]), phaseFiles.push(relative(process.cwd(), p.cif));
    });
  }
  const instrument = o.instrument ? await loadInstrument(o.instrument) : recipe?.instrumentData;
  const instrumentFile = o.instrument ?? (recipe?.instrument ? relative(process.cwd(), recipe.instrument) : undefined);
  const broadening = o.broadening as RefineOptions['sampleBroadening'];
  if (!['none', 'sizeL', 'sizeLG', 'sizeLstrain', 'full'].includes(o.broadening)) throw new InputError(`--broadening must be none, sizeL, sizeLG, sizeLstrain or full, not "${o.broadening}"`);
  if (!['zero', 'displacement', 'both'].includes(o.position)) throw new InputError(`--position must be zero, displacement or both, not "${o.position}"`);
  if (o.geometry !== undefined && !(GEOMETRIES as readonly string[]).includes(o.geometry)) throw new InputError(`--geometry must be reflection or transmission, not "${o.geometry}"`);
  if (!['linear', 'sqrt', 'log'].includes(o.intensityScale)) throw new InputError(`--intensity-scale must be linear, sqrt or log`);
  const opts: RefineOptions = {
    range: o.range ? (rangeOption(o.range, '--range', 2) as [number, number]) : undefined,
    exclude: (o.exclude ?? []).map((e) => rangeOption(e, '--exclude', 2) as [number, number]),
    backgroundTerms: backgroundTerms(o.backgroundTerms),
    stages: o.perPhaseBeq ? PER_PHASE_BEQ_STAGES : DEFAULT_STAGES,
    sampleBroadening: broadening,
    brindleyRadiusUm: o.brindley !== undefined ? brindleyRadius(o.brindley) : undefined,
    positionModel: o.position as RefineOptions['positionModel'],
    geometry: o.geometry as Geometry | undefined,
    capillaryMuR: o.capillaryMuR !== undefined ? numberOption(o.capillaryMuR, '--capillary-mu-r') : undefined,
    params: {},
  };
  if (o.perPhaseBeq) opts.params = { ...opts.params, bShared: { refine: false } };
  const final = recipe
    ? overlayOptions(refineOptionsFor(recipe.recipe, structures.map((s) => s.name)), opts, given.flatMap((k) => OPTION_KEYS[k] ?? []))
    : opts;
  // --free / --fix by parameter name, on top of everything else
  const extra: Record<string, { refine: boolean; value?: number }> = {};
  for (const f of o.free ?? []) {
    const eq = f.indexOf('=');
    const name = (eq < 0 ? f : f.slice(0, eq)).trim();
    const start = eq < 0 ? undefined : f.slice(eq + 1);
    if (!name) throw new InputError(`--free needs NAME or NAME=START, e.g. slit=0.5, not "${f}"`);
    extra[name] = { refine: true, ...(start !== undefined ? { value: numberOption(start, `--free ${f}`) } : {}) };
  }
  for (const name of o.fix ?? []) extra[name] = { refine: false };
  if (Object.keys(extra).length) final.params = { ...(final.params ?? {}), ...extra };
  for (const t of o.tie ?? []) {
    const [follower, leader, more] = t.split('=');
    if (!follower || !leader || more !== undefined) throw new InputError(`--tie needs FOLLOWER=LEADER, e.g. Ni.invSizeL=Si.invSizeL, not "${t}"`);
    final.ties = { ...(final.ties ?? {}), [follower.trim()]: leader.trim() };
  }
  const out = refinePattern(pattern, structures, instrument, final);
  const r = out.result;
  const base = basename(patternPath, extname(patternPath));
  const ctx = { pattern: patternPath, phases: phaseFiles.map((f, i) => ({ name: structures[i].name, file: f })), instrument: instrumentFile };
  const files = refinementFiles(out, structures, ctx, {
    json: o.json, dir: o.out, base, png: o.png, intensityScale: o.intensityScale as 'linear',
  });
  // "-" is standard output, not a file of that name
  const toStdout = o.json === '-' ? files.find((f) => f.path === '-') : undefined;
  const toDisk = files.filter((f) => f !== toStdout);
  // an output over an input would destroy it: writeAll refuses these
  const inputs = [patternPath, ...phaseFiles, ...(instrumentFile ? [instrumentFile] : []), ...(o.recipe ? [o.recipe] : [])];
  await writeAll(toDisk, inputs);
  if (toStdout) process.stdout.write(toStdout.data);
  if (!o.json && !o.out) process.stdout.write(reportText(r, ctx));
  else {
    // the report carries the warnings too; a summary without them would hide, e.g., an assumed wavelength
    const warned = r.warnings.map((w) => `  warning: ${w}\n`).join('');
    process.stderr.write(`${r.converged ? 'converged' : 'NOT converged'}: Rwp ${r.statistics.rwp.toFixed(2)}%, GOF ${r.statistics.gof.toFixed(3)}; ${r.phases.map((p) => `${p.name} ${p.weightPercent.value.toFixed(2)} wt%`).join(', ')}\n${warned}${toDisk.map((f) => `  wrote ${f.path}\n`).join('')}`);
  }
  return r.converged ? 0 : 1;
}
