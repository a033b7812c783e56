import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCif } from '../../src/io/cif/index.js';
import { reflectionTable } from '../../src/model/reflection-table.js';
import type { Pattern } from '../../src/io/pattern.js';
import { buildModel } from '../../src/rietveld/build.js';

const ROOT = join(__dirname, '..', '..');
const cif = (name: string) => parseCif(readFileSync(join(ROOT, 'structures', `${name}.cif`), 'utf8'), `${name}.cif`);

function grid(a: number, b: number, step: number): Pattern {
  const n = Math.round((b - a) / step) + 1;
  const twoTheta = Float64Array.from({ length: n }, (_, i) => a + i * step);
  return { twoTheta, counts: new Float64Array(n), sigma: new Float64Array(n).fill(1), meta: { format: 'test' } };
}

function trapezoid(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += 0.5 * (y[i] + y[i - 1]) * (x[i] - x[i - 1]);
  return s;
}

describe('integrated intensity of an isolated peak', () => {
  const si = cif('Si');
  const ref = reflectionTable(si, { wavelength: 1.54056, maxTwoTheta: 40 })[0]; // 111
  const expected = (scale: number) => scale * ref.multiplicity * ref.F2 * ref.lp;

  for (const [label, profile] of [
    ['pseudo-Voigt, no asymmetry', { U: 0, V: 0, W: 0.004, X: 0, Y: 0.05, SL: 0, HL: 0 }],
    ['with axial divergence and flat-specimen terms', { U: 0, V: 0, W: 0.004, X: 0, Y: 0.05, SL: 0.02, HL: 0.02, slitDeg: 0.5 }],
  ] as const) {
    it(`equals S m |F|^2 LP within 0.1% (${label})`, () => {
      const p = grid(10, 47, 0.002);
      const { model } = buildModel(p, [si], { wavelengths: [{ lambda: 1.54056, weight: 1 }], profile }, { backgroundTerms: 1 });
      model.params.background[0].value = 0;
      model.params.phases[0].scale.value = 2.5;
      model.params.phases[0].invSizeL.value = 0;
      // keep only the 111 reflection (the next one, 220, is at 47.3 deg)
      model.phases[0].reflections.splice(1);
      const y = model.calculate();
      const peak = model.peaks[0];
      // the Lorentzian tails beyond the pattern range are the only intensity outside it
      const g = peak.fwhm;
      const inside = peak.eta * (Math.atan((2 * (47 - peak.twoTheta)) / g) - Math.atan((2 * (10 - peak.twoTheta)) / g)) / Math.PI + (1 - peak.eta);
      expect(Math.abs(trapezoid(p.twoTheta, y) / (expected(2.5) * inside) - 1)).toBeLessThan(1e-3);
      expect(Math.abs(peak.intensity / expected(2.5) - 1)).toBeLessThan(1e-9);
    });
  }
});

describe('analytic derivatives', () => {
  it('agree with central differences of the calculated pattern for every parameter kind', () => {
    const p = grid(20, 80, 0.01);
    const { model } = buildModel(p, [cif('Si'), cif('Ti')], {
      profile: { U: 0.002, V: -0.001, W: 0.002, X: 0.01, Y: 0.01, SL: 0.012, HL: 0.012, slitDeg: 0.5 },
    }, { backgroundTerms: 3, sampleBroadening: 'full' });
    const ins = model.params.instrument;
    ins.displacement.value = 0.05;
    ins.zero.value = 0.01;
    model.params.phases.forEach((ph) => {
      ph.scale.value = 1e-3;
      ph.invSizeL.value = 0.02;
      ph.invSizeG.value = 0.01;
      ph.strainL.value = 1e-3;
      ph.strainG.value = 1e-3;
      ph.bOverall.value = 0.1;
    });
    for (const k of ['U', 'V', 'W', 'P', 'X', 'Y', 'zero', 'displacement', 'bShared'] as const) ins[k].refine = true;
    const active = model.entries.filter((e) => e.p.refine && e.group !== 'axial' && e.group !== 'slit');
    const P = active.length;
    const jac = new Float64Array(model.n * P);
    const y0 = new Float64Array(model.n);
    model.jacobian(y0, jac, active);
    const cols = active.map((_, j) => jac.slice(j * model.n, (j + 1) * model.n));
    active.forEach((e, j) => {
      const v = e.p.value;
      const h = Math.max(Math.abs(v) * 1e-6, 1e-8);
      e.p.value = v + h;
      const up = model.calculate(new Float64Array(model.n));
      e.p.value = v - h;
      const down = model.calculate(new Float64Array(model.n));
      e.p.value = v;
      let num = 0, den = 0;
      for (let i = 0; i < model.n; i++) {
        const fd = (up[i] - down[i]) / (2 * h);
        num += (fd - cols[j][i]) ** 2;
        den += fd * fd;
      }
      // 0.5%: the model leaves out the derivatives of Lorentzian tails beyond 40 FWHM of each peak (and the
      // angle dependence of the widths under a cell change); a wrong derivative is off by order one
      expect(Math.sqrt(num / Math.max(den, 1e-300)), e.name).toBeLessThan(5e-3);
    });
  });
});
