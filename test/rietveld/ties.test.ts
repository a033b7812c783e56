/** Ties: a follower parameter takes its leader's value through the refinement, and derivatives add up. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseCif } from '../../src/io/cif/index.js';
import { parseInstrumentJson } from '../../src/io/instrument.js';
import { poisson, simulatePattern } from '../../src/model/simulate.js';
import { refinePattern } from '../../src/rietveld/refine.js';

const ROOT = join(__dirname, '..', '..');
const instrument = parseInstrumentJson(readFileSync(join(ROOT, 'patterns', 'instrument.json'), 'utf8'), 'instrument.json');
const structure = (name: string) => parseCif(readFileSync(join(ROOT, 'structures', `${name}.cif`), 'utf8'), `${name}.cif`);

describe('ties', () => {
  const si = structure('Si');
  const cu = structure('Cu');
  // both phases with the same crystallite size: a tie is the right model and recovers it
  const sim = simulatePattern([{ structure: si, weightPercent: 60, sizeNm: 40 }, { structure: cu, weightPercent: 40, sizeNm: 40 }], { instrument, maxCounts: 20000, background: 300 });
  const counts = poisson(sim.pattern.counts, 5);
  const pattern = { ...sim.pattern, counts, sigma: Float64Array.from(counts, (c) => Math.sqrt(Math.max(c, 1))) };

  it('one crystallite size for two phases: equal sizes, the true one, with an esd', () => {
    const r = refinePattern(pattern, [si, cu], instrument, { ties: { 'Cu.invSizeL': 'Si.invSizeL' } }).result;
    expect(r.converged).toBe(true);
    const [a, b] = r.phases;
    expect(b.size.csL!.value).toBeCloseTo(a.size.csL!.value, 10);
    expect(Math.abs(a.size.csL!.value / 40 - 1)).toBeLessThan(0.03);
    expect(a.size.csL!.esd).toBeGreaterThan(0);
    expect(b.size.lvolIB.esd).toBeGreaterThan(0);
    expect(r.parameters.some((p) => p.name === 'Cu.invSizeL')).toBe(false);
    // the tied fit is as good as the free one here (the truth has one size), with one parameter less
    const free = refinePattern(pattern, [si, cu], instrument).result;
    expect(r.statistics.chi2Reduced).toBeLessThan(free.statistics.chi2Reduced * 1.01);
    expect(r.statistics.parameters).toBe(free.statistics.parameters - 1);
  });

  it('names an unknown parameter and refuses chains and self-ties', () => {
    expect(() => refinePattern(pattern, [si, cu], instrument, { ties: { 'Cu.nope': 'Si.invSizeL' } })).toThrow(InputError);
    expect(() => refinePattern(pattern, [si, cu], instrument, { ties: { 'Cu.invSizeL': 'Cu.invSizeL' } })).toThrow(/itself/);
    expect(() => refinePattern(pattern, [si, cu], instrument, { ties: { 'Cu.invSizeL': 'Si.invSizeL', 'Si.invSizeL': 'Si.invSizeG' } })).toThrow(/follows another/);
  });
});

describe('ties in a recipe', () => {
  it('are read, checked and passed on', async () => {
    const { parseRecipe, refineOptionsFor } = await import('../../src/recipe/index.js');
    const text = JSON.stringify({ phases: ['structures/Si.cif', 'structures/Ni.cif'], ties: { 'Ni.invSizeL': 'Si.invSizeL' } });
    const recipe = parseRecipe(text, join(ROOT, 'recipe.json'));
    expect(refineOptionsFor(recipe, ['Si', 'Ni']).ties).toEqual({ 'Ni.invSizeL': 'Si.invSizeL' });
    expect(refineOptionsFor(recipe, ['Si']).ties).toBeUndefined();
    expect(() => parseRecipe(JSON.stringify({ phases: ['structures/Si.cif'], ties: { 'Si.nope': 'Si.a' } }), join(ROOT, 'r.json'))).toThrow(/ties/);
  });
});
