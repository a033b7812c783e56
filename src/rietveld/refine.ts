/**
 * The main job: refine a pattern against its phases and report weight fractions, cells and sizes with esds.
 * Starting values need no hand-setting: scales come from a linear fit of the phases and the background to the
 * data, then the stages of RefineOptions run in order, each converged before the next.
 */
import { lvolFromInverseSizes } from '../analysis/crystallite-size.js';
import { weightPercents, volumePercents, type PhaseQuantity } from '../analysis/weight-fractions.js';
import { cellVolume, inverseDSquared, reciprocalMetric } from '../crystal/cell.js';
import type { CrystalStructure } from '../crystal/types.js';
import { InputError } from '../errors.js';
import type { InstrumentFile } from '../io/instrument.js';
import type { Pattern } from '../io/pattern.js';
import type { ParamEntry } from '../model/parameters.js';
import { propagateEsd } from '../refine/propagate.js';
import { fitStatistics, type FitStatistics } from '../refine/statistics.js';
import { refineInStages, type Stage, type StagedModel } from '../refine/strategy.js';
import { brindleyTaus } from '../analysis/brindley.js';
import { PatternModel } from '../model/pattern-model.js';
import { tchCombine } from '../profile/tch.js';
import { buildModel, MIN_POINTS, type BuiltModel } from './build.js';
import { DEFAULT_STAGES, type RefineOptions } from './options.js';
import type { PhaseResult, RietveldResult, ValueEsd } from './result.js';

export interface RefinementOutput {
  result: RietveldResult;
  built: BuiltModel;
  /** observed, calculated, background and per-phase curves on the refined grid */
  curves: { twoTheta: Float64Array; yobs: Float64Array; ycalc: Float64Array; background: Float64Array; phases: Float64Array[]; weight: Float64Array };
}

export function refinePattern(pattern: Pattern, structures: CrystalStructure[], instrument: InstrumentFile | undefined, opts: RefineOptions = {}): RefinementOutput {
  const t0 = performance.now();
  const built = buildModel(pattern, structures, instrument, opts);
  const { model, y, w } = built;
  const entries = model.entries;
  if (!built.instrumentCorrected) estimateWidths(built);
  estimateScales(built);
  // composed line shapes take their grid from the starting widths, for the whole refinement
  model.resetGrid();

  const ties = resolveTies(entries, opts.ties);
  const setValues = (x: Float64Array) => {
    entries.forEach((e, i) => (e.p.value = x[i]));
    applyTies(ties);
  };
  let tieBuffer = new Float64Array(0);
  const staged: StagedModel = {
    // a follower never refines on its own: it moves with its leader
    params: entries.map((e) => ({ name: e.name, group: e.group, value: e.p.value, min: e.p.min, max: e.p.max, refine: e.p.refine && !ties.some((t) => t.follower === e) })),
    y, w,
    evaluate: (x, out) => {
      setValues(x);
      model.calculate(out);
    },
    jacobian: (x, active, out, jac) => {
      setValues(x);
      const cols = active.map((i) => entries[i]);
      // d y / d leader = its own column plus its followers' columns
      const extra = ties.filter((t) => cols.includes(t.leader));
      if (extra.length === 0) return model.jacobian(out, jac, cols);
      const all = [...cols, ...extra.map((t) => t.follower)];
      if (tieBuffer.length !== model.n * all.length) tieBuffer = new Float64Array(model.n * all.length);
      model.jacobian(out, tieBuffer, all);
      jac.set(tieBuffer.subarray(0, model.n * cols.length));
      extra.forEach((t, k) => {
        const j = cols.indexOf(t.leader);
        const src = tieBuffer.subarray((cols.length + k) * model.n, (cols.length + k + 1) * model.n);
        for (let i = 0; i < model.n; i++) jac[j * model.n + i] += src[i];
      });
    },
  };
  // zero and displacement together are nearly degenerate: refined from the start side by side they ran off in
  // opposite directions on SRM 640d (zero -0.19 deg, displacement -0.30 mm, a 3.4e-3 A low, Rwp 2.518 %); with the
  // displacement first and zero joining last they reach the better minimum (Rwp 2.500 %, zero near 0)
  const given = opts.stages ?? (opts.positionModel === 'both' ? bothLast(DEFAULT_STAGES) : DEFAULT_STAGES);
  // a parameter freed by name whose group no stage refines joins the last stage (else --free would do nothing)
  const stageGroups = new Set(given.flatMap((st) => st.groups));
  const orphanGroups = [...new Set(Object.entries(opts.params ?? {})
    .filter(([, set]) => set.refine)
    .map(([name]) => entries.find((e) => e.name === name)?.group)
    .filter((g): g is string => !!g && !stageGroups.has(g)))];
  const stages = orphanGroups.length
    ? given.map((st, i, all) => (i === all.length - 1 ? { ...st, groups: [...st.groups, ...orphanGroups] } : st))
    : given;
  const freed = new Set(stages.flatMap((st) => st.groups));
  checkPointCount(w, staged.params.filter((p) => p.refine && freed.has(p.group)).length);
  const fit = refineInStages(staged, stages, {
    maxIterations: opts.maxIterations ?? 40,
    onIteration: opts.onIteration ? (info) => opts.onIteration!({ stage: info.stage, iteration: info.iteration, chi2: info.chi2, calculated: info.calculated }) : undefined,
  });
  setValues(fit.x);
  const phaseCurves = model.phases.map(() => new Float64Array(model.n));
  const ycalc = model.calculate(new Float64Array(model.n), phaseCurves);
  PatternModel.assertFinite(ycalc, model.twoTheta);
  const bkg = model.background();
  const result = summarize(built, fit, ycalc, bkg, structures, opts, ties);
  result.elapsedMs = Math.round(performance.now() - t0);
  return { result, built, curves: { twoTheta: model.twoTheta, yobs: y, ycalc, background: bkg, phases: phaseCurves, weight: w } };
}

