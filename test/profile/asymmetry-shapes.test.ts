/**
 * The flat-specimen and transparency line shapes, and their composition on a grid, against independent
 * numerical convolutions of the pseudo-Voigt with each aberration's own density.
 */
import { describe, expect, it } from 'vitest';
import { convolveNodes, type ShiftNodes } from '../../src/profile/compose-nodes.js';
import { flatSpecimenNodes, flatSpecimenShiftDeg } from '../../src/profile/flat-specimen.js';
import { pseudoVoigt } from '../../src/profile/pseudo-voigt.js';
import { exponentialSliceMeans, transparencyNodes, transparencyShiftDeg } from '../../src/profile/transparency.js';
import type { AxialNodes } from '../../src/profile/axial-divergence.js';
import { buildModel } from '../../src/rietveld/build.js';
import { parseCif } from '../../src/io/cif/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DEG = Math.PI / 180;
const SI = parseCif(readFileSync(join(import.meta.dirname, '..', '..', 'structures', 'Si.cif'), 'utf8'), 'Si.cif');
/** a pattern of constant counts on the given grid, for models to be calculated on */
const flatPattern = (twoTheta: Float64Array) => ({ twoTheta, counts: new Float64Array(twoTheta.length).fill(100), sigma: new Float64Array(twoTheta.length).fill(10), meta: { format: 'xye' } });
const moments = (n: { shift: ArrayLike<number>; weight: ArrayLike<number> }) => {
  let w = 0, m = 0, v = 0;
  for (let i = 0; i < n.shift.length; i++) (w += n.weight[i]), (m += n.weight[i] * n.shift[i]);
  m /= w;
  for (let i = 0; i < n.shift.length; i++) v += n.weight[i] * (n.shift[i] - m) ** 2;
  return { w, m, v: v / w };
};
const point: AxialNodes = { shift: new Float64Array([0]), weight: new Float64Array([1]), meanShift: 0, maxShift: 0 };
/** the node profile sum_k w_k pV(x - s_k) */
const fromNodes = (n: ShiftNodes, x: number, fwhm: number, eta: number) => {
  let s = 0;
  for (let k = 0; k < n.shift.length; k++) s += n.weight[k] * pseudoVoigt(x - n.shift[k], fwhm, eta);
  return s;
};
/** largest difference between two profiles over +-8 FWHM, relative to the larger's peak */
function maxRelDiff(f: (x: number) => number, g: (x: number) => number, fwhm: number): number {
  let top = 0, diff = 0;
  for (let x = -8 * fwhm; x <= 8 * fwhm; x += fwhm / 50) {
    top = Math.max(top, f(x), g(x));
    diff = Math.max(diff, Math.abs(f(x) - g(x)));
  }
  return diff / top;
}

describe('exponential slices (transparency)', () => {
  it('conditional means lie in their slices and average to the mean exactly', () => {
    for (const m of [1, 4, 12, 40]) {
      const t = exponentialSliceMeans(m);
      expect(t.reduce((a, b) => a + b, 0) / m).toBeCloseTo(1, 12);
      for (let j = 0; j < m; j++) {
        expect(t[j]).toBeGreaterThan(-Math.log(1 - j / m));
        if (j < m - 1) expect(t[j]).toBeLessThan(-Math.log(1 - (j + 1) / m));
      }
    }
  });

  it('mean shift is -sin(2theta) / (2 mu R) (Klug & Alexander)', () => {
    // 1/mu = 0.1 mm, R = 217.5 mm, 2theta = 90 deg: 0.1 / 435 rad
    expect(transparencyShiftDeg(90, 0.1, 217.5)).toBeCloseTo(-(0.1 / 435) / DEG, 12);
  });

  it('matches a numerical convolution of the pseudo-Voigt with the one-sided exponential', () => {
    for (const [fwhm, eta, delta] of [[0.05, 0.5, 0.01], [0.05, 0.2, 0.025], [0.1, 0.8, 0.03]]) {
      const nodes = transparencyNodes(delta);
      expect(moments(nodes).m).toBeCloseTo(0, 12);
      expect(moments(nodes).v).toBeGreaterThan(0.8 * delta * delta); // the exponential's variance is delta^2
      // reference: integral over t >= 0 of exp(-t / delta) / delta pV(x + t - delta), fine midpoint rule
      const ref = (x: number) => {
        let s = 0;
        const dt = delta / 400;
        for (let t = dt / 2; t < 30 * delta; t += dt) s += (Math.exp(-t / delta) / delta) * pseudoVoigt(x + t - delta, fwhm, eta) * dt;
        return s;
      };
      expect(maxRelDiff((x) => fromNodes(nodes, x, fwhm, eta), ref, fwhm)).toBeLessThan(0.01);
    }
  });
});

