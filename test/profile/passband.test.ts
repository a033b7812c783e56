/**
 * The Johansson monochromator's passband (Mendenhall, Black & Cline, J. Appl. Cryst. 52 (2019)): the passed
 * line's mean against an independent integration in wavelength with the exact Bragg law, the dispersion
 * 2 tan theta + tan theta_M read off the window's motion, the trimmed tails, and the model's use of it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxNormalizedDiff } from './compare.js';
import { parseCif } from '../../src/io/cif/index.js';
import { readPatternFile } from '../../src/io/formats/index.js';
import { CU_KA_SPECTRUM } from '../../src/physics/elements/cu-ka-spectrum.js';
import { johanssonGe111TwoThetaDeg, monochromatorDispersion, passbandLine, passbandNodes } from '../../src/profile/passband.js';
import { buildModel } from '../../src/rietveld/build.js';
import { calibrateInstrument } from '../../src/rietveld/calibrate.js';
import { poisson, simulatePattern } from '../../src/model/simulate.js';

const DEG = Math.PI / 180;
const K = monochromatorDispersion(johanssonGe111TwoThetaDeg(1.5405929));

/**
 * mean position (deg from the K-alpha11 Bragg angle) by integrating over wavelength with the exact Bragg law,
 * over the window's documented support: 12 edge widths past each edge, at most 3 half-widths (and 4 K-alpha11
 * half-widths)
 */
function meanByWavelength(d: number, pb: { width: number; shoulder: number; mistune: number }): number {
  const ref = CU_KA_SPECTRUM[0].lambda;
  const tt0 = 2 * Math.asin(ref / (2 * d));
  const reach = pb.width / 2 + Math.min(12 * pb.shoulder, 3) * (pb.width / 2) + (4 * CU_KA_SPECTRUM[0].fwhm) / 2 / ref;
  const centre = (pb.mistune * pb.width) / 2;
  let s0 = 0;
  let s1 = 0;
  const N = 200000;
  for (let k = 0; k < N; k++) {
    const r = centre - reach + (2 * reach * (k + 0.5)) / N; // (lambda - ref) / ref
    const lambda = ref * (1 + r);
    let f = 0;
    for (const l of CU_KA_SPECTRUM) {
      const hw = l.fwhm / 2;
      f += (l.intensity * hw) / ((lambda - l.lambda) ** 2 + hw * hw);
    }
    const half = pb.width / 2;
    const c = pb.mistune * half;
    const soft = pb.shoulder * half;
    f *= Math.atan((r - c + half) / soft) - Math.atan((r - c - half) / soft);
    // the specimen's Bragg angle for this wavelength, plus the monochromator's deflection K r
    const x = 2 * Math.asin(lambda / (2 * d)) + K * r - tt0;
    (s0 += f), (s1 += f * x);
  }
  return s1 / s0 / DEG;
}

