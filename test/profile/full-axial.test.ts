/** The full axial model against a Monte Carlo of the same geometry (source, specimen, slit heights; Sollers). */
import { describe, expect, it } from 'vitest';
import { fullAxialNodes, type AxialGeometry } from '../../src/profile/full-axial.js';

const DEG = Math.PI / 180;

function monteCarlo(tt: number, g: AxialGeometry, n = 300000): number {
  let seed = 7;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const tri = (x: number, q: number) => (q > 0 ? Math.max(0, 1 - Math.abs(x) / ((q * DEG) / 2)) : 1);
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    const zs = (rand() - 0.5) * g.sourceMm;
    const zx = (rand() - 0.5) * g.sampleMm;
    const zr = (rand() - 0.5) * g.receiverMm;
    const beta = (zx - zs) / g.radiusMm;
    const gamma = (zr - zx) / g.radiusMm;
    const w = tri(beta, g.primarySollerDeg) * tri(gamma, g.secondarySollerDeg);
    if (w === 0) continue;
    const c = (Math.cos(tt * DEG) - Math.sin(beta) * Math.sin(gamma)) / (Math.cos(beta) * Math.cos(gamma));
    sum += w * (Math.acos(c) / DEG - tt);
    wsum += w;
  }
  return sum / wsum;
}

describe('full axial model', () => {
  const geometries: AxialGeometry[] = [
    { sourceMm: 8, sampleMm: 10, receiverMm: 8, radiusMm: 300, primarySollerDeg: 2.5, secondarySollerDeg: 2.5 },
    { sourceMm: 12, sampleMm: 20, receiverMm: 16, radiusMm: 217.5, primarySollerDeg: 0, secondarySollerDeg: 5 },
  ];
  it.each([[15], [28.44], [60], [130]])('mean shift at %s deg equals the Monte Carlo', (tt) => {
    for (const g of geometries) {
      const nodes = fullAxialNodes(tt, g, 0.05);
      const mc = monteCarlo(tt, g);
      expect(Math.abs(nodes.meanShift - mc)).toBeLessThan(Math.max(0.01 * Math.abs(mc), 2e-5));
      expect(nodes.weight.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });
});
