/**
 * Single-peak crystallite size (the source study's approach for Si, SPEC.md section 2):
 * - raw: one pseudo-Voigt (plus a straight background) fitted over the unresolved Ka1/Ka2 doublet; its FWHM
 *   beta (rad) gives L = K lambda / (beta cos theta) with K = 0.89 and lambda = 1.541853 A (weighted Cu Ka);
 * - corrected: the doublet resolved (each emission line placed by Bragg's law, intensities by weight) and the
 *   instrument's own Gaussian and Lorentzian widths at that angle held, so that only the sample's Lorentzian
 *   (size) width refines; L = K lambda1 / (beta_sample cos theta). Without an instrument the corrected value
 *   still resolves the doublet but keeps the instrument broadening (reported as apparent).
 * esds from the covariance of the fit, scaled by chi2_red.
 */
import { InputError } from '../errors.js';
import type { InstrumentFile } from '../io/instrument.js';
import { refuseBadPoints, type Pattern, type Wavelength } from '../io/pattern.js';
import { lowerBound } from '../model/pattern-model.js';
import { pseudoVoigt } from '../profile/pseudo-voigt.js';
import { tchCombine } from '../profile/tch.js';
import { axialNodes } from '../profile/axial-divergence.js';
import { flatSpecimenGaussFwhm2, flatSpecimenShiftDeg } from '../profile/flat-specimen.js';
import { fullAxialNodes, type AxialGeometry } from '../profile/full-axial.js';
import { CU_KA_SPECTRUM } from '../physics/elements/cu-ka-spectrum.js';
import { incidentAxial } from '../profile/incident-axial.js';
import { johanssonGe111TwoThetaDeg, monochromatorDispersion, passbandLine } from '../profile/passband.js';
import { levenbergMarquardt, type LsqProblem } from '../refine/least-squares.js';
import { propagateEsd } from '../refine/propagate.js';

const DEG = Math.PI / 180;

export interface SinglePeakOptions {
  /** approximate peak position, deg (default 28.44, Si 111 with Cu Ka) */
  peakDeg?: number;
  /** half width of the fitted window, deg (default: 6 x the estimated FWHM, at least 0.6) */
  halfWindowDeg?: number;
  /** Scherrer constant (default 0.89) */
  k?: number;
  /** wavelength for the raw value, A (default 1.541853, the study's weighted Cu Ka) */
  lambda?: number;
  instrument?: InstrumentFile;
  /** emission lines for the corrected fit (default: instrument's, else the pattern's, else Cu Ka1/Ka2 2:1) */
  wavelengths?: Wavelength[];
}

export interface ValueEsd {
  value: number;
  esd: number;
}

export interface SinglePeakResult {
  peak: { twoTheta: number };
  /** area: the fitted peak's integrated counts x deg above the background (to judge whether there is a peak) */
  raw: { twoTheta: ValueEsd; fwhmDeg: ValueEsd; eta: number; lvolFWHM: ValueEsd; rwp: number; area: ValueEsd };
  corrected: { twoTheta: ValueEsd; fwhmDeg: ValueEsd; lvolFWHM: ValueEsd; instrumentRemoved: boolean; rwp: number };
  k: number;
  lambda: number;
}

interface Window {
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
}

function windowOf(p: Pattern, lo: number, hi: number): Window {
  const a = lowerBound(p.twoTheta, lo);
  const b = lowerBound(p.twoTheta, hi);
  if (b - a < 10) throw new InputError(`only ${b - a} points between ${lo.toFixed(2)} and ${hi.toFixed(2)} deg: no peak to fit there`);
  refuseBadPoints(p, (i) => i >= a && i < b);
  return {
    x: p.twoTheta.slice(a, b),
    y: p.counts.slice(a, b),
    w: Float64Array.from(p.sigma.slice(a, b), (s) => 1 / (s * s)),
  };
}

/**
 * LM problem from a model function with numeric derivatives (a handful of parameters, a few hundred points); f(p) is
 * the model at parameters p as a function of 2theta (what depends on p alone is computed once per p).
 */
