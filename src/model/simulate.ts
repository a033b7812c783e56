/**
 * A calculated pattern of a mixture: phases with weight fractions (Hill-Howard scales) and crystallite
 * sizes (Lorentzian, nm), on an instrument (or a generic lab profile), optionally with a flat background
 * and Poisson noise from a seeded generator (reproducible).
 */
import { cellVolume } from '../crystal/cell.js';
import type { CrystalStructure } from '../crystal/types.js';
import { InputError } from '../errors.js';
import type { InstrumentFile } from '../io/instrument.js';
import type { Pattern, Wavelength } from '../io/pattern.js';
import { buildModel } from '../rietveld/build.js';
import type { PatternModel } from './pattern-model.js';

export interface SimulatePhase {
  structure: CrystalStructure;
  /** weight percent; phases without one share what the others leave */
  weightPercent?: number;
  /** Lorentzian crystallite size, nm (omit for no size broadening) */
  sizeNm?: number;
  /** Lorentzian strain broadening: FWHM = strainL tan theta (rad of 2theta) */
  strainL?: number;
  /** Gaussian strain broadening: FWHM = strainG tan theta */
  strainG?: number;
}

export interface SimulateOptions {
  /** start, end, step in deg 2theta */
  range?: [number, number, number];
  instrument?: InstrumentFile;
  /** counts of the strongest point above background */
  maxCounts?: number;
  /** flat background, counts */
  background?: number;
  /** add Poisson noise with this seed */
  noiseSeed?: number;
  /** a capillary's mu r (the instrument file's geometry transmission): its absorption on the intensities */
  capillaryMuR?: number;
}

export interface Simulation {
  pattern: Pattern;
  model: PatternModel;
  /** each phase's contribution */
  phaseCurves: Float64Array[];
  /** peak positions (deg) per phase */
  ticks: number[][];
}

/** Generic lab profile (Cu Ka, Bragg-Brentano) when no instrument file is given. */
export const GENERIC_PROFILE = { U: 0.002, V: -0.001, W: 0.0015, X: 0.01, Y: 0.005, SL: 0.01, HL: 0.01, slitDeg: 0 };

export function simulatePattern(phases: SimulatePhase[], opts: SimulateOptions = {}): Simulation {
  const [start, end, step] = opts.range ?? [10, 90, 0.01];
  if (!(end > start && step > 0)) throw new InputError(`range ${start}:${end}:${step} must have end > start and step > 0`);
  // 2theta beyond 180 deg is no angle of a diffractometer (the pattern was written, then refused by the readers)
  if (!(start >= 0 && end < 180)) throw new InputError(`range ${start}:${end}:${step}: 2theta must lie from 0 to below 180 deg`);
  const n = Math.floor((end - start) / step + 1e-9) + 1;
  if (n > 2_000_000) throw new InputError(`range ${start}:${end}:${step} has ${n} points: too many`);
  const twoTheta = Float64Array.from({ length: n }, (_, i) => start + i * step);
  const given = phases.reduce((s, p) => s + (p.weightPercent ?? 0), 0);
  const unset = phases.filter((p) => p.weightPercent === undefined).length;
  if (given > 100 + 1e-9 || (unset === 0 && Math.abs(given - 100) > 1e-6 && phases.length > 1)) {
    throw new InputError(`weight fractions add up to ${given}%, not 100%`);
  }
  const wt = phases.map((p) => p.weightPercent ?? (unset ? (100 - given) / unset : 100));
  // all weights 0: a pattern of zeros, which no reader accepts
  if (!(wt.reduce((a, b) => a + b, 0) > 0)) throw new InputError(`the weight fractions add up to 0 %: there is nothing to simulate`);
  const flat: Pattern = { twoTheta, counts: new Float64Array(n), sigma: new Float64Array(n).fill(1), meta: { format: 'simulated' } };
  const instrument: InstrumentFile = opts.instrument?.profile ? opts.instrument : { ...(opts.instrument ?? {}), profile: GENERIC_PROFILE };
  const built = buildModel(flat, phases.map((p) => p.structure), instrument, { backgroundTerms: 1, capillaryMuR: opts.capillaryMuR });
  const { model } = built;
  model.params.background[0].value = opts.background ?? 0;
  model.phases.forEach((ph, i) => {
    const pp = model.params.phases[i];
    const volume = cellVolume(ph.structure.cell);
    pp.scale.value = wt[i] / 100 / (ph.cellMass * volume);
    pp.invSizeL.value = phases[i].sizeNm ? 1 / phases[i].sizeNm! : 0;
    pp.strainL.value = phases[i].strainL ?? 0;
    pp.strainG.value = phases[i].strainG ?? 0;
  });
  // scale so that the strongest point is maxCounts above the background
  model.resetGrid(); // the grids of composed line shapes follow the widths just set
  const probe = model.calculate(new Float64Array(n));
  let top = -Infinity;
  for (const v of probe) if (v > top) top = v;
  const peak = top - (opts.background ?? 0);
  const k = peak > 0 ? (opts.maxCounts ?? 10000) / peak : 1;
  for (const pp of model.params.phases) pp.scale.value *= k;
  const phaseCurves = model.phases.map(() => new Float64Array(n));
  const y = model.calculate(new Float64Array(n), phaseCurves);
  const counts = opts.noiseSeed !== undefined ? poisson(y, opts.noiseSeed) : y;
  const sigma = Float64Array.from(counts, (c) => Math.sqrt(Math.max(c, 1)));
  const ticks = model.phases.map((_, p) => model.peaks.filter((pk) => pk.phase === p && pk.line === 0 && pk.twoTheta >= start && pk.twoTheta <= end).map((pk) => pk.twoTheta));
  return {
    pattern: {
      twoTheta, counts, sigma,
      meta: {
        format: 'simulated', wavelengths: labelledLines(model.config.wavelengths), goniometerRadiusMm: model.config.goniometerRadiusMm,
        // a capillary's pattern says so (written to .xye, it refines as one)
        ...(model.config.geometry === 'transmission' ? { geometry: 'transmission' as const } : {}),
      },
    },
    model, phaseCurves, ticks,
  };
}

/**
 * The emission lines with the Ka1/Ka2 labels the .xye writer needs to state them in a form the readers take
 * back ("Ka1 1.78897 A (Ka1 only)"; "Ka1 .., Ka2 .., I(Ka2)/I(Ka1) = .."): unlabelled lines of an instrument
 * file were written as "lines 1.78897 A weight 1", which no reader understands (a Co pattern was then read as Cu).
 */
function labelledLines(wl: Wavelength[]): Wavelength[] {
  // one line is "Ka1 X A (Ka1 only)": "wavelength = 1.78897 A" is read back as the Co anode, both its lines
  if (wl.length === 1) return [{ ...wl[0], label: 'Ka1' }];
  if (wl.some((w) => w.label !== undefined) || wl.length > 2) return wl;
  return wl.map((w, i) => ({ ...w, label: i === 0 ? 'Ka1' : 'Ka2' }));
}

/** Poisson deviates (Knuth for small means, normal approximation with continuity beyond 50) from a seeded PRNG. */
export function poisson(mean: Float64Array, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const rand = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = () => {
    const u = Math.max(rand(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  return Float64Array.from(mean, (m) => {
    if (!(m > 0)) return 0;
    if (m > 50) return Math.max(0, Math.round(m + Math.sqrt(m) * gauss()));
    const l = Math.exp(-m);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= rand();
    } while (p > l);
    return k - 1;
  });
}
