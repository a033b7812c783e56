/**
 * Incident-beam axial divergence (primary Soller) for the FCJ description: its mean shift against the
 * second-order formula -(<beta^2> / 2) cot 2theta with <beta^2> = Delta^2 / 24 for a triangular transmission to
 * Delta / 2, its variance against the same law's, and the line shape against a direct numerical convolution of
 * the pseudo-Voigt with the exact ray shifts over the triangular distribution.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxNormalizedDiff } from './compare.js';
import { parseCif } from '../../src/io/cif/index.js';
import type { InstrumentProfile } from '../../src/io/instrument.js';
import { buildModel } from '../../src/rietveld/build.js';
import { incidentAxial, incidentRayShiftDeg } from '../../src/profile/incident-axial.js';
import { pseudoVoigt } from '../../src/profile/pseudo-voigt.js';

const DEG = Math.PI / 180;

describe('incident-beam axial divergence', () => {
  it('a single ray: cos 2phi = cos 2theta / cos beta, to low angle below 90 deg and to high angle above', () => {
    const beta = 1 * DEG;
    expect(incidentRayShiftDeg(28.44, beta)).toBeCloseTo((Math.acos(Math.cos(28.44 * DEG) / Math.cos(beta)) / DEG) - 28.44, 12);
    expect(incidentRayShiftDeg(28.44, beta)).toBeLessThan(0);
    expect(incidentRayShiftDeg(120, beta)).toBeGreaterThan(0);
    expect(incidentRayShiftDeg(90, beta)).toBeCloseTo(0, 12);
  });

  it.each([[28.44, 2.5], [47.3, 2.5], [94.95, 2.5], [140, 5], [20, 5]])('at 2theta %s deg, Soller %s deg: mean -(Delta^2 / 48) cot 2theta and variance (cot 2theta / 2)^2 7 (Delta/2)^4 / 180', (tt, soller) => {
    const r = incidentAxial(tt, soller);
    const h = (soller * DEG) / 2;
    const cot2 = 1 / Math.tan(tt * DEG);
    const mean = (-((soller * DEG) ** 2) / 48) * cot2 / DEG;
    expect(r.meanDeg / mean).toBeCloseTo(1, 2);
    const variance = ((cot2 / 2) ** 2 * 7 * h ** 4) / 180 / (DEG * DEG);
    // slices keep the variance between slices, not within them (a little short); the exact shift's higher
    // orders add a little at 5 deg
    expect(r.varianceDeg2 / variance).toBeGreaterThan(0.97);
    expect(r.varianceDeg2 / variance).toBeLessThan(1.01);
    let w = 0;
    let m = 0;
    for (let k = 0; k < r.nodes.shift.length; k++) (w += r.nodes.weight[k]), (m += r.nodes.weight[k] * r.nodes.shift[k]);
    expect(w).toBeCloseTo(1, 12);
    expect(m).toBeCloseTo(0, 14);
  });

  it('the line (nodes about the mean, plus the mean) matches a numerical convolution with the exact ray shifts', () => {
    for (const [tt, soller, fwhm, eta] of [[28.44, 2.5, 0.035, 0.5], [20, 5, 0.04, 0.3], [47.3, 2.5, 0.04, 0.6]]) {
      const r = incidentAxial(tt, soller);
      const line = (x: number) => {
        let s = 0;
        for (let k = 0; k < r.nodes.shift.length; k++) s += r.nodes.weight[k] * pseudoVoigt(x - r.meanDeg - r.nodes.shift[k], fwhm, eta);
        return s;
      };
      // reference: beta = h (u1 + u2 - 1) is triangular on [-h, h]; midpoint rule on the unit square
      const h = (soller * DEG) / 2;
      const N = 300;
      const shifts: number[] = [];
      for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) shifts.push(incidentRayShiftDeg(tt, h * ((i + 0.5) / N + (j + 0.5) / N - 1)));
      const ref = (x: number) => shifts.reduce((s, d) => s + pseudoVoigt(x - d, fwhm, eta), 0) / shifts.length;
      let top = 0;
      let diff = 0;
      for (let x = -6 * fwhm; x <= 6 * fwhm; x += fwhm / 20) (top = Math.max(top, ref(x))), (diff = Math.max(diff, Math.abs(line(x) - ref(x))));
      expect(diff / top).toBeLessThan(0.005);
    }
  });
});

describe('incident-beam axial divergence in the pattern model', () => {
  const SI = parseCif(readFileSync(join(import.meta.dirname, '..', '..', 'structures', 'Si.cif'), 'utf8'), 'Si.cif');
  const twoTheta = Float64Array.from({ length: 10001 }, (_, i) => 20 + i * 0.01);
  const pattern = { twoTheta, counts: new Float64Array(twoTheta.length).fill(100), sigma: new Float64Array(twoTheta.length).fill(10), meta: { format: 'xye', primarySollerDeg: 5 } };
  const calc = (profile: InstrumentProfile) => {
    const { model } = buildModel(pattern, [SI], { wavelengths: [{ lambda: 1.5405929, weight: 1 }], profile: { U: 0, V: 0, W: 0.0009, X: 0, Y: 0, ...profile } }, { backgroundTerms: 1 });
    model.params.background[0].value = 0;
    model.params.phases[0].invSizeL.value = 0;
    return model.calculate();
  };
  const centroid = (y: Float64Array, at: number) => {
    let s = 0, m = 0;
    for (let i = 0; i < y.length; i++) if (Math.abs(twoTheta[i] - at) < 0.6) (s += y[i]), (m += y[i] * twoTheta[i]);
    return m / s;
  };

  it('moves each line by the mean shift (to low angle below 90 deg, to high angle above) and keeps its area', () => {
    const without = calc({});
    const withSoller = calc({ primarySollerDeg: 5 });
    for (const tt of [28.44, 47.3, 106.71]) {
      const moved = centroid(withSoller, tt) - centroid(without, tt);
      expect(moved / incidentAxial(tt, 5).meanDeg).toBeCloseTo(1, 2);
    }
    expect(incidentAxial(106.71, 5).meanDeg).toBeGreaterThan(0);
    expect(withSoller.reduce((a, b) => a + b, 0) / without.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });

  it('the model line matches the Gaussian core convolved with the exact ray shifts (Si 111, 5 deg Soller)', () => {
    const grid = Float64Array.from({ length: 1201 }, (_, i) => 27.9 + i * 0.001);
    const pat = { twoTheta: grid, counts: new Float64Array(grid.length).fill(100), sigma: new Float64Array(grid.length).fill(10), meta: { format: 'xye' } };
    const W = 0.0004;
    const { model } = buildModel(pat, [SI], { wavelengths: [{ lambda: 1.5405929, weight: 1 }], profile: { U: 0, V: 0, W, X: 0, Y: 0, SL: 0, HL: 0, primarySollerDeg: 5 } }, { backgroundTerms: 1 });
    model.params.background[0].value = 0;
    model.params.phases[0].invSizeL.value = 0;
    const y = model.calculate();
    const tt = model.peaks[0].twoTheta - incidentAxial(28.44, 5).meanDeg; // the Bragg angle
    const sigma = Math.sqrt(W) / (2 * Math.sqrt(2 * Math.LN2));
    const h = (5 * DEG) / 2;
    const yr = new Float64Array(grid.length);
    const N = 600;
    for (let k = 0; k < N; k++) {
      const beta = h * (((k + 0.5) / N) * 2 - 1);
      const w = 1 - Math.abs(beta) / h; // triangular transmission
      const x = tt + incidentRayShiftDeg(tt, beta);
      for (let i = 0; i < grid.length; i++) yr[i] += w * Math.exp(-(((grid[i] - x) / sigma) ** 2) / 2);
    }
    expect(maxNormalizedDiff(y, yr)).toBeLessThan(0.01);
  });

  it('a calibrated instrument profile is not given the primary Soller of the sample file', () => {
    const built = buildModel(pattern, [SI], { profile: { U: 0.001, V: 0, W: 0.001, SL: 0.02 } }, { backgroundTerms: 1 });
    expect(built.model.config.incidentSollerDeg).toBeUndefined();
    const fromFile = buildModel(pattern, [SI], undefined, { backgroundTerms: 1 });
    expect(fromFile.model.config.incidentSollerDeg).toBe(5);
    expect(fromFile.provenance.primarySoller).toBe('file');
  });
});
