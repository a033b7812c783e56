import { describe, expect, it } from 'vitest';
import { erf, erfc, erfcx } from '../../src/profile/erf.js';
import { voigtFwhm, voigtIntegralBreadth, voigtProfile } from '../../src/profile/voigt.js';

describe('error function', () => {
  it('matches tabulated values (Abramowitz & Stegun 7.1; NIST DLMF)', () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 15);
    expect(erf(2)).toBeCloseTo(0.9953222650189527, 15);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 12);
    expect(erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 12);
    expect(erfcx(10) / 0.05614099274382259).toBeCloseTo(1, 12);
    expect(erf(-1)).toBeCloseTo(-0.8427007929497149, 15);
  });
});

describe('Voigt breadths', () => {
  it('integral breadth formula equals area / peak height of a numerically convolved Voigt', () => {
    for (const [fG, fL] of [[1, 0.2], [1, 1], [0.3, 1], [0.05, 2]]) {
      const beta = voigtIntegralBreadth(fG, fL);
      expect(beta * voigtProfile(0, fG, fL)).toBeCloseTo(1, 7);
    }
  });

  it('pure components give the Gaussian and Lorentzian breadths', () => {
    expect(voigtIntegralBreadth(1, 0)).toBeCloseTo(Math.sqrt(Math.PI / (4 * Math.LN2)), 14);
    expect(voigtIntegralBreadth(0, 1)).toBeCloseTo(Math.PI / 2, 14);
  });

  it('FWHM agrees with the Olivero-Longbothum approximation within its stated 0.02%', () => {
    for (const [fG, fL] of [[1, 0.2], [1, 1], [0.3, 1]]) {
      const ol = 0.5346 * fL + Math.sqrt(0.2166 * fL * fL + fG * fG);
      expect(Math.abs(voigtFwhm(fG, fL) / ol - 1)).toBeLessThan(2.5e-4);
    }
  });
});