describe('flat-specimen shape', () => {
  it('nodes are centred; their mean belongs to the peak shift -(alpha^2 / 6) cot theta', () => {
    const n = flatSpecimenNodes(28.4, 1);
    expect(moments(n).m).toBeCloseTo(0, 14);
    // eps_m / 3 with eps_m = -(alpha^2 / 2) cot theta
    const epsM = -((DEG * DEG) / 2) / Math.tan(14.2 * DEG) / DEG;
    expect(flatSpecimenShiftDeg(28.4, 1)).toBeCloseTo(epsM / 3, 12);
  });

  it('matches a numerical convolution of the pseudo-Voigt with the eps^(-1/2) law', () => {
    for (const [tt, slit, fwhm, eta] of [[28.4, 0.5, 0.045, 0.4], [28.4, 1.2, 0.045, 0.4], [60, 1, 0.06, 0.7]]) {
      const epsM = -(((slit * DEG) ** 2) / 2) / Math.tan((tt / 2) * DEG) / DEG;
      const nodes = flatSpecimenNodes(tt, slit);
      // reference: eps = eps_m u^2 with u uniform on [0, 1], about the mean eps_m / 3; fine midpoint rule
      const ref = (x: number) => {
        let s = 0;
        const N = 4000;
        for (let k = 0; k < N; k++) {
          const u = (k + 0.5) / N;
          s += pseudoVoigt(x - (epsM * u * u - epsM / 3), fwhm, eta) / N;
        }
        return s;
      };
      expect(maxRelDiff((x) => fromNodes(nodes, x, fwhm, eta), ref, fwhm)).toBeLessThan(0.01);
    }
  });
});

describe('composing node sets on a grid', () => {
  it('keeps weight and mean exactly and adds step^2 / 4 of variance (quadratic assignment)', () => {
    const a: AxialNodes = { shift: Float64Array.from([-0.031, -0.012, 0]), weight: Float64Array.from([0.2, 0.3, 0.5]), meanShift: -0.0122, maxShift: -0.031 };
    const b: ShiftNodes = transparencyNodes(0.013);
    for (const step of [0.001, 0.0031, 0.007]) {
      const c = convolveNodes(a, b, step);
      const ma = moments(a), mb = moments(b), mc = moments(c);
      expect(mc.w).toBeCloseTo(1, 12);
      expect(mc.m).toBeCloseTo(ma.m + mb.m, 12);
      expect(mc.v).toBeCloseTo(ma.v + mb.v + (step * step) / 4, 12);
      expect(c.meanShift).toBeCloseTo(a.meanShift + mb.m, 12);
    }
  });

  it('grid weights move smoothly with the shifts (no kink as a node crosses a grid line)', () => {
    const step = 0.01;
    const weightsAt = (s: number) => {
      const c = convolveNodes(point, { shift: Float64Array.from([s]), weight: Float64Array.from([1]) }, step);
      const m = new Map<number, number>();
      for (let k = 0; k < c.shift.length; k++) m.set(Math.round(c.shift[k] / step), c.weight[k]);
      return m;
    };
    // one-sided slopes of every grid weight at a grid-cell boundary (s = 0.005) agree to the finite-difference
    // error (h / step^2 = 1e-3); linear assignment would differ there by 1 / step = 100
    const h = 1e-7;
    const [lo, mid, hi] = [weightsAt(0.005 - h), weightsAt(0.005), weightsAt(0.005 + h)];
    for (const k of [-1, 0, 1, 2]) {
      const left = ((mid.get(k) ?? 0) - (lo.get(k) ?? 0)) / h;
      const right = ((hi.get(k) ?? 0) - (mid.get(k) ?? 0)) / h;
      expect(Math.abs(left - right)).toBeLessThan(1e-2);
    }
  });
});