/**
 * The statistics as reported: never NaN. Durbin-Watson d is the sum of squared successive differences of the
 * residuals over their sum of squares, 0/0 when every residual is zero (an exact fit, or too few points: those are
 * refused before). Such residuals are not serially correlated, which is what d = 2 says; a warning says why it is 2.
 */
export function reportedStatistics(stats: FitStatistics, warnings: string[]): FitStatistics {
  if (Number.isFinite(stats.durbinWatson)) return stats;
  warnings.push('every weighted residual is zero: the Durbin-Watson d (0/0) is reported as 2, no serial correlation');
  return { ...stats, durbinWatson: 2 };
}

/**
 * Points left to fit (non-zero weight, after the range and the exclusions) against the parameters that refine: at
 * least twice as many, and at least MIN_POINTS. With one point left a refinement "converged" at Rwp 0 %, with 11
 * points and 20 parameters at Rwp 5 %: both determined nothing. Twice is a floor against an undetermined fit (each
 * parameter needs points of its own and the esds degrees of freedom), not a promise of a good one.
 */
function checkPointCount(w: Float64Array, nRefined: number): void {
  const left = w.reduce((n, x) => n + (x > 0 ? 1 : 0), 0);
  const needed = Math.max(MIN_POINTS, 2 * nRefined);
  if (left < needed) {
    throw new InputError(`${left} points are left to fit after the range and exclusions (--range/--exclude, or the recipe's range/exclude) and ${nRefined} parameters refine: at least ${needed} points are needed (twice the parameters); widen the range or exclude less`);
  }
}

/**
 * Starting widths when no instrument profile is given: the FWHM of the strongest peak above a low percentile
 * background, shared between the Gaussian W and each phase's (apparent) Lorentzian size, so that the
 * position stage starts from peaks of about the right width (a width far off slows it down many times).
 */