describe('monochromator passband line', () => {
  it('Ge(111) at Cu K-alpha1: 2theta_M 27.28 deg, tan theta_M 0.2426', () => {
    expect(johanssonGe111TwoThetaDeg(1.5405929)).toBeCloseTo(27.28, 2);
    expect(K).toBeCloseTo(0.2427, 4);
  });

  it.each([
    [3.1356, { width: 0.0008, shoulder: 0.2, mistune: 0 }],
    [3.1356, { width: 0.0015, shoulder: 0.1, mistune: -0.3 }],
    [1.0452, { width: 0.0008, shoulder: 0.4, mistune: 0.2 }],
  ])('mean at d = %s A, %o, agrees with an integration over wavelength', (d, pb) => {
    const tt = (2 * Math.asin(CU_KA_SPECTRUM[0].lambda / (2 * d))) / DEG;
    const line = passbandLine(tt, pb, K);
    const ref = meanByWavelength(d, pb);
    expect(Math.abs(line.meanDeg - ref)).toBeLessThan(2e-5 + 0.01 * Math.abs(ref));
  });

  it('the line scales with the dispersion 2 tan theta + tan theta_M: its mean and width, from angle to angle', () => {
    const pb = { width: 0.001, shoulder: 0.2, mistune: 0.3 };
    const D = (tt: number) => 2 * Math.tan((tt / 2) * DEG) + K;
    const a = passbandLine(28.44, pb, K);
    const b = passbandLine(94.95, pb, K);
    expect(b.meanDeg / a.meanDeg).toBeCloseTo(D(94.95) / D(28.44), 6);
    expect(Math.sqrt(b.varianceDeg2 / a.varianceDeg2)).toBeCloseTo(D(94.95) / D(28.44), 6);
    // with the monochromator's term the low-angle line is 48 % wider than 2 tan theta alone makes it
    expect(D(28.44) / (2 * Math.tan(14.22 * DEG))).toBeCloseTo(1.479, 2);
  });

  it('trims the line: nothing beyond the window edges but their arctan shoulders; nodes centred, weight 1', () => {
    const pb = { width: 0.0008, shoulder: 0.2, mistune: 0 };
    const tt = 47.3;
    const line = { ...passbandLine(tt, pb, K), nodes: passbandNodes(tt, pb, K, 0.002) };
    const half = ((2 * Math.tan((tt / 2) * DEG) + K) * pb.width) / 2 / DEG;
    let w = 0;
    let m = 0;
    let v = 0;
    let outside = 0;
    for (let i = 0; i < line.nodes.shift.length; i++) {
      const s = line.nodes.shift[i] + line.meanDeg;
      (w += line.nodes.weight[i]), (m += line.nodes.weight[i] * line.nodes.shift[i]), (v += line.nodes.weight[i] * line.nodes.shift[i] ** 2);
      if (Math.abs(s) > 3 * half) outside += line.nodes.weight[i];
    }
    expect(w).toBeCloseTo(1, 12);
    expect(m).toBeCloseTo(0, 12);
    expect(v / line.varianceDeg2).toBeCloseTo(1, 2);
    // the bare Lorentzian spectrum has about a tenth of its weight beyond 3 half-widths of this window
    expect(outside).toBeLessThan(0.01);
  });
});

