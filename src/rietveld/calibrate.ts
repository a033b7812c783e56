/**
 * Instrument calibration on a line-profile standard (LaB6, Si) whose cell is held at its certified value:
 * refines the instrument's profile (U, V, W, X, Y), axial divergence (S/L = H/L) and zero, with the
 * equatorial divergence slit given (flat-specimen aberration), and returns the instrument file. A standard in
 * transmission (a capillary) refines its offsets from the axis with the zero (with the cell held they are told
 * apart); they belong to that mounting and are not written, the zero is.
 */
import type { CrystalStructure } from '../crystal/types.js';
import { InputError, RefinementError } from '../errors.js';
import type { InstrumentFile } from '../io/instrument.js';
import type { Pattern } from '../io/pattern.js';
import type { RefineOptions } from './options.js';
import { peakFitted } from './build.js';
import { chooseGeometry } from './geometry.js';
import { refinePattern, type RefinementOutput } from './refine.js';

export interface CalibrationOptions {
  /** equatorial divergence slit of the instrument, deg (0: no flat-specimen term) */
  divergenceSlitDeg?: number;
  /** certified cell edge of the standard, A (default: the CIF's) */
  certifiedA?: number;
  /** instrument values known beforehand (wavelengths, radius, monochromator) */
  base?: InstrumentFile;
  range?: [number, number];
  /** 2theta regions to leave out, deg (e.g. peaks of the sample holder) */
  exclude?: [number, number][];
  backgroundTerms?: number;
}

export interface CalibrationOutput {
  instrument: InstrumentFile;
  refinement: RefinementOutput;
}

export function calibrateInstrument(pattern: Pattern, standard: CrystalStructure, opts: CalibrationOptions = {}): CalibrationOutput {
  // 0 was taken as "not given" and a negative edge made a negative cell
  if (opts.certifiedA !== undefined && !(opts.certifiedA > 0)) throw new InputError(`certified cell edge must be above 0 A, not ${opts.certifiedA}`);
  const std: CrystalStructure = opts.certifiedA !== undefined
    ? { ...standard, cell: { ...standard.cell, a: opts.certifiedA, b: standard.cell.b === standard.cell.a ? opts.certifiedA : standard.cell.b, c: standard.cell.c === standard.cell.a ? opts.certifiedA : standard.cell.c } }
    : standard;
  const n = std.name;
  // known geometry (full axial model, Soller) is kept; profile widths are what the calibration finds
  const known = opts.base?.profile ?? {};
  const geometry = {
    ...(known.sampleLengthMm !== undefined
      ? { sourceLengthMm: known.sourceLengthMm, sampleLengthMm: known.sampleLengthMm, receiverLengthMm: known.receiverLengthMm, primarySollerDeg: known.primarySollerDeg, secondarySollerDeg: known.secondarySollerDeg }
      : {}),
    ...(known.sollerDeg !== undefined ? { sollerDeg: known.sollerDeg } : {}),
    ...(known.sampleLengthMm === undefined && known.primarySollerDeg !== undefined ? { primarySollerDeg: known.primarySollerDeg } : {}),
    // a passband given in the base (a Ka1 instrument whose standard's file does not name its monochromator) is kept,
    // its values the starting point of the calibration
    ...(known.passbandWidth !== undefined ? { passbandWidth: known.passbandWidth, passbandShoulder: known.passbandShoulder, passbandMistune: known.passbandMistune } : {}),
  };
  const base: InstrumentFile = { ...(opts.base ?? {}), profile: { ...geometry, slitDeg: opts.divergenceSlitDeg ?? known.slitDeg ?? 0 } };
  delete base.zeroDeg;
  const chosen = chooseGeometry(pattern, opts.base, {});
  const transmission = chosen.geometry === 'transmission';
  if (transmission && (opts.divergenceSlitDeg ?? 0) > 0) {
    throw new InputError(`--divergence-slit ${opts.divergenceSlitDeg} deg: the flat-specimen aberration of a divergence slit does not apply to a capillary in transmission, which this standard is${chosen.source === 'instrument' ? ' (the base instrument file says so)' : ' (its pattern file says so)'}`);
  }
  const ropts: RefineOptions = {
    range: opts.range,
    exclude: opts.exclude,
    backgroundTerms: opts.backgroundTerms,
    sampleBroadening: 'none',
    fix: ['cell'],
    positionModel: 'zero',
    params: {
      ...(transmission ? { sampleX: { refine: true }, sampleY: { refine: true } } : { displacement: { refine: false, value: 0 } }),
      zero: { refine: true, value: 0 },
      U: { refine: true, value: 0.001 },
      V: { refine: true, value: 0 },
      W: { refine: true, value: 0.001 },
      X: { refine: true, value: 0 },
      Y: { refine: true, value: 0.01 },
      ...(known.sampleLengthMm === undefined ? { SL: { refine: true, value: 0.01 } } : {}),
      bShared: { refine: false },
      [`${n}.bOverall`]: { refine: true },
      ...(known.passbandWidth !== undefined ? { passbandWidth: { refine: true }, passbandShoulder: { refine: true }, passbandMistune: { refine: true } } : {}),
    },
    stages: [
      { name: 'scale and background', groups: ['scale', 'background'] },
      { name: 'zero and profile', groups: ['zero', 'profile', 'passband', ...(transmission ? ['displacement'] : [])] },
      { name: 'axial divergence', groups: ['axial'] },
      { name: 'Beq', groups: ['beqPhase'] },
    ],
  };
  let out: RefinementOutput;
  try {
    out = refinePattern(pattern, [std], base, ropts);
  } catch (e) {
    // with the cell held, a parameter "without effect" means the standard's peaks are not where its cell puts them
    if (e instanceof RefinementError && /has no effect/.test(e.message)) {
      const a = opts.certifiedA !== undefined ? `the certified a = ${opts.certifiedA} A` : `the CIF's a = ${standard.cell.a} A`;
      throw new InputError(`the standard's peaks are not where ${a} puts them (${e.message}): is the cell that of this standard, and the pattern a pattern of it?`);
    }
    throw e;
  }
  const p = out.result.instrument.profile;
  const instrument: InstrumentFile = {
    wavelengths: out.result.instrument.wavelengths,
    monochromatorTwoThetaDeg: out.result.instrument.monochromatorTwoThetaDeg,
    goniometerRadiusMm: out.result.instrument.goniometerRadiusMm,
    // a standard measured in transmission (a capillary) calibrates a transmission instrument
    ...(out.result.instrument.geometry === 'transmission' ? { geometry: 'transmission' as const } : {}),
    zeroDeg: out.result.zero.value,
    // with FCJ, the primary Soller the calibration composed (from the base or the standard's file) goes with S/L
    profile: { U: p.U, V: p.V, W: p.W, X: p.X, Y: p.Y, ...(known.sampleLengthMm === undefined ? { SL: p.SL, HL: p.HL, ...(p.primarySollerDeg !== undefined ? { primarySollerDeg: p.primarySollerDeg } : {}) } : {}), slitDeg: p.slitDeg, ...geometry,
      // a Johansson passband found on the standard goes with the instrument (its centre included, if refined)
      ...(p.passbandWidth !== undefined ? { passbandWidth: p.passbandWidth, passbandShoulder: p.passbandShoulder, passbandMistune: p.passbandMistune } : {}) },
  };
  checkInstrumentFunction(out, instrument, std.name);
  return { instrument, refinement: out };
}

