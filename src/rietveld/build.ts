/**
 * Builds the pattern model of a refinement from the pattern, the structures, the instrument and the options:
 * wavelengths (instrument file, else the pattern file's, else Cu Ka1/Ka2 2:1), starting values and bounds,
 * which parameters may refine, the fitted range and the weights.
 */
import { MAX_BRINDLEY_RADIUS_UM } from '../analysis/brindley.js';
import { cellVolume } from '../crystal/cell.js';
import { cellValues } from '../crystal/cell-params.js';
import type { CrystalStructure } from '../crystal/types.js';
import { InputError, SettingsError } from '../errors.js';
import type { InstrumentFile } from '../io/instrument.js';
import { refuseBadPoints, type Pattern, type ValueSource, type Wavelength } from '../io/pattern.js';
import { param, type InstrumentParams, type ModelParams, type Param, type ParamEntry, type PhaseParams } from '../model/parameters.js';
import { lowerBound, PatternModel, type InstrumentConfig } from '../model/pattern-model.js';
import { setupPhase, type PhaseSetup } from '../model/phase-setup.js';
import { CU_KA_SPECTRUM } from '../physics/elements/cu-ka-spectrum.js';
import { johanssonGe111TwoThetaDeg, monochromatorDispersion } from '../profile/passband.js';
import { checkCapillaryMuR, checkGeometryParams, checkGeometryValues, chooseGeometry, geometryWarnings } from './geometry.js';
import type { ParamSetting, RefineOptions } from './options.js';

export const CU_KA: Wavelength[] = [
  { lambda: 1.54056, weight: 1, label: 'Ka1' },
  { lambda: 1.54439, weight: 0.5, label: 'Ka2' },
];
export const DEFAULT_RADIUS_MM = 300;
/** fewest points a refinement runs on, whatever the parameters (refine.ts asks for twice the refined ones) */
export const MIN_POINTS = 20;

export interface BuiltModel {
  model: PatternModel;
  /** observed counts and weights on the model's grid (w = 0 outside the fitted regions) */
  y: Float64Array;
  w: Float64Array;
  sigma: Float64Array;
  /** where each instrument value came from */
  provenance: Record<'wavelengths' | 'monochromator' | 'radius' | 'profile' | 'zero' | 'primarySoller' | 'passband' | 'geometry', ValueSource>;
  /** true when the instrument profile was given (sizes are then instrument-corrected) */
  instrumentCorrected: boolean;
  /** true when neither the instrument file nor the pattern file gave wavelengths (Cu Ka1/Ka2 assumed) */
  wavelengthsAssumed: boolean;
  /** what the refinement's result should say about the setting (e.g. a detector-only scan refined as reflection) */
  warnings: string[];
}

