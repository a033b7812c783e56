/**
 * A capillary's transmission factor (src/physics/cylinder-absorption.ts) against what can be written down
 * independently: straight through (2theta = 0) and straight back (180 deg) every point's path is a chord or twice
 * the distance to the entry side, which makes A a one-dimensional integral across the beam; for small mu r,
 * A = 1 - (16 / 3 pi) mu r at every angle (the mean path in plus out is twice 8r / 3 pi). Then its use in a refinement.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, SettingsError } from '../../src/errors.js';
import { parseCif } from '../../src/io/cif/index.js';
import type { Pattern } from '../../src/io/pattern.js';
import { cylinderTransmission, cylinderTransmissionAt } from '../../src/physics/cylinder-absorption.js';
import { buildModel } from '../../src/rietveld/build.js';
import { thrown } from '../helpers/thrown.js';

/** (1 / pi) \int_{-1}^{1} g(L(y)) dy with L = 2 sqrt(1 - y^2), as an integral over y = sin(phi) (Simpson, fine) */
function acrossBeam(g: (chord: number) => number): number {
  const n = 20000;
  const h = Math.PI / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const phi = -Math.PI / 2 + i * h;
    s += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * g(2 * Math.cos(phi)) * Math.cos(phi);
  }
  return (s * h) / 3 / Math.PI;
}

describe('transmission factor of a cylinder', () => {
  for (const muR of [0.1, 0.5, 1, 2, 5, 10]) {
    it(`mu r = ${muR}: straight through and straight back equal their one-dimensional integrals`, () => {
      // 2theta = 0: a point's path in plus out is the whole chord through it
      const through = acrossBeam((L) => L * Math.exp(-muR * L));
      // 2theta = 180: twice the distance s back to the entry side, s uniform over the chord
      const back = acrossBeam((L) => (1 - Math.exp(-2 * muR * L)) / (2 * muR));
      expect(cylinderTransmission(0, muR) / through - 1).toBeCloseTo(0, 8);
      expect(cylinderTransmission(180, muR) / back - 1).toBeCloseTo(0, 8);
      expect(cylinderTransmissionAt(0, muR) / through - 1).toBeCloseTo(0, 8);
    });
  }

  it('is 1 - (16 / 3 pi) mu r for a weakly absorbing capillary, at every angle', () => {
    const muR = 1e-4;
    // the second-order term is (mu r)^2 <l^2> / 2, about 2e-8 here
    for (const tt of [0, 30, 60, 90, 120, 150, 180]) expect(cylinderTransmission(tt, muR)).toBeCloseTo(1 - (16 / (3 * Math.PI)) * muR, 7);
  });

  it('grows with 2theta, and the table follows the quadrature between its nodes', () => {
    for (const muR of [0.5, 2, 10]) {
      let last = 0;
      for (let tt = 0; tt <= 180; tt += 7.3) {
        const a = cylinderTransmission(tt, muR, 160);
        expect(a).toBeGreaterThan(last);
        last = a;
        expect(Math.abs(cylinderTransmissionAt(tt, muR) / a - 1)).toBeLessThan(2e-5);
      }
    }
  });
});

describe('a capillary\'s mu r in a refinement', () => {
  const SI = parseCif(readFileSync(join(import.meta.dirname, '..', '..', 'structures', 'Si.cif'), 'utf8'), 'Si.cif');
  const n = 8001;
  const twoTheta = Float64Array.from({ length: n }, (_, i) => 20 + i * 0.01);
  const pattern: Pattern = { twoTheta, counts: new Float64Array(n).fill(100), sigma: new Float64Array(n).fill(10), meta: { format: 'test' } };
  const instrument = { geometry: 'transmission' as const, wavelengths: [{ lambda: 1.54056, weight: 1 }], profile: { U: 0, V: 0, W: 0.002, X: 0, Y: 0.01 } };

  it('scales each line by the transmission factor at its angle', () => {
    const plain = buildModel(pattern, [SI], instrument, { backgroundTerms: 1 }).model;
    const absorbed = buildModel(pattern, [SI], instrument, { backgroundTerms: 1, capillaryMuR: 1.5 }).model;
    plain.calculate(new Float64Array(n));
    absorbed.calculate(new Float64Array(n));
    expect(absorbed.peaks.length).toBe(plain.peaks.length);
    absorbed.peaks.forEach((p, i) => expect(p.intensity / plain.peaks[i].intensity).toBeCloseTo(cylinderTransmission(p.twoTheta, 1.5, 160), 5));
  });

  it('is refused in reflection and outside (0, 10]', () => {
    // reflection given (instrument file): wrong whatever the pattern; reflection by default: this pattern's error
    expect(thrown(SettingsError, () => buildModel(pattern, [SI], { ...instrument, geometry: 'reflection' }, { capillaryMuR: 1 })).message).toMatch(/= 1 applies to a capillary in transmission \(the geometry is reflection, as given/);
    expect(thrown(InputError, () => buildModel(pattern, [SI], undefined, { capillaryMuR: 1 })).message).toMatch(/the geometry is reflection, by default/);
    for (const bad of [0, -1, 11, Number.NaN]) {
      expect(thrown(SettingsError, () => buildModel(pattern, [SI], instrument, { capillaryMuR: bad })).message).toMatch(/\(--capillary-mu-r, a recipe's capillaryMuR\) must be above 0 and at most 10/);
    }
  });

  it('has cell derivatives that carry the transmission factor', () => {
    const { model } = buildModel(pattern, [SI], instrument, { backgroundTerms: 1, capillaryMuR: 4 });
    model.params.phases[0].scale.value = 1e-3;
    const active = model.entries.filter((e) => e.name === 'Si.a');
    const jac = new Float64Array(model.n);
    model.jacobian(new Float64Array(model.n), jac, active);
    const e = active[0];
    const v = e.p.value;
    const h = 1e-6;
    e.p.value = v + h;
    const up = model.calculate(new Float64Array(n));
    e.p.value = v - h;
    const down = model.calculate(new Float64Array(n));
    e.p.value = v;
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const fd = (up[i] - down[i]) / (2 * h);
      num += (fd - jac[i]) ** 2;
      den += fd * fd;
    }
    expect(Math.sqrt(num / den)).toBeLessThan(5e-3);
  });

  it('near 0 and 180 deg the table stays with the quadrature (A is flat there)', () => {
    for (const muR of [1, 10]) {
      for (const tt of [0.35, 0.8, 179.2, 179.65]) expect(Math.abs(cylinderTransmissionAt(tt, muR) / cylinderTransmission(tt, muR, 160) - 1)).toBeLessThan(2e-5);
    }
  });
});