function estimateWidths(built: BuiltModel): void {
  const { model, y } = built;
  const x = model.twoTheta;
  const sorted = Float64Array.from(y).sort();
  const floor = sorted[Math.floor(0.3 * sorted.length)];
  let im = 0;
  for (let i = 1; i < y.length; i++) if (y[i] > y[im]) im = i;
  const half = floor + (y[im] - floor) / 2;
  let l = im;
  let r = im;
  while (l > 0 && y[l] > half) l--;
  while (r < y.length - 1 && y[r] > half) r++;
  const fwhm = x[r] - x[l];
  const step = (x[x.length - 1] - x[0]) / (x.length - 1);
  if (!(fwhm > 2 * step) || fwhm > 3) return; // not a resolved peak: keep the defaults
  const ins = model.params.instrument;
  if (ins.W.refine) ins.W.value = (0.7 * fwhm) ** 2;
  const cosTh = Math.cos((x[im] * Math.PI) / 360);
  const lambda = model.config.wavelengths[0].lambda;
  const kSize = ((180 / Math.PI) * lambda) / (10 * cosTh);
  for (const pp of model.params.phases) if (pp.invSizeL.refine) pp.invSizeL.value = (0.4 * fwhm) / kSize;
}

/**
 * Starting scales: each phase's pattern at scale 1 and the background are fitted linearly to the data
 * (weighted, non-negative scales), so a refinement never starts from a scale that is orders of magnitude off.
 */
function estimateScales(built: BuiltModel): void {
  const { model, y } = built;
  const scales = model.params.phases.map((p) => p.scale);
  scales.forEach((s) => (s.value = 1));
  const curves = model.phases.map(() => new Float64Array(model.n));
  model.calculate(new Float64Array(model.n), curves);
  const bkg = model.background();
  const net = y.map((v, i) => Math.max(v - bkg[i], 0));
  const netSum = net.reduce((a, b) => a + b, 0);
  curves.forEach((c, p) => {
    const sum = c.reduce((a, b) => a + b, 0);
    scales[p].value = sum > 0 ? netSum / sum / curves.length : 1;
  });
}

/** value and esd; an esd that could not be computed stays NaN (JSON null), it is never shown as 0 */
function ve(value: number, esd: number): ValueEsd {
  return { value, esd };
}

interface Tie {
  follower: ParamEntry;
  leader: ParamEntry;
}

/** The ties of the options as entries; unknown names, self-ties and chains are input errors. */
function resolveTies(entries: ParamEntry[], ties: Record<string, string> | undefined): Tie[] {
  const byName = (n: string) => {
    const e = entries.find((x) => x.name === n);
    if (!e) throw new InputError(`tie: unknown parameter '${n}' (known: ${entries.map((x) => x.name).join(', ')})`);
    return e;
  };
  const out = Object.entries(ties ?? {}).map(([f, l]) => {
    if (f === l) throw new InputError(`tie: '${f}' cannot follow itself`);
    return { follower: byName(f), leader: byName(l) };
  });
  for (const t of out) {
    if (out.some((u) => u.follower === t.leader)) throw new InputError(`tie: '${t.leader.name}' follows another parameter and cannot lead '${t.follower.name}' (tie both to the same leader)`);
  }
  return out;
}

function applyTies(ties: Tie[]): void {
  for (const t of ties) t.follower.p.value = t.leader.p.value;
}