function problem(win: Window, names: string[], x0: number[], lower: number[], upper: number[], f: (p: Float64Array) => (t: number) => number): LsqProblem {
  const evaluate = (p: Float64Array, out: Float64Array) => {
    const at = f(p);
    for (let i = 0; i < win.x.length; i++) out[i] = at(win.x[i]);
  };
  return {
    names, x0: Float64Array.from(x0), lower: Float64Array.from(lower), upper: Float64Array.from(upper), y: win.y, w: win.w,
    evaluate,
    jacobian(p, out, cols) {
      evaluate(p, out);
      const q = Float64Array.from(p);
      for (let j = 0; j < p.length; j++) {
        const h = 1e-6 * Math.max(Math.abs(p[j]), 1e-3);
        q[j] = p[j] + h;
        const up = new Float64Array(out.length);
        evaluate(q, up);
        q[j] = p[j] - h;
        const down = new Float64Array(out.length);
        evaluate(q, down);
        q[j] = p[j];
        for (let i = 0; i < out.length; i++) cols[j * out.length + i] = (up[i] - down[i]) / (2 * h);
      }
    },
  };
}

function rwpOf(win: Window, yc: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < win.y.length; i++) {
    num += win.w[i] * (win.y[i] - yc[i]) ** 2;
    den += win.w[i] * win.y[i] ** 2;
  }
  return 100 * Math.sqrt(num / den);
}

/** Scherrer L (nm) from a FWHM in deg 2theta at 2theta (deg), lambda in A. */
export function scherrerNm(fwhmDeg: number, twoThetaDeg: number, lambda: number, k: number): number {
  return (k * lambda) / (fwhmDeg * DEG * Math.cos((twoThetaDeg * DEG) / 2)) / 10;
}

