/**
 * The Lorentzian profile terms X (tan theta) and Y (1 / cos theta) are widths and cannot be negative. Unbounded,
 * a line whose Lorentzian width sits at the model's floor leaves X with almost no gradient, and the refinement
 * let it drift without limit (seen on SRM 640d with the full axial model: X = -1.2e12 deg and "maximum
 * iterations reached").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCif } from '../../src/io/cif/index.js';
import { poisson, simulatePattern } from '../../src/model/simulate.js';
import { refinePattern } from '../../src/rietveld/refine.js';

const ROOT = join(__dirname, '..', '..');
const si = parseCif(readFileSync(join(ROOT, 'structures', 'Si.cif'), 'utf8'), 'Si.cif');

describe('Lorentzian profile terms', () => {
  it.each([7, 11, 42])('a purely Gaussian pattern (noise seed %i) refines X to zero or above, not below', (seed) => {
    const instrument = {
      wavelengths: [{ lambda: 1.5405929, weight: 1 }],
      profile: { U: 0.004, V: -0.002, W: 0.002, X: 0, Y: 0 },
    };
    const sim = simulatePattern([{ structure: si }], { instrument, maxCounts: 50000, background: 200 });
    const counts = poisson(sim.pattern.counts, seed);
    const pattern = { ...sim.pattern, counts, sigma: Float64Array.from(counts, (c) => Math.sqrt(Math.max(c, 1))) };
    // no instrument: the profile, X included, refines from the data
    const r = refinePattern(pattern, [si], undefined, { backgroundTerms: 4 }).result;
    expect(r.converged).toBe(true);
    expect(r.instrument.profile.X).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(r.statistics.rwp)).toBe(true);
  });
});