function summarize(
  built: BuiltModel, fit: ReturnType<typeof refineInStages>, ycalc: Float64Array, bkg: Float64Array,
  structures: CrystalStructure[], opts: RefineOptions, ties: Tie[] = [],
): RietveldResult {
  const { model, y, w } = built;
  const entries = model.entries;
  const active = fit.active;
  const last = fit.last;
  const nRefined = active.length;
  const warnings: string[] = [];
  const stats = reportedStatistics(fitStatistics(y, ycalc, w, nRefined, bkg), warnings);
  const esdOf = new Map<ParamEntry, number>();
  if (last) active.forEach((i, j) => esdOf.set(entries[i], last.esd[j]));
  for (const t of ties) if (esdOf.has(t.leader)) esdOf.set(t.follower, esdOf.get(t.leader)!);
  /** a parameter's own value and esd (0 when it was held) */
  const own = (param: ParamEntry['p']) => ve(param.value, esdOf.get(entries.find((e) => e.p === param)!) ?? 0);
  const xActive = Float64Array.from(active, (i) => entries[i].p.value);
  // a derived quantity as a function of the refined vector
  const derived = (f: () => number) => {
    const value = f();
    if (!last || !Number.isFinite(value)) return ve(value, 0);
    const esd = propagateEsd(
      (x) => {
        const saved = entries.map((e) => e.p.value);
        active.forEach((i, j) => (entries[i].p.value = x[j]));
        applyTies(ties);
        const v = f();
        entries.forEach((e, i) => (e.p.value = saved[i]));
        return v;
      },
      xActive, last.covariance, last.chi2Reduced, last.esd,
    );
    return ve(value, esd);
  };
  const cellOf = (p: number) => model.phases[p].cellParam.toCell(model.params.phases[p].cell.map((c) => c.value));
  const r = opts.brindleyRadiusUm;
  const radii = model.phases.map((ph) => (typeof r === 'number' ? r : r?.[ph.name]));
  const tau = radii.some((x) => x)
    ? brindleyTaus(model.phases, radii, model.config.wavelengths[0].lambda, model.phases.map((_, p) => cellVolume(cellOf(p))), model.params.phases.map((pp) => pp.scale.value))
    : model.phases.map(() => 1);
  const quantities = (): PhaseQuantity[] =>
    model.phases.map((ph, p) => ({ scale: model.params.phases[p].scale.value, cellMass: ph.cellMass, volume: cellVolume(cellOf(p)), tau: tau[p] }));
  const vol = volumePercents(quantities());
  const rb = model.rBragg(y, ycalc, bkg, w);
  const intensities = model.reflectionIntensities(y, ycalc, bkg, w);
  const lambda1 = model.config.wavelengths.reduce((a, b) => (b.weight > a.weight ? b : a)).lambda;
  warnings.push(...built.warnings);
  if (!built.instrumentCorrected) warnings.push('no instrument profile given: sizes are apparent (instrument broadening not removed)');
  if (built.wavelengthsAssumed) {
    warnings.push(`no wavelength in the pattern file or an instrument file: Cu Ka1/Ka2 assumed (${model.config.wavelengths.map((l) => `${l.lambda} A x ${l.weight}`).join(', ')})`);
  }
  const phases: PhaseResult[] = model.phases.map((ph, p) => {
    const pp = model.params.phases[p];
    const lat = (k: 'a' | 'b' | 'c' | 'alpha' | 'beta' | 'gamma') => derived(() => cellOf(p)[k]);
    const sizes = derived(() => lvolFromInverseSizes(pp.invSizeL.value, pp.invSizeG.value).lvolIB);
    // no size broadening: not in the model (held at zero), or refined to zero (the peaks are no wider than the
    // instrument and strain make them); the sizes are then Infinity (JSON null), and the status says which
    const sizeFree = [pp.invSizeL, pp.invSizeG].some((q) => esdOf.has(entries.find((e) => e.p === q)!));
    const sizeStatus = Number.isFinite(sizes.value) ? 'refined' : sizeFree ? 'notResolved' : 'notRefined';
    const sizesF = derived(() => lvolFromInverseSizes(pp.invSizeL.value, pp.invSizeG.value).lvolFWHM);
    // mean B over the atoms of the cell, weighted by occupancy (each site counted with its multiplicity)
    const occ = ph.atoms.reduce((s, a) => s + a.occupancy, 0);
    const meanB = occ > 0 ? ph.atoms.reduce((s, a) => s + a.occupancy * a.b, 0) / occ : 0;
    if (model.peaks.every((pk) => pk.phase !== p)) warnings.push(`phase ${ph.name} has no reflection in the refined range`);
    return {
      name: ph.name,
      weightPercent: derived(() => weightPercents(quantities())[p]),
      volumePercent: vol[p],
      lattice: { a: lat('a'), b: lat('b'), c: lat('c'), alpha: lat('alpha'), beta: lat('beta'), gamma: lat('gamma'), volume: derived(() => cellVolume(cellOf(p))) },
      size: {
        lvolIB: sizes, lvolFWHM: sizesF, status: sizeStatus,
        csL: pp.invSizeL.value > 0 ? derived(() => 1 / pp.invSizeL.value) : null,
        csG: pp.invSizeG.value > 0 ? derived(() => 1 / pp.invSizeG.value) : null,
      },
      sizeCorrected: built.instrumentCorrected,
      // the Lorentzian and Gaussian strain FWHMs combined as the model combines widths (TCH)
      strain: derived(() => tchCombine(pp.strainG.value, pp.strainL.value).fwhm),
      strainL: own(pp.strainL),
      strainG: own(pp.strainG),
      beq: derived(() => meanB + pp.bOverall.value + model.params.instrument.bShared.value),
      scale: own(pp.scale),
      rBragg: rb[p],
      reflections: intensities
        .filter((r) => r.phase === p)
        .sort((a, b) => a.twoTheta - b.twoTheta)
        .map((r) => {
          const hkl = ph.reflections[r.reflection].hkl;
          const cell = cellOf(p);
          const d = 1 / Math.sqrt(inverseDSquared(reciprocalMetric(cell), ...hkl));
          return { hkl, multiplicity: ph.reflections[r.reflection].multiplicity, d, twoTheta: r.twoTheta, iCalc: r.calc, iObs: r.obs };
        })
        .filter((r) => Number.isFinite(r.d) && lambda1 / (2 * r.d) < 1 && r.twoTheta >= model.twoTheta[0] && r.twoTheta <= model.twoTheta[model.n - 1]),
      cellMass: ph.cellMass,
      ...(tau[p] !== 1 ? { brindleyTau: tau[p] } : {}),
    };
  });
  const ins = model.params.instrument;
  if (last) for (const h of last.highCorrelations) warnings.push(`parameters ${h.a} and ${h.b} are correlated (r = ${h.r.toFixed(3)})`);
  return {
    converged: fit.converged,
    iterations: fit.iterations,
    elapsedMs: 0,
    message: fit.converged ? 'converged' : fit.stages.find((s) => !s.converged)?.message ?? 'not converged',
    statistics: stats,
    phases,
    zero: own(ins.zero),
    displacement: own(ins.displacement),
    transparency: own(ins.transparency),
    ...(model.config.geometry === 'transmission' ? { sampleOffsets: { x: own(ins.sampleX), y: own(ins.sampleY) } } : {}),
    instrument: {
      geometry: model.config.geometry ?? 'reflection',
      ...(model.config.capillaryMuR ? { capillaryMuR: model.config.capillaryMuR } : {}),
      wavelengths: model.config.wavelengths.map((l) => ({ lambda: l.lambda, weight: l.weight })),
      monochromatorTwoThetaDeg: model.config.monochromatorTwoThetaDeg,
      goniometerRadiusMm: model.config.goniometerRadiusMm,
      profile: { U: ins.U.value, V: ins.V.value, W: ins.W.value, P: ins.P.value, X: ins.X.value, Y: ins.Y.value, SL: ins.SL.value, HL: model.config.axialTied ? ins.SL.value : ins.HL.value, slitDeg: ins.slit.value, ...(model.config.incidentSollerDeg !== undefined && !model.config.axialGeometry ? { primarySollerDeg: model.config.incidentSollerDeg } : {}),
        ...(model.config.passband ? { passbandWidth: ins.passbandWidth.value, passbandShoulder: ins.passbandShoulder.value, passbandMistune: ins.passbandMistune.value } : {}),
      },
      provenance: built.provenance,
    },
    background: { type: 'chebyshev', coefficients: model.params.background.map((b) => b.value) },
    stages: fit.stages,
    highCorrelations: last?.highCorrelations ?? [],
    parameters: active.map((i, j) => ({ name: entries[i].name, value: entries[i].p.value, esd: last ? last.esd[j] : 0 })),
    warnings,
  };
}

/** The stages with zero taken out of where it first appears and refined, with everything, in a last stage. */
function bothLast(stages: Stage[]): Stage[] {
  return [...stages.map((st) => ({ ...st, groups: st.groups.filter((g) => g !== 'zero') })), { name: 'zero (with the displacement)', groups: ['zero'] }];
}
