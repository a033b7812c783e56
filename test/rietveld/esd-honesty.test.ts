/**
 * Issue 3, criterion 2: the esds are honest. 30 Poisson realizations of one pattern from our own simulator
 * (so the model is exact): the scatter of each refined weight % and cell edge agrees with the mean reported esd
 * within a factor 1.3.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviation, mean } from 'd3-array';
import { parseCif } from '../../src/io/cif/index.js';
import { parseInstrumentJson } from '../../src/io/instrument.js';
import { poisson, simulatePattern } from '../../src/model/simulate.js';
import { refinePattern } from '../../src/rietveld/refine.js';

const ROOT = join(__dirname, '..', '..');
const instrument = parseInstrumentJson(readFileSync(join(ROOT, 'patterns', 'instrument.json'), 'utf8'), 'instrument.json');
const structure = (name: string) => parseCif(readFileSync(join(ROOT, 'structures', `${name}.cif`), 'utf8'), `${name}.cif`);

describe('esds against the scatter of 30 noise realizations', () => {
  it('weight % and a of both phases: scatter / mean esd within 1/1.3 .. 1.3', () => {
    const phases = [structure('Si'), structure('Ni')];
    const sim = simulatePattern(
      [{ structure: phases[0], weightPercent: 75, sizeNm: 80 }, { structure: phases[1], weightPercent: 25, sizeNm: 25 }],
      { instrument, maxCounts: 20000, background: 400 },
    );
    const runs = Array.from({ length: 30 }, (_, k) => {
      const counts = poisson(sim.pattern.counts, 1000 + k);
      const pattern = { ...sim.pattern, counts, sigma: Float64Array.from(counts, (c) => Math.sqrt(Math.max(c, 1))) };
      return refinePattern(pattern, phases, instrument, { backgroundTerms: 4 }).result;
    });
    for (let p = 0; p < 2; p++) {
      for (const [label, get] of [
        ['wt%', (r: (typeof runs)[0]) => r.phases[p].weightPercent],
        ['a', (r: (typeof runs)[0]) => r.phases[p].lattice.a],
      ] as const) {
        const values = runs.map((r) => get(r).value);
        const scatter = deviation(values)!;
        const esd = mean(runs.map((r) => get(r).esd))!;
        const ratio = scatter / esd;
        expect(ratio, `${phases[p].name} ${label}: scatter ${scatter} vs esd ${esd}`).toBeGreaterThan(1 / 1.3);
        expect(ratio, `${phases[p].name} ${label}: scatter ${scatter} vs esd ${esd}`).toBeLessThan(1.3);
      }
    }
    expect(runs.every((r) => r.converged)).toBe(true);
  }, 120_000);
});
