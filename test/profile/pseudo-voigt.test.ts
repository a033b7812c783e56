import { describe, expect, it } from 'vitest';
import { pseudoVoigt, pseudoVoigtDerivs } from '../../src/profile/pseudo-voigt.js';
import { tchCombine } from '../../src/profile/tch.js';

function integrate(f: (x: number) => number, a: number, b: number, n = 200000): number {
  const h = (b - a) / n;
  let s = 0.5 * (f(a) + f(b));
  for (let i = 1; i < n; i++) s += f(a + i * h);
  return s * h;
}

describe('pseudo-Voigt', () => {
  it('has unit area: Gaussian part exactly, Lorentzian part up to its analytic tail beyond the range', () => {
    const gamma = 0.1;
    expect(integrate((x) => pseudoVoigt(x, gamma, 0), -2, 2)).toBeCloseTo(1, 9);
    // Lorentzian within +-w holds (2/pi) atan(2w/gamma) of its area
    const w = 50;
    expect(integrate((x) => pseudoVoigt(x, gamma, 1), -w, w, 2_000_000)).toBeCloseTo((2 / Math.PI) * Math.atan((2 * w) / gamma), 7);
  });

  it('has FWHM gamma for every eta', () => {
    for (const eta of [0, 0.3, 1]) {
      const peak = pseudoVoigt(0, 0.2, eta);
      expect(pseudoVoigt(0.1, 0.2, eta) / peak).toBeCloseTo(0.5, 12);
    }
  });

  it('derivatives agree with central differences', () => {
    const out = new Float64Array(4);
    for (const [x, g, e] of [[0.03, 0.1, 0.4], [-0.2, 0.07, 0.9], [0.5, 0.3, 0.1]]) {
      pseudoVoigtDerivs(x, g, e, out);
      const h = 1e-6;
      expect(out[0]).toBeCloseTo(pseudoVoigt(x, g, e), 14);
      expect(out[1]).toBeCloseTo((pseudoVoigt(x + h, g, e) - pseudoVoigt(x - h, g, e)) / (2 * h), 5);
      expect(out[2]).toBeCloseTo((pseudoVoigt(x, g + h, e) - pseudoVoigt(x, g - h, e)) / (2 * h), 5);
      expect(out[3]).toBeCloseTo((pseudoVoigt(x, g, e + h) - pseudoVoigt(x, g, e - h)) / (2 * h), 6);
    }
  });
});

describe('Thompson-Cox-Hastings widths', () => {
  it('reduces to the pure components (eta 0 and 1)', () => {
    const g = tchCombine(0.1, 0);
    expect(g.fwhm).toBeCloseTo(0.1, 14);
    expect(g.eta).toBeCloseTo(0, 14);
    const l = tchCombine(0, 0.1);
    expect(l.fwhm).toBeCloseTo(0.1, 14);
    expect(l.eta).toBeCloseTo(1.36603 - 0.47719 + 0.11116, 14);
  });

  it('matches the TCH polynomial for equal widths (published coefficients sum)', () => {
    const sum = 1 + 2.69269 + 2.42843 + 4.47163 + 0.07842 + 1;
    expect(tchCombine(0.1, 0.1).fwhm).toBeCloseTo(0.1 * Math.pow(sum, 0.2), 14);
  });

  it('derivatives agree with central differences', () => {
    const h = 1e-7;
    const w = tchCombine(0.07, 0.04);
    const gp = tchCombine(0.07 + h, 0.04), gm = tchCombine(0.07 - h, 0.04);
    const lp = tchCombine(0.07, 0.04 + h), lm = tchCombine(0.07, 0.04 - h);
    expect(w.dFwhmDG).toBeCloseTo((gp.fwhm - gm.fwhm) / (2 * h), 6);
    expect(w.dFwhmDL).toBeCloseTo((lp.fwhm - lm.fwhm) / (2 * h), 6);
    expect(w.dEtaDG).toBeCloseTo((gp.eta - gm.eta) / (2 * h), 5);
    expect(w.dEtaDL).toBeCloseTo((lp.eta - lm.eta) / (2 * h), 5);
  });
});