function percentile(values: Float64Array, q: number): number {
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

export function buildModel(pattern: Pattern, structures: CrystalStructure[], instrument: InstrumentFile | undefined, opts: RefineOptions): BuiltModel {
  if (structures.length === 0) throw new InputError('no phase given: add at least one --phase CIF');
  const names = new Set<string>();
  for (const s of structures) {
    if (names.has(s.name)) throw new InputError(`two phases are named '${s.name}': rename one`);
    names.add(s.name);
  }
  // range and grid
  const [lo, hi] = opts.range ?? [pattern.twoTheta[0], pattern.twoTheta[pattern.twoTheta.length - 1]];
  const idx: number[] = [];
  for (let i = 0; i < pattern.twoTheta.length; i++) if (pattern.twoTheta[i] >= lo && pattern.twoTheta[i] <= hi) idx.push(i);
  if (idx.length < MIN_POINTS) throw new InputError(`the 2theta range ${lo}-${hi} deg holds ${idx.length} points: too few to refine`);
  const twoTheta = Float64Array.from(idx, (i) => pattern.twoTheta[i]);
  const y = Float64Array.from(idx, (i) => pattern.counts[i]);
  const sigma = Float64Array.from(idx, (i) => pattern.sigma[i]);
  const w = Float64Array.from(sigma, (s) => 1 / (s * s));
  for (const [a, b] of opts.exclude ?? []) twoTheta.forEach((t, i) => { if (t >= a && t <= b) w[i] = 0; });
  // the exclusions count too: with every point excluded the first error was a confusing "bkg0 has no effect"
  const left = w.reduce((n, x) => n + (x > 0 ? 1 : 0), 0);
  if (left < MIN_POINTS) {
    throw new InputError(`${left} of the ${idx.length} points in ${lo}-${hi} deg are left after the exclusions (--exclude, or the recipe's exclude): too few to refine (at least ${MIN_POINTS})`);
  }
  // points a counter cannot give (a negative count, a dropped reading) are refused where the fit would use them
  refuseBadPoints(pattern, (i) => i >= idx[0] && i <= idx[idx.length - 1] && w[i - idx[0]] > 0);
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]) || !(sigma[i] > 0)) throw new InputError(`point ${i + 1} (2theta ${twoTheta[i]} deg) has a non-finite count or a non-positive sigma`);
  }

  const provenance: BuiltModel['provenance'] = { wavelengths: 'default', monochromator: 'default', radius: 'default', profile: 'default', zero: 'default', primarySoller: 'default', passband: 'default', geometry: 'default' };
  const warnings: string[] = [];
  let wavelengths = CU_KA;
  if (instrument?.wavelengths) (wavelengths = instrument.wavelengths), (provenance.wavelengths = 'instrument');
  else if (pattern.meta.wavelengths?.length) (wavelengths = pattern.meta.wavelengths), (provenance.wavelengths = 'file');
  let mono: number | null = null;
  if (instrument && instrument.monochromatorTwoThetaDeg !== undefined) (mono = instrument.monochromatorTwoThetaDeg), (provenance.monochromator = 'instrument');
  else if (pattern.meta.monochromatorTwoThetaDeg !== undefined) (mono = pattern.meta.monochromatorTwoThetaDeg), (provenance.monochromator = 'file');
  let radius = DEFAULT_RADIUS_MM;
  if (instrument?.goniometerRadiusMm) (radius = instrument.goniometerRadiusMm), (provenance.radius = 'instrument');
  else if (pattern.meta.goniometerRadiusMm) (radius = pattern.meta.goniometerRadiusMm), (provenance.radius = 'file');
  const prof = instrument?.profile;
  // one axial parameter (H/L = S/L) unless the two are given different or H/L is refined on its own
  const axialTied = !(prof?.SL !== undefined && prof?.HL !== undefined && prof.SL !== prof.HL) && !opts.params?.HL?.refine;
  const axialGeometry = prof?.sampleLengthMm !== undefined
    ? {
        sourceMm: prof.sourceLengthMm ?? 12, sampleMm: prof.sampleLengthMm, receiverMm: prof.receiverLengthMm ?? 12, radiusMm: radius,
        primarySollerDeg: prof.primarySollerDeg ?? 0, secondarySollerDeg: prof.secondarySollerDeg ?? 0,
      }
    : undefined;
  // widths given: the sizes are instrument-corrected; widths or S/L given: a calibrated profile
  const instrumentCorrected = !!prof && ['U', 'V', 'W', 'X', 'Y'].some((k) => prof[k as 'U'] !== undefined);
  const calibrated = instrumentCorrected || prof?.SL !== undefined || prof?.HL !== undefined;
  // the primary Soller: with FCJ, the incident beam's axial divergence (the full axial model holds it itself).
  // A calibrated profile (widths or S/L given) speaks for itself: a calibration made without the term must not
  // gain it from a sample file's header (its S/L would then count the divergence twice)
  let incidentSollerDeg: number | undefined;
  if (!axialGeometry && prof?.primarySollerDeg !== undefined) (incidentSollerDeg = prof.primarySollerDeg), (provenance.primarySoller = 'instrument');
  else if (!axialGeometry && !calibrated && pattern.meta.primarySollerDeg !== undefined) (incidentSollerDeg = pattern.meta.primarySollerDeg), (provenance.primarySoller = 'file');
  // an incident-beam Johansson monochromator: the Cu K-alpha spectrum through its passband (src/profile/passband.ts)
  // is the emission line, with the one K-alpha1 line of the config as its fiducial
  let passband: InstrumentConfig['passband'];
  const cuKa1 = wavelengths.length === 1 && Math.abs(wavelengths[0].lambda - CU_KA_SPECTRUM[0].lambda) < 1e-3;
  const passbandFrom = prof?.passbandWidth !== undefined ? 'instrument'
    : !calibrated && pattern.meta.incidentMonochromator === 'johansson' && cuKa1 ? 'file' : undefined;
  if (passbandFrom === 'instrument' && !cuKa1) throw new InputError('passbandWidth (a Johansson monochromator passband) needs one Cu K-alpha1 wavelength: the passband model carries the Cu K-alpha spectrum');
  if (passbandFrom) {
    (passband = { dispersionConst: monochromatorDispersion(mono ?? johanssonGe111TwoThetaDeg(wavelengths[0].lambda)) }), (provenance.passband = passbandFrom);
  }
  // the passband's spectrum is placed from its K-alpha11, so that line is the fiducial: a file's rounded 1.5406 A
  // would put the whole spectrum 5e-6 in dlambda/lambda (2e-5 A in a Si cell) out of place
  if (passband && wavelengths[0].lambda !== CU_KA_SPECTRUM[0].lambda) {
    (wavelengths = [{ ...wavelengths[0], lambda: CU_KA_SPECTRUM[0].lambda }]), (provenance.wavelengths = 'default');
  }
  checkBrindleyRadii(opts.brindleyRadiusUm);
  const chosen = chooseGeometry(pattern, instrument, opts);
  const geometry = chosen.geometry;
  provenance.geometry = chosen.source;
  warnings.push(...geometryWarnings(pattern, geometry));
  const transmission = geometry === 'transmission';
  // a focusing incident monochromator (Johansson) set for transmission makes the beam converge on the detector
  // circle, which adds -y/R to a capillary's offset shift (src/profile/sample-offset.ts)
  const convergentBeam = transmission && (!!passband || pattern.meta.incidentMonochromator === 'johansson');
  const capillaryMuR = checkCapillaryMuR(opts.capillaryMuR, chosen);
  if (transmission && !capillaryMuR) warnings.push("a capillary's absorption is not corrected (no --capillary-mu-r): it weakens low-angle lines more than high-angle ones, and Beq comes out low");
  const config: InstrumentConfig = { wavelengths, monochromatorTwoThetaDeg: mono, goniometerRadiusMm: radius, axialTied, axialGeometry, incidentSollerDeg, passband, geometry, convergentBeam, ...(capillaryMuR ? { capillaryMuR } : {}) };
  checkGeometryValues(chosen, instrument);

  if (instrumentCorrected) provenance.profile = 'instrument';
  // given profile terms are held; missing ones refine (widths only when no instrument profile at all)
  const pterm = (key: 'U' | 'V' | 'W' | 'P' | 'X' | 'Y', dflt: number, refineIfMissing: boolean, min = -Infinity, max = Infinity) =>
    prof?.[key] !== undefined ? param(prof[key]!, { min, max }) : param(dflt, { refine: refineIfMissing, min, max });
  if (instrument?.zeroDeg !== undefined) provenance.zero = 'instrument';
  const position = opts.positionModel ?? 'zero';
  const ins: InstrumentParams = {
    // one of zero and the specimen's position refines (see RefineOptions.positionModel): in reflection its
    // displacement, in transmission its two offsets from the axis; the instrument's values start them
    zero: param(instrument?.zeroDeg ?? 0, { refine: position !== 'displacement', min: -1, max: 1 }),
    displacement: param(instrument?.displacementMm ?? 0, { refine: !transmission && position !== 'zero', min: -2, max: 2 }),
    sampleX: param(instrument?.sampleXMm ?? 0, { refine: transmission && position !== 'zero', min: -2, max: 2 }),
    sampleY: param(instrument?.sampleYMm ?? 0, { refine: transmission && position !== 'zero', min: -2, max: 2 }),
    U: pterm('U', 0, !instrumentCorrected),
    V: pterm('V', 0, !instrumentCorrected),
    // W may go below zero (as in GSAS-II) when the flat-specimen and axial shapes already carry part of the
    // low-angle width, or the widths fall towards zero at low angle (a capillary's, as sin theta); the Gaussian
    // FWHM^2 itself is kept positive by the model's smooth floor. Held at zero, SRM 640d (a capillary, refined then
    // as a flat specimen) fitted worse (Rwp 2.69 against 2.57 %)
    W: pterm('W', 0.002, !instrumentCorrected),
    P: pterm('P', 0, false),
    // without an instrument, the Lorentzian width is carried by each phase's (apparent) size
    // X (tan theta) refines with the Gaussian terms; the 1/cos theta Lorentzian is carried by each phase's
    // (apparent) size, which Y would duplicate. X and Y are widths, bounded at zero: below it the Lorentzian
    // width sits at the model's floor, X loses its gradient and drifts without limit (a pure-Gaussian
    // pattern took X to -7e6 deg; test/rietveld/profile-bounds.test.ts). Above 10 deg (a Lorentzian 10 deg wide at
    // 2theta = 0) they are no longer a lab instrument's widths: a started Y = 1e6 "converged" at Rwp 44 %
    X: pterm('X', 0, !instrumentCorrected, 0, 10),
    Y: pterm('Y', 0, false, 0, 10),
    // without an instrument file the axial asymmetry refines too (it shifts low-angle peaks: the cell depends on it)
    SL: prof?.SL !== undefined ? param(prof.SL, { min: 0, max: 0.2 }) : param(instrumentCorrected ? 0 : 0.01, { min: 0, max: 0.2, refine: !instrumentCorrected && prof?.sampleLengthMm === undefined }),
    HL: prof?.HL !== undefined ? param(prof.HL, { min: 0, max: 0.2 }) : param(0, { min: 0, max: 0.2 }),
    // the flat-specimen slit refines with the other profile terms when no instrument profile is given (a Bragg-Brentano
    // pattern always carries it; the QPA fits are unchanged by it); a transmission specimen has no such aberration
    slit: transmission
      ? param(0, { min: 0, max: 5 })
      : param(prof?.slitDeg ?? (instrumentCorrected ? 0 : 0.5), { min: 0, max: 5, refine: !instrumentCorrected && prof?.slitDeg === undefined }),
    soller: param(prof?.sollerDeg ?? 0, { min: 0, max: 20 }),
    transparency: param(0, { refine: false, min: 0, max: 10 }),
    // the passband's width refines with the profile when the file's monochromator brings it in; its edge and centre
    // are set below (a window passing Ka1 and not Ka2, 2.5e-3 away, is narrower than about 3e-3 in dlambda/lambda)
    passbandWidth: param(prof?.passbandWidth ?? 0.001, { min: 1e-5, max: 0.003, refine: !!config.passband && prof?.passbandWidth === undefined }),
    passbandShoulder: param(prof?.passbandShoulder ?? 0.2, { min: 0.01, max: 1 }),
    passbandMistune: param(prof?.passbandMistune ?? 0, { min: -2, max: 2 }),
    bShared: param(0, { refine: true, min: -5, max: 5 }),
  };
  checkInstrumentRanges(instrument, ins, radius);
  const nBkg = opts.backgroundTerms ?? 12;
  if (!(nBkg >= 1 && nBkg <= 40)) throw new InputError(`background terms must be 1 to 40, got ${nBkg}`);
  const background: Param[] = Array.from({ length: nBkg }, (_, i) =>
    param(i === 0 ? Math.max(percentile(y, 0.2), 1) : 0, { refine: true }),
  );
  const lambdaRef = wavelengths.reduce((a, b) => (b.weight > a.weight ? b : a)).lambda;
  const lambdaMax = Math.max(...wavelengths.map((l) => l.lambda));
  const broadening = opts.sampleBroadening ?? 'sizeL';
  const phases: PhaseParams[] = [];
  const setups = structures.map((s) => {
    const ph = setupPhase(s, { lambdaRefA: lambdaRef, lambdaMaxA: lambdaMax, twoThetaMaxDeg: twoTheta[twoTheta.length - 1] });
    const minB = Math.min(...s.sites.map((x) => x.bIso));
    phases.push({
      scale: param(1, { refine: true, min: 0 }),
      cell: cellValues(s.cell, ph.cellParam).map((v, i) =>
        param(v, { refine: true, min: ph.cellParam.names[i].length > 1 ? v - 10 : v * 0.95, max: ph.cellParam.names[i].length > 1 ? v + 10 : v * 1.05 })),
      bOverall: param(0, { refine: true, min: -minB - 5, max: 10 }),
      invSizeL: param(broadening === 'none' ? 0 : 0.01, { refine: broadening !== 'none', min: 0, max: 1 }),
      // Gaussian terms add in quadrature, so their slope vanishes at zero: when they refine they start small
      // but not at zero (CS_G 200 nm, strain 5e-4)
      invSizeG: param(broadening === 'sizeLG' || broadening === 'full' ? 0.005 : 0, { refine: broadening === 'sizeLG' || broadening === 'full', min: 0, max: 1 }),
      strainL: param(0, { refine: broadening === 'sizeLstrain' || broadening === 'full', min: 0, max: 0.1 }),
      strainG: param(broadening === 'full' ? 5e-4 : 0, { refine: broadening === 'full', min: 0, max: 0.1 }),
    });
    return ph;
  });
  const params: ModelParams = { instrument: ins, background, phases };
  const model = new PatternModel(twoTheta, setups, config, params);
  // a phase with no reflection in the range cannot be refined: say so rather than fail on a singular matrix
  model.calculate(new Float64Array(model.n));
  const first = twoTheta[0];
  const last = twoTheta[twoTheta.length - 1];
  setups.forEach((ph, i) => {
    if (!model.peaks.some((pk) => pk.phase === i && pk.twoTheta >= first && pk.twoTheta <= last)) {
      throw new InputError(`phase ${ph.name} has no reflection between ${first} and ${last} deg 2theta: nothing to refine it on (drop the phase or widen the range)`);
    }
    // nor one whose reflections are all excluded (the error was then that its size "has no effect")
    if (!model.peaks.some((pk) => pk.phase === i && peakFitted(pk.twoTheta, twoTheta, w))) {
      throw new InputError(`phase ${ph.name} has no reflection outside the excluded regions (--exclude, or the recipe's exclude): nothing to refine it on (drop the phase or exclude less)`);
    }
  });
  for (const e of model.entries) if (opts.fix?.includes(e.group)) e.p.refine = false;
  // user settings by name
  for (const [name, set] of Object.entries(opts.params ?? {})) {
    const e = model.entries.find((x) => x.name === name);
    if (!e) throw new InputError(`unknown parameter '${name}' (known: ${model.entries.map((x) => x.name).join(', ')})`);
    checkSetting(e, set);
    if (set.value !== undefined) e.p.value = set.value;
    if (set.min !== undefined) e.p.min = set.min;
    if (set.max !== undefined) e.p.max = set.max;
    if (set.refine !== undefined) e.p.refine = set.refine;
  }
  setups.forEach((ph, i) => checkCell(ph, phases[i].cell));
  checkGeometryParams(chosen, model.params.instrument, Object.entries(opts.ties ?? {}).flat());
  // the passband's centre moves every line as a wavelength error does, and its edge is hard to tell from the
  // Gaussian widths: held while a cell refines, they refine when every cell is held (a standard with a certified
  // cell, as in a calibration) and were not given, unless set by name
  const mi = model.params.instrument;
  const standard = model.entries.every((e) => e.group !== 'cell' || !e.p.refine);
  if (config.passband && opts.params?.passbandMistune?.refine === undefined) mi.passbandMistune.refine = standard && prof?.passbandMistune === undefined;
  if (config.passband && opts.params?.passbandShoulder?.refine === undefined) mi.passbandShoulder.refine = standard && prof?.passbandShoulder === undefined;
  if (!config.passband) {
    const freed = (['passbandWidth', 'passbandShoulder', 'passbandMistune'] as const).filter((k) => mi[k].refine);
    if (freed.length) throw new InputError(`${freed.join(', ')}: there is no monochromator passband in this model (it comes from a .brml naming a Johansson primary optic, or passbandWidth in the instrument file, with one Cu Ka1 line)`);
  }
  // the model was evaluated above at its defaults: composed line shapes take their grid from the values now set
  model.resetGrid();
  return { model, y, w, sigma, provenance, instrumentCorrected, wavelengthsAssumed: !instrument?.wavelengths && !pattern.meta.wavelengths?.length, warnings };
}

