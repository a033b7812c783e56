import { describe, expect, it } from 'vitest';
import { axialNodes } from '../../src/profile/axial-divergence.js';
import { flatSpecimenShiftDeg } from '../../src/profile/flat-specimen.js';

const DEG = Math.PI / 180;

/** Independent check: Monte Carlo over the geometry itself (sample and slit heights uniform). */
function monteCarloMeanShift(twoThetaDeg: number, sl: number, hl: number, n = 400000, soller = 0): number {
  let seed = 12345;
  const rand = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let sum = 0;
  let weights = 0;
  for (let i = 0; i < n; i++) {
    const zs = (2 * rand() - 1) * sl; // in units of L
    const zd = (2 * rand() - 1) * hl;
    const u = zd - zs;
    // the ray direction (L cos 2phi, L sin 2phi, u L) makes angle 2theta with the beam
    const c = Math.cos(twoThetaDeg * DEG) * Math.sqrt(1 + u * u);
    // a Soller collimator's triangular transmission in the ray's axial angle
    const t = soller > 0 ? Math.max(0, 1 - Math.abs(u) / soller) : 1;
    sum += t * (Math.acos(c) / DEG - twoThetaDeg);
    weights += t;
  }
  return sum / weights;
}

describe('axial divergence (Finger-Cox-Jephcoat)', () => {
  it('weights sum to one and no asymmetry without divergence', () => {
    const none = axialNodes(30, 0, 0, 0.05);
    expect(none.shift.length).toBe(1);
    expect(none.shift[0]).toBe(0);
    const a = axialNodes(30, 0.02, 0.015, 0.05);
    expect(a.weight.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 14);
  });

  it('mean shift equals a Monte Carlo of the geometry (low angle, high angle, S != H)', () => {
    for (const [tt, sl, hl] of [[15, 0.02, 0.02], [28.44, 0.025, 0.012], [120, 0.02, 0.015], [60, 0, 0.02]]) {
      const nodes = axialNodes(tt, sl, hl, 0.05);
      const mc = monteCarloMeanShift(tt, sl, hl);
      expect(Math.abs(nodes.meanShift - mc)).toBeLessThan(Math.max(2e-3 * Math.abs(mc), 1e-6));
    }
  });

  it('with a Soller collimator: mean shift equals the Monte Carlo with its triangular transmission', () => {
    for (const [tt, sl, hl, soller] of [[20, 0.03, 0.03, 0.025], [35, 0.02, 0.04, 0.03], [25, 0.01, 0.01, 1]]) {
      const nodes = axialNodes(tt, sl, hl, 0.05, 2, soller);
      const mc = monteCarloMeanShift(tt, sl, hl, 400000, soller);
      expect(Math.abs(nodes.meanShift - mc)).toBeLessThan(Math.max(3e-3 * Math.abs(mc), 1e-6));
    }
    // a wide collimator changes nothing
    expect(axialNodes(30, 0.02, 0.02, 0.05, 8, 1e9).meanShift).toBeCloseTo(axialNodes(30, 0.02, 0.02, 0.05, 8).meanShift, 10);
  });

  it('shifts are towards low angle below 90 deg and high angle above', () => {
    expect(axialNodes(30, 0.02, 0.02, 0.05).meanShift).toBeLessThan(0);
    expect(axialNodes(140, 0.02, 0.02, 0.05).meanShift).toBeGreaterThan(0);
  });
});

describe('flat-specimen aberration', () => {
  it('moves Si 111 by about -0.003 deg with a 0.5 deg slit (SPEC.md section 2)', () => {
    const s = flatSpecimenShiftDeg(28.44, 0.5);
    expect(s).toBeLessThan(-0.0025);
    expect(s).toBeGreaterThan(-0.0035);
  });
});