export function fitPeak(pattern: Pattern, opts: SinglePeakOptions = {}): SinglePeakResult {
  const k = opts.k ?? 0.89;
  const lambda = opts.lambda ?? 1.541853;
  if (!(k > 0) || !(lambda > 0)) throw new InputError('K and lambda must be positive');
  // K of 1e9 or a lambda of 1e-9 A gave sizes of any magnitude: the Scherrer constant is about 0.9, X-rays 0.1-5 A
  if (!(k <= 2)) throw new InputError(`the Scherrer constant K must be above 0 and at most 2, not ${k}`);
  if (!(lambda >= 0.1 && lambda <= 5)) throw new InputError(`the wavelength must be an X-ray one, 0.1 to 5 A, not ${lambda}`);
  const guess = opts.peakDeg ?? 28.44;
  if (guess < pattern.twoTheta[0] || guess > pattern.twoTheta[pattern.twoTheta.length - 1]) {
    throw new InputError(`peak ${guess} deg lies outside the pattern (${pattern.twoTheta[0]}-${pattern.twoTheta[pattern.twoTheta.length - 1]} deg)`);
  }
  // locate the maximum near the guess and estimate its width from the half-maximum crossings
  const near = windowOf(pattern, guess - 0.5, guess + 0.5);
  let im = 0;
  for (let i = 1; i < near.y.length; i++) if (near.y[i] > near.y[im]) im = i;
  const top = near.x[im];
  const coarse = windowOf(pattern, top - 2, top + 2);
  const base0 = Math.min(coarse.y[0], coarse.y[coarse.y.length - 1]);
  const height = near.y[im] - base0;
  if (!(height > 0)) throw new InputError(`no peak above the background near ${guess} deg`);
  let l = lowerBound(coarse.x, top);
  let r = l;
  while (l > 0 && coarse.y[l] - base0 > height / 2) l--;
  while (r < coarse.x.length - 1 && coarse.y[r] - base0 > height / 2) r++;
  const fwhm0 = Math.max(coarse.x[r] - coarse.x[l], 0.02);
  const half = opts.halfWindowDeg ?? Math.max(6 * fwhm0, 0.6);
  const win = windowOf(pattern, top - half, top + half);
  const area0 = height * fwhm0 * 1.2;

  // raw: one pseudo-Voigt + straight background over the unresolved doublet
  const rawF = (p: Float64Array) => (t: number) => p[0] * pseudoVoigt(t - p[1], p[2], p[3]) + p[4] + p[5] * (t - top);
  const raw = levenbergMarquardt(problem(win, ['area', 'centre', 'fwhm', 'eta', 'bkg', 'slope'], [area0, top, fwhm0, 0.5, base0, 0], [0, top - half, 1e-4, 0, -Infinity, -Infinity], [Infinity, top + half, 2 * half, 1, Infinity, Infinity], rawF));
  if (!raw.converged) throw new InputError(`the single-peak fit at ${guess} deg did not converge (${raw.message})`);
  const ycRaw = new Float64Array(win.x.length);
  const rawAt = rawF(raw.x);
  win.x.forEach((t, i) => (ycRaw[i] = rawAt(t)));
  const lvolRaw = (p: Float64Array) => scherrerNm(p[2], p[1], lambda, k);

  // corrected: resolved doublet, instrument widths held, sample Lorentzian width refined
  const prof = opts.instrument?.profile;
  const given = opts.wavelengths ?? opts.instrument?.wavelengths ?? pattern.meta.wavelengths ?? [
    { lambda: 1.54056, weight: 1 }, { lambda: 1.54439, weight: 0.5 },
  ];
  if (prof?.passbandWidth !== undefined && given.length !== 1) throw new InputError(`the instrument's passband (passbandWidth) needs one Cu K-alpha1 line, not ${given.length}: the passband carries the Cu K-alpha spectrum itself`);
  // with a passband the spectrum's K-alpha11 is the fiducial line (as in the Rietveld model)
  const lines = prof?.passbandWidth !== undefined ? [{ lambda: CU_KA_SPECTRUM[0].lambda, weight: 1 }] : given;
  const l1 = lines.reduce((a, b) => (b.weight > a.weight ? b : a));
  const instrumentRemoved = !!prof && (prof.W !== undefined || prof.U !== undefined);
  // the incident-beam divergence (FCJ with a primary Soller) and a Johansson passband, as in the Rietveld model
  const incidentSoller = prof?.sampleLengthMm === undefined ? (prof?.primarySollerDeg ?? 0) : 0;
  const mono = opts.instrument?.monochromatorTwoThetaDeg ?? pattern.meta.monochromatorTwoThetaDeg ?? johanssonGe111TwoThetaDeg(l1.lambda);
  const passband = prof?.passbandWidth !== undefined
    ? { width: prof.passbandWidth, shoulder: prof.passbandShoulder ?? 0.2, mistune: prof.passbandMistune ?? 0 }
    : undefined;
  const instWidthsAt = (tt: number) => {
    const th = (tt * DEG) / 2;
    const tan = Math.tan(th);
    const cos = Math.cos(th);
    // the same instrument terms as the Rietveld model: TCH widths; the flat specimen, the incident-beam divergence
    // and the passband as their mean shifts and (in the Gaussian width) their variances
    const inc = incidentSoller > 0 ? incidentAxial(tt, incidentSoller) : undefined;
    const pb = passband ? passbandLine(tt, passband, monochromatorDispersion(mono)) : undefined;
    const g2 = (prof?.U ?? 0) * tan * tan + (prof?.V ?? 0) * tan + (prof?.W ?? 0) + (prof?.P ?? 0) / (cos * cos) + flatSpecimenGaussFwhm2(tt, prof?.slitDeg ?? 0) +
      8 * Math.LN2 * ((inc?.varianceDeg2 ?? 0) + (pb?.varianceDeg2 ?? 0));
    const shift = flatSpecimenShiftDeg(tt, prof?.slitDeg ?? 0) + (inc?.meanDeg ?? 0) + (pb?.meanDeg ?? 0);
    return { g2: Math.max(g2, 0), l: (prof?.X ?? 0) * tan + (prof?.Y ?? 0) / cos, cos, shift };
  };
  // the instrument terms depend only on a line's angle, which only the centre's difference steps move: kept for the
  // recent angles (the passband's moments cost 600 density evaluations)
  const widthMemo = new Map<number, ReturnType<typeof instWidthsAt>>();
  const instWidths = (tt: number) => {
    let v = widthMemo.get(tt);
    if (!v) {
      if (widthMemo.size > 64) widthMemo.clear();
      v = instWidthsAt(tt);
      widthMemo.set(tt, v);
    }
    return v;
  };
  const sl = prof?.SL ?? 0;
  const hl = prof?.HL ?? sl;
  // the instrument's asymmetry as the Rietveld model has it: full axial model, or FCJ with an optional Soller
  const geometry: AxialGeometry | undefined = prof?.sampleLengthMm !== undefined
    ? {
        sourceMm: prof.sourceLengthMm ?? 12, sampleMm: prof.sampleLengthMm, receiverMm: prof.receiverLengthMm ?? 12,
        radiusMm: opts.instrument?.goniometerRadiusMm ?? pattern.meta.goniometerRadiusMm ?? 300,
        primarySollerDeg: prof.primarySollerDeg ?? 0, secondarySollerDeg: prof.secondarySollerDeg ?? 0,
      }
    : undefined;
  const asymmetry = (tt: number, fwhm: number) =>
    geometry ? fullAxialNodes(tt, geometry, fwhm) : axialNodes(tt, sl, hl, fwhm, 6, ((prof?.sollerDeg ?? 0) * Math.PI) / 360);
  const corrF = (p: Float64Array) => {
    // p: area, 2theta of line 1, sample Lorentzian FWHM (deg at line 1), bkg, slope; each line's position, widths
    // and asymmetry nodes depend on p alone
    const d = l1.lambda / (2 * Math.sin((p[1] * DEG) / 2));
    const wsum = lines.reduce((s, x) => s + x.weight, 0);
    const placed: { c: number; fwhm: number; eta: number; ax: { shift: Float64Array; weight: Float64Array }; area: number }[] = [];
    for (const line of lines) {
      const s = line.lambda / (2 * d);
      if (s >= 1) continue;
      const tt = (2 * Math.asin(s)) / DEG;
      const inst = instWidths(tt);
      const cosRatio = instWidths(p[1]).cos / inst.cos;
      const gl = Math.sqrt(inst.g2);
      const ll = inst.l + p[2] * cosRatio * (line.lambda / l1.lambda);
      const w = tchCombine(Math.max(gl, 1e-6), Math.max(ll, 0));
      placed.push({ c: tt + inst.shift, fwhm: w.fwhm, eta: w.eta, ax: asymmetry(tt, w.fwhm), area: (p[0] * line.weight) / wsum });
    }
    return (t: number) => {
      let y = p[3] + p[4] * (t - top);
      for (const { c, fwhm, eta, ax, area } of placed) {
        let v = 0;
        for (let q = 0; q < ax.shift.length; q++) v += ax.weight[q] * pseudoVoigt(t - c - ax.shift[q], fwhm, eta);
        y += area * v;
      }
      return y;
    };
  };
  const corr = levenbergMarquardt(
    problem(win, ['area', 'centre', 'sampleL', 'bkg', 'slope'], [raw.x[0], raw.x[1], raw.x[2] * 0.5, raw.x[4], raw.x[5]],
      [0, top - half, 0, -Infinity, -Infinity], [Infinity, top + half, 2 * half, Infinity, Infinity], corrF),
  );
  if (!corr.converged) throw new InputError(`the resolved-doublet fit at ${guess} deg did not converge (${corr.message})`);
  const ycCorr = new Float64Array(win.x.length);
  const corrAt = corrF(corr.x);
  win.x.forEach((t, i) => (ycCorr[i] = corrAt(t)));
  const sampleFwhm = (p: Float64Array) => p[2];
  const lvolCorr = (p: Float64Array) => scherrerNm(sampleFwhm(p), p[1], l1.lambda, k);
  return {
    peak: { twoTheta: raw.x[1] },
    raw: {
      twoTheta: { value: raw.x[1], esd: raw.esd[1] },
      fwhmDeg: { value: raw.x[2], esd: raw.esd[2] },
      eta: raw.x[3],
      lvolFWHM: { value: lvolRaw(raw.x), esd: propagateEsd(lvolRaw, raw.x, raw.covariance, raw.chi2Reduced, raw.esd) },
      rwp: rwpOf(win, ycRaw),
      area: { value: raw.x[0], esd: raw.esd[0] },
    },
    corrected: {
      twoTheta: { value: corr.x[1], esd: corr.esd[1] },
      fwhmDeg: { value: sampleFwhm(corr.x), esd: propagateEsd(sampleFwhm, corr.x, corr.covariance, corr.chi2Reduced, corr.esd) },
      lvolFWHM: { value: lvolCorr(corr.x), esd: propagateEsd(lvolCorr, corr.x, corr.covariance, corr.chi2Reduced, corr.esd) },
      instrumentRemoved,
      rwp: rwpOf(win, ycCorr),
    },
    k,
    lambda,
  };
}