/** A peak at twoThetaDeg lies in the fitted range on a point the fit uses (weight above zero: not excluded). */
export function peakFitted(twoThetaDeg: number, twoTheta: Float64Array, w: Float64Array): boolean {
  if (!(twoThetaDeg >= twoTheta[0] && twoThetaDeg <= twoTheta[twoTheta.length - 1])) return false;
  return w[Math.min(lowerBound(twoTheta, twoThetaDeg), w.length - 1)] > 0;
}

/**
 * Held instrument values are not clamped by the parameter bounds: out-of-range ones are refused, naming the key
 * and the file. A value that is a parameter's start is checked against that parameter's own bounds (ins), so a held
 * value is one the refinement itself could reach; the Soller angles and axial lengths of the full axial model have
 * no parameter and get their ranges here.
 */
function checkInstrumentRanges(instrument: InstrumentFile | undefined, ins: InstrumentParams, radiusMm: number): void {
  const file = instrument?.source;
  const check = (label: string, v: number | undefined, lo: number, hi: number, what: string) => {
    if (v !== undefined && !(v >= lo && v <= hi)) throw new SettingsError(`instrument ${label} = ${v} is outside ${lo} to ${hi} (${what})`, { file });
  };
  check('zeroDeg', instrument?.zeroDeg, ins.zero.min, ins.zero.max, 'deg 2theta');
  check('displacementMm', instrument?.displacementMm, ins.displacement.min, ins.displacement.max, 'mm');
  check('sampleXMm', instrument?.sampleXMm, ins.sampleX.min, ins.sampleX.max, 'mm');
  check('sampleYMm', instrument?.sampleYMm, ins.sampleY.min, ins.sampleY.max, 'mm');
  const prof = instrument?.profile;
  const held: [keyof NonNullable<InstrumentFile['profile']>, Param, string][] = [
    ['X', ins.X, 'deg, the tan theta Lorentzian width'],
    ['Y', ins.Y, 'deg, the 1/cos theta Lorentzian width'],
    ['SL', ins.SL, 'axial divergence, a fraction of the goniometer radius'],
    ['HL', ins.HL, 'axial divergence, a fraction of the goniometer radius'],
    ['passbandWidth', ins.passbandWidth, 'a window that passes K-alpha1 and stops K-alpha2, in dlambda/lambda'],
    ['passbandShoulder', ins.passbandShoulder, 'in half-widths of the window'],
    ['passbandMistune', ins.passbandMistune, 'in half-widths of the window'],
    ['sollerDeg', ins.soller, 'deg as quoted'],
    ['slitDeg', ins.slit, 'deg'],
  ];
  for (const [key, par, what] of held) check(`profile ${key}`, prof?.[key], par.min, par.max, what);
  const geometry: [keyof NonNullable<InstrumentFile['profile']>, number, string][] = [
    ['primarySollerDeg', 20, 'deg as quoted'],
    ['secondarySollerDeg', 20, 'deg as quoted'],
    ['sourceLengthMm', radiusMm, 'mm, up to the goniometer radius'],
    ['sampleLengthMm', radiusMm, 'mm, up to the goniometer radius'],
    ['receiverLengthMm', radiusMm, 'mm, up to the goniometer radius'],
  ];
  for (const [key, hi, what] of geometry) check(`profile ${key}`, prof?.[key], 0, hi, what);
}