/**
 * A calibration on a pattern that is not a standard of the phase (a broadened sample, noise, another phase, a
 * range with one reflection) still ends in numbers: negative Gaussian widths, widths of degrees. Those are not an
 * instrument function; they are refused here rather than written as one. A real calibration may have a slightly
 * negative U or W: what matters is that FWHM^2 = U tan^2 + V tan + W stays positive at the standard's reflections.
 */
function checkInstrumentFunction(out: RefinementOutput, instrument: InstrumentFile, phase: string): void {
  const { model, w } = out.built;
  const p = instrument.profile ?? {};
  const U = p.U ?? 0, V = p.V ?? 0, W = p.W ?? 0;
  const ask = `is the pattern one of a line-profile standard of ${phase}?`;
  const seen = new Set<number>();
  const fitted = model.peaks.filter((pk) => {
    if (pk.line !== 0 || !peakFitted(pk.twoTheta, model.twoTheta, w) || seen.has(pk.reflection)) return false;
    seen.add(pk.reflection);
    return true;
  });
  if (fitted.length < 3) {
    throw new InputError(`the calibration range holds ${fitted.length} reflection${fitted.length === 1 ? '' : 's'} of ${phase}: an instrument function needs at least 3 (widen --range, exclude less)`);
  }
  for (const pk of fitted) {
    const t = Math.tan((pk.twoTheta * Math.PI) / 360);
    const g2 = U * t * t + V * t + W;
    const where = `at the ${phase} reflection at 2theta ${pk.twoTheta.toFixed(2)} deg`;
    if (!(g2 > 0)) {
      throw new InputError(`the calibration is not an instrument function: its Gaussian FWHM^2 (U tan^2 + V tan + W, U=${U.toPrecision(3)} V=${V.toPrecision(3)} W=${W.toPrecision(3)}) is ${g2.toPrecision(3)} deg^2 ${where}; ${ask}`);
    }
    if (!(Math.sqrt(g2) <= 1 && pk.fwhm <= 1)) {
      throw new InputError(`the calibration is not an instrument function: its FWHM is ${Math.max(Math.sqrt(g2), pk.fwhm).toFixed(2)} deg ${where} (an instrument's is well below 1 deg); ${ask}`);
    }
  }
  const { rwp, rexp } = out.result.statistics;
  if (rwp > Math.max(30, 3 * rexp)) {
    throw new InputError(`the calibration does not fit: Rwp ${rwp.toFixed(1)} % (expected ${rexp.toFixed(1)} %) is far above what a standard gives; ${ask}`);
  }
}