describe('passband in the pattern model', () => {
  const SI = parseCif(readFileSync(join(import.meta.dirname, '..', '..', 'structures', 'Si.cif'), 'utf8'), 'Si.cif');
  const FIX = join(import.meta.dirname, '..', 'fixtures', 'formats');

  it('a .brml naming a Johansson primary monochromator brings the passband in: its width refined, its edge and centre held, K-alpha11 the fiducial', () => {
    const pattern = readPatternFile(readFileSync(join(FIX, 'Si-Std_SRM640d_D8D_20-97_7_16hm.brml')), 'srm.brml').scans[0];
    expect(pattern.meta.incidentMonochromator).toBe('johansson');
    const { model, provenance } = buildModel(pattern, [SI], undefined, { backgroundTerms: 2 });
    expect(model.config.passband?.dispersionConst).toBeCloseTo(0.2426, 3);
    expect(provenance.passband).toBe('file');
    const ins = model.params.instrument;
    expect([ins.passbandWidth.refine, ins.passbandShoulder.refine, ins.passbandMistune.refine]).toEqual([true, false, false]);
    // the file's rounded 1.5406 A gives way to the spectrum's own K-alpha11
    expect(model.config.wavelengths.map((l) => l.lambda)).toEqual([CU_KA_SPECTRUM[0].lambda]);
    expect(provenance.wavelengths).toBe('default');
  });

  it('moves the line by its mean and keeps its area', () => {
    const twoTheta = Float64Array.from({ length: 6001 }, (_, i) => 25 + i * 0.01);
    const pattern = { twoTheta, counts: new Float64Array(twoTheta.length).fill(100), sigma: new Float64Array(twoTheta.length).fill(10), meta: { format: 'xye' } };
    const calc = (profile: Record<string, number>) => {
      const { model } = buildModel(pattern, [SI], { wavelengths: [{ lambda: 1.5405925, weight: 1 }], profile: { U: 0, V: 0, W: 0.0006, X: 0, Y: 0, ...profile } }, { backgroundTerms: 1 });
      model.params.background[0].value = 0;
      model.params.phases[0].invSizeL.value = 0;
      return model.calculate();
    };
    const plain = calc({});
    const pb = { passbandWidth: 0.001, passbandShoulder: 0.2, passbandMistune: 0.4 };
    const passed = calc(pb);
    for (const tt of [28.44, 47.3, 56.12]) {
      let s0 = 0, s1 = 0, p0 = 0, p1 = 0;
      for (let i = 0; i < twoTheta.length; i++) {
        if (Math.abs(twoTheta[i] - tt) > 0.8) continue;
        (s0 += passed[i]), (s1 += passed[i] * twoTheta[i]), (p0 += plain[i]), (p1 += plain[i] * twoTheta[i]);
      }
      const expected = passbandLine(tt, { width: 0.001, shoulder: 0.2, mistune: 0.4 }, K).meanDeg;
      expect(s1 / s0 - p1 / p0).toBeCloseTo(expected, 3);
      expect(s0 / p0).toBeCloseTo(1, 2);
    }
  });

  it('held instrument values out of range are refused, naming the key (bounds only clamp refined values)', () => {
    const twoTheta = Float64Array.from({ length: 2001 }, (_, i) => 20 + i * 0.01);
    const pattern = { twoTheta, counts: new Float64Array(2001).fill(100), sigma: new Float64Array(2001).fill(10), meta: { format: 'xye' } };
    const ka1 = [{ lambda: 1.5405925, weight: 1 }];
    expect(() => buildModel(pattern, [SI], { wavelengths: ka1, profile: { passbandWidth: 0.05 } }, {})).toThrow(/passbandWidth = 0.05 is outside/);
    expect(() => buildModel(pattern, [SI], { wavelengths: ka1, profile: { passbandWidth: 0.001, passbandShoulder: 0 } }, {})).toThrow(/passbandShoulder = 0 is outside/);
    expect(() => buildModel(pattern, [SI], { profile: { primarySollerDeg: -1 } }, {})).toThrow(/primarySollerDeg = -1 is outside/);
  });

  it('a passband with K-alpha1 and K-alpha2 lines is refused: the model carries the Cu K-alpha spectrum itself', () => {
    const twoTheta = Float64Array.from({ length: 2001 }, (_, i) => 20 + i * 0.01);
    const pattern = { twoTheta, counts: new Float64Array(2001).fill(100), sigma: new Float64Array(2001).fill(10), meta: { format: 'xye' } };
    expect(() => buildModel(pattern, [SI], { wavelengths: [{ lambda: 1.5406, weight: 1 }, { lambda: 1.5444, weight: 0.5 }], profile: { passbandWidth: 0.001 } }, {})).toThrow(/passbandWidth.*one Cu K-alpha1/);
  });
});

describe('passband centre: held while a cell refines, found on a standard', () => {
  const SI = parseCif(readFileSync(join(import.meta.dirname, '..', '..', 'structures', 'Si.cif'), 'utf8'), 'Si.cif');
  const FIX = join(import.meta.dirname, '..', 'fixtures', 'formats');

  it('refines when every cell is held, and freeing it without a passband is an error naming it', () => {
    const srm = readPatternFile(readFileSync(join(FIX, 'Si-Std_SRM640d_D8D_20-97_7_16hm.brml')), 'srm.brml').scans[0];
    const std = buildModel(srm, [SI], undefined, { backgroundTerms: 2, fix: ['cell'] }).model.params.instrument;
    expect([std.passbandMistune.refine, std.passbandShoulder.refine]).toEqual([true, true]);
    const twoTheta = Float64Array.from({ length: 2001 }, (_, i) => 20 + i * 0.01);
    const plain = { twoTheta, counts: new Float64Array(2001).fill(100), sigma: new Float64Array(2001).fill(10), meta: { format: 'xye' } };
    expect(() => buildModel(plain, [SI], undefined, { params: { passbandMistune: { refine: true } } })).toThrow(/passbandMistune: there is no monochromator passband/);
  });

  it('a calibration on a simulated Ka1 standard recovers the window: centre, width and edge', () => {
    const truth = { passbandWidth: 0.001, passbandShoulder: 0.2, passbandMistune: 0.3 };
    const instrument = {
      wavelengths: [{ lambda: 1.5405925, weight: 1 }], monochromatorTwoThetaDeg: 27.28, goniometerRadiusMm: 217.5,
      profile: { U: 0.0005, V: 0.0005, W: 0.0006, X: 0.002, Y: 0, SL: 0.02, HL: 0.02, ...truth },
    };
    const sim = simulatePattern([{ structure: SI }], { instrument, range: [20, 100, 0.01], maxCounts: 200000, background: 200 });
    const counts = poisson(sim.pattern.counts, 5);
    const pattern = {
      ...sim.pattern, counts, sigma: Float64Array.from(counts, (c) => Math.sqrt(Math.max(c, 1))),
      meta: { ...sim.pattern.meta, format: 'brml', incidentMonochromator: 'johansson', wavelengths: instrument.wavelengths, monochromatorTwoThetaDeg: 27.28, goniometerRadiusMm: 217.5 },
    };
    const { instrument: found, refinement } = calibrateInstrument(pattern, SI, { backgroundTerms: 4 });
    expect(refinement.result.converged).toBe(true);
    expect(found.profile?.passbandMistune).toBeCloseTo(0.3, 1);
    expect(found.profile!.passbandWidth! / 0.001).toBeCloseTo(1, 1);
    expect(found.profile?.passbandShoulder).toBeGreaterThan(0.1);
    expect(found.profile?.passbandShoulder).toBeLessThan(0.35);
  });
});