/** A radius for every phase or per phase name, each within (0, MAX_BRINDLEY_RADIUS_UM]. */
function checkBrindleyRadii(r: RefineOptions['brindleyRadiusUm']): void {
  const radii = typeof r === 'number' ? [['', r] as const] : Object.entries(r ?? {});
  for (const [name, x] of radii) {
    if (!(x > 0 && x <= MAX_BRINDLEY_RADIUS_UM)) {
      throw new SettingsError(`Brindley particle radius${name ? ` of ${name}` : ''} must be above 0 and at most ${MAX_BRINDLEY_RADIUS_UM} um, not ${x}`);
    }
  }
}

const show = (x: number) => String(Number(x.toPrecision(6)));

/**
 * A value, min or max set by name (--free NAME=VALUE, a recipe's params) stays within the parameter's own
 * bounds, as the refinement would keep it: slit = -1 or Si.a = -5.43 are refused, not clamped or run. A cell
 * parameter's window (5 % of a length, 10 deg of an angle, about the CIF's value) may be widened by min and max,
 * but only to a real cell: lengths above 0, angles between 0 and 180 deg.
 */
function checkSetting(e: ParamEntry, set: ParamSetting): void {
  const angle = e.group === 'cell' && /\.(alpha|beta|gamma)$/.test(e.name);
  const [lo, hi] = e.group !== 'cell' ? [e.p.min, e.p.max] : angle ? [0, 180] : [0, Infinity];
  for (const k of ['value', 'min', 'max'] as const) {
    const v = set[k];
    if (v === undefined) continue;
    if (e.group === 'cell' && !(v > lo && v < hi)) {
      throw new SettingsError(`parameter ${e.name}: ${k} ${v} is not a cell ${angle ? 'angle (between 0 and 180 deg)' : 'length (above 0 A)'}`);
    }
    if (!(v >= lo && v <= hi)) throw new SettingsError(`parameter ${e.name}: ${k} ${v} is outside its bounds ${show(lo)} to ${show(hi)}`);
  }
  const min = set.min ?? e.p.min;
  const max = set.max ?? e.p.max;
  if (set.value !== undefined && !(set.value >= min && set.value <= max)) {
    const window = e.group === 'cell' && set.min === undefined && set.max === undefined ? ` (${angle ? '10 deg' : '5 %'} about the CIF's value; a recipe's min and max can widen it)` : '';
    throw new SettingsError(`parameter ${e.name}: value ${set.value} is outside its bounds ${show(min)} to ${show(max)}${window}`);
  }
}

/** The cell the starting values give must be a cell (three angles that close; the CIF's always do). */
function checkCell(ph: PhaseSetup, cell: Param[]): void {
  const values = cell.map((c) => c.value);
  const c = ph.cellParam.toCell(values);
  let ok: boolean;
  try {
    ok = cellVolume(c) > 0;
  } catch {
    ok = false;
  }
  if (!ok) throw new SettingsError(`phase ${ph.name}: the cell ${ph.cellParam.names.map((n, i) => `${n} = ${values[i]}`).join(', ')} is not a cell (its angles do not close)`);
}