describe('transparency in the Rietveld model', () => {
  it('moves the peak centroid by -sin(2theta) / (2 mu R) and skews it to low angle', () => {
    const twoTheta = Float64Array.from({ length: 4001 }, (_, i) => 86 + i * 0.001);
    const pattern = flatPattern(twoTheta);
    const peak = (penetrationMm: number) => {
      const { model } = buildModel(pattern, [SI], { wavelengths: [{ lambda: 1.5405929, weight: 1 }], goniometerRadiusMm: 217.5, profile: { U: 0, V: 0, W: 0.001, X: 0, Y: 0 } }, { backgroundTerms: 1 });
      model.params.background[0].value = 0;
      model.params.phases[0].invSizeL.value = 0;
      model.params.instrument.transparency.value = penetrationMm;
      return model.calculate();
    };
    const centroid = (y: Float64Array) => {
      let s = 0, m = 0;
      for (let i = 0; i < y.length; i++) (s += y[i]), (m += y[i] * twoTheta[i]);
      return m / s;
    };
    const skew = (y: Float64Array, c: number) => {
      let s = 0, m3 = 0;
      for (let i = 0; i < y.length; i++) (s += y[i]), (m3 += y[i] * (twoTheta[i] - c) ** 3);
      return m3 / s;
    };
    const y0 = peak(0);
    const y1 = peak(0.15);
    const c0 = centroid(y0);
    const c1 = centroid(y1);
    // Si 422 near 88 deg, a Gaussian line (all of it inside the window): the shift at that angle
    expect(c1 - c0).toBeCloseTo(transparencyShiftDeg(c0, 0.15, 217.5), 4);
    expect(skew(y1, c1)).toBeLessThan(skew(y0, c0));
  });

  it('keeps the whole line above 90 deg, where the axial nodes lie on the high-angle side (no intensity lost)', () => {
    // Si 531 near 114 deg and 444 near 138 deg with a strong axial asymmetry: composing the flat specimen must keep
    // the window over the high-angle shifts (it once ended it at the centre + 6 FWHM, losing up to 25 %)
    const twoTheta = Float64Array.from({ length: 60001 }, (_, i) => 100 + i * 0.001);
    const pattern = flatPattern(twoTheta);
    const area = (slitDeg: number) => {
      const { model } = buildModel(pattern, [SI], { wavelengths: [{ lambda: 1.5405929, weight: 1 }], profile: { U: 0, V: 0, W: 0.0004, X: 0, Y: 0, SL: 0.05, HL: 0.05, slitDeg } }, { backgroundTerms: 1 });
      model.params.background[0].value = 0;
      model.params.phases[0].invSizeL.value = 0;
      return model.calculate().reduce((a, b) => a + b, 0);
    };
    expect(area(0.5) / area(0)).toBeCloseTo(1, 3);
  });

  it('does not jump as a refined transparency leaves zero', () => {
    const twoTheta = Float64Array.from({ length: 12001 }, (_, i) => 20 + i * 0.01);
    const pattern = flatPattern(twoTheta);
    const { model } = buildModel(pattern, [SI], { wavelengths: [{ lambda: 1.5405929, weight: 1 }], profile: { U: 0, V: 0, W: 0.001, X: 0.01, Y: 0 } }, { backgroundTerms: 1, params: { transparency: { refine: true, value: 0 } } });
    const y0 = model.calculate();
    model.params.instrument.transparency.value = 1e-9;
    const y1 = model.calculate();
    let top = 0, diff = 0;
    for (let i = 0; i < y0.length; i++) (top = Math.max(top, y0[i])), (diff = Math.max(diff, Math.abs(y1[i] - y0[i])));
    expect(diff / top).toBeLessThan(1e-6);
  });

  it('a composed line matches the numerically convolved one (Gaussian, Lorentzian and mixed lines)', () => {
    // Si 111 with a 1.2 deg slit and no axial term: the model's line against the same line without the slit
    // convolved with the eps^(-1/2) law by a fine rule, both normalised to unit area. The grid the composed
    // shapes are gathered on adds a variance that the model takes back from the Gaussian width; a Lorentzian line
    // has none to give, and gets a finer grid instead.
    const twoTheta = Float64Array.from({ length: 1601 }, (_, i) => 27.8 + i * 0.001);
    const pattern = flatPattern(twoTheta);
    const slit = 1.2;
    const line = (W: number, X: number, slitDeg: number) => {
      const { model } = buildModel(pattern, [SI], { wavelengths: [{ lambda: 1.5405929, weight: 1 }], profile: { U: 0, V: 0, W, X, Y: 0, SL: 0, HL: 0, slitDeg } }, { backgroundTerms: 1 });
      model.params.background[0].value = 0;
      model.params.phases[0].invSizeL.value = 0;
      model.resetGrid();
      const y = model.calculate();
      return { y, peak: model.peaks.find((pk) => pk.twoTheta > 28 && pk.twoTheta < 29)! };
    };
    for (const [W, X] of [[0.0025, 0], [1e-7, 0.2], [0.0012, 0.1]]) {
      const { y, peak } = line(W, X, slit);
      const plain = line(W, X, 0).peak;
      const c = peak.twoTheta;
      const epsM = -(((slit * DEG) ** 2) / 2) / Math.tan((c / 2) * DEG) / DEG;
      const ref = Float64Array.from(twoTheta, (x) => {
        let v = 0;
        const N = 2000;
        for (let k = 0; k < N; k++) {
          const u = (k + 0.5) / N;
          v += pseudoVoigt(x - c - (epsM * u * u - epsM / 3), plain.fwhm, plain.eta) / N;
        }
        return v;
      });
      const sy = y.reduce((a, b) => a + b, 0);
      const sr = ref.reduce((a, b) => a + b, 0);
      let top = 0, diff = 0;
      for (let i = 0; i < y.length; i++) (top = Math.max(top, ref[i] / sr)), (diff = Math.max(diff, Math.abs(y[i] / sy - ref[i] / sr)));
      expect(diff / top, `W ${W}, X ${X} (eta ${plain.eta.toFixed(2)})`).toBeLessThan(0.005);
    }
  });

  it('a Lorentzian-dominated line keeps its Gaussian width and gradient when shapes are composed', () => {
    // 20 nm crystallites (Lorentzian lines) and a refined transparency at zero: the grid's variance is taken back
    // from the Gaussian width only as far as it has some to give, so dy/dW stays what it is without composition
    const twoTheta = Float64Array.from({ length: 6001 }, (_, i) => 25 + i * 0.01);
    const columnW = (refineTransparency: boolean) => {
      const { model } = buildModel(flatPattern(twoTheta), [SI], { wavelengths: [{ lambda: 1.5405929, weight: 1 }], profile: { U: 0.001, V: 0, W: 0.001, X: 0.01, Y: 0, SL: 0.01, HL: 0.01, slitDeg: 0.5 } },
        { backgroundTerms: 1, params: { transparency: { refine: refineTransparency, value: 0 }, 'Si.invSizeL': { value: 0.05 } } });
      model.resetGrid();
      const cols = model.entries.filter((e) => e.name === 'W');
      cols[0].p.refine = true;
      const jac = new Float64Array(model.n);
      model.jacobian(new Float64Array(model.n), jac, cols);
      return jac.reduce((a, b) => a + Math.abs(b), 0);
    };
    expect(columnW(true) / columnW(false)).toBeGreaterThan(0.5);
  });

  it('gives each line of each reflection its own key, however many emission lines (a line of weight 0 changes nothing)', () => {
    const twoTheta = Float64Array.from({ length: 4001 }, (_, i) => 25 + i * 0.01);
    const lines = Array.from({ length: 8 }, (_, i) => ({ lambda: 1.5405929 + i * 0.002, weight: 1 / (i + 1) }));
    const pattern = (extra: boolean) => {
      const { model } = buildModel(flatPattern(twoTheta), [SI], { wavelengths: extra ? [...lines, { lambda: 1.6, weight: 0 }] : lines, profile: { U: 0, V: 0, W: 0.001, X: 0.01, Y: 0, SL: 0.02, HL: 0.02, slitDeg: 0.8 } }, { backgroundTerms: 1 });
      return model.calculate();
    };
    const a = pattern(false);
    const b = pattern(true);
    let top = 0, diff = 0;
    for (let i = 0; i < a.length; i++) (top = Math.max(top, a[i])), (diff = Math.max(diff, Math.abs(a[i] - b[i])));
    expect(diff / top).toBeLessThan(1e-12);
  });

  it('a built model is set for the values it was built with (its grids do not come from the defaults)', () => {
    const twoTheta = Float64Array.from({ length: 6001 }, (_, i) => 25 + i * 0.01);
    // built at the default 100 nm, then set to 1 um and a refined transparency
    const { model } = buildModel(flatPattern(twoTheta), [SI], { wavelengths: [{ lambda: 1.5405929, weight: 1 }], profile: { U: 0, V: 0, W: 0.0005, X: 0.005, Y: 0, SL: 0.01, HL: 0.01, slitDeg: 0.8 } },
      { backgroundTerms: 1, params: { transparency: { refine: true, value: 0.1 }, 'Si.invSizeL': { value: 0.001 } } });
    const first = model.calculate();
    model.resetGrid();
    const again = model.calculate();
    let top = 0, diff = 0;
    for (let i = 0; i < first.length; i++) (top = Math.max(top, first[i])), (diff = Math.max(diff, Math.abs(first[i] - again[i])));
    expect(diff / top).toBeLessThan(1e-12);
  });
});