describe('the model line with a passband against a direct convolution', () => {
  it('Si 111: the model matches the Gaussian core convolved with the spectrum through the window, integrated over wavelength', () => {
    const SI = parseCif(readFileSync(join(import.meta.dirname, '..', '..', 'structures', 'Si.cif'), 'utf8'), 'Si.cif');
    const twoTheta = Float64Array.from({ length: 1501 }, (_, i) => 27.7 + i * 0.001);
    const pattern = { twoTheta, counts: new Float64Array(twoTheta.length).fill(100), sigma: new Float64Array(twoTheta.length).fill(10), meta: { format: 'xye' } };
    const pb = { width: 0.001, shoulder: 0.2, mistune: 0.3 };
    const W = 0.0004; // Gaussian FWHM 0.02 deg
    const { model } = buildModel(pattern, [SI], {
      wavelengths: [{ lambda: CU_KA_SPECTRUM[0].lambda, weight: 1 }], monochromatorTwoThetaDeg: 27.28,
      profile: { U: 0, V: 0, W, X: 0, Y: 0, SL: 0, HL: 0, passbandWidth: pb.width, passbandShoulder: pb.shoulder, passbandMistune: pb.mistune },
    }, { backgroundTerms: 1 });
    model.params.background[0].value = 0;
    model.params.phases[0].invSizeL.value = 0;
    const y = model.calculate();
    // reference: sum over wavelength of the spectrum times the window, each wavelength's line a Gaussian at its exact
    // Bragg angle plus the monochromator's deflection
    const d = SI.cell.a / Math.sqrt(3);
    const ref = CU_KA_SPECTRUM[0].lambda;
    const sigma = Math.sqrt(W) / (2 * Math.sqrt(2 * Math.LN2));
    const yr = new Float64Array(twoTheta.length);
    const half = pb.width / 2;
    const reach = half + Math.min(12 * pb.shoulder, 3) * half + (4 * CU_KA_SPECTRUM[0].fwhm) / 2 / ref;
    const N = 4000;
    for (let k = 0; k < N; k++) {
      const r = pb.mistune * half - reach + (2 * reach * (k + 0.5)) / N;
      const lambda = ref * (1 + r);
      let f = 0;
      for (const l of CU_KA_SPECTRUM) f += (l.intensity * l.fwhm / 2) / ((lambda - l.lambda) ** 2 + (l.fwhm / 2) ** 2);
      f *= Math.atan((r - pb.mistune * half + half) / (pb.shoulder * half)) - Math.atan((r - pb.mistune * half - half) / (pb.shoulder * half));
      const x = (2 * Math.asin(lambda / (2 * d)) + K * r) / DEG;
      for (let i = 0; i < twoTheta.length; i++) yr[i] += f * Math.exp(-(((twoTheta[i] - x) / sigma) ** 2) / 2);
    }
    expect(maxNormalizedDiff(y, yr)).toBeLessThan(0.01);
  });
});
