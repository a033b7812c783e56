import { describe, expect, it } from 'vitest';
import { lvolFromSizes } from '../../src/analysis/crystallite-size.js';

describe('LVol (SPEC.md golden values)', () => {
  it('pure Lorentzian CS_L = 38.20796 nm gives LVol-IB 24.3239 nm and LVol-FWHM 34.0051 nm', () => {
    const r = lvolFromSizes(38.20796, Infinity);
    expect(r.lvolIB).toBeCloseTo(24.3239, 4);
    expect(r.lvolFWHM).toBeCloseTo(34.0051, 4);
  });

  it('pure Gaussian: LVol-IB = CS_G / 1.0645 and LVol-FWHM = 0.89 CS_G', () => {
    const r = lvolFromSizes(Infinity, 50);
    expect(r.lvolIB).toBeCloseTo(50 / Math.sqrt(Math.PI / (4 * Math.LN2)), 10);
    expect(r.lvolFWHM).toBeCloseTo(0.89 * 50, 10);
  });

  it('a Voigt lies between its components and decreases when either broadening grows', () => {
    const a = lvolFromSizes(40, 80);
    const b = lvolFromSizes(40, 60);
    expect(a.lvolIB).toBeLessThan(lvolFromSizes(40, Infinity).lvolIB);
    expect(b.lvolIB).toBeLessThan(a.lvolIB);
  });
});
