/** Brindley microabsorption: the sphere factor and its effect on weight fractions. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brindleySphereTau } from '../../src/analysis/brindley.js';
import { parseCif } from '../../src/io/cif/index.js';
import { readPatternFile, selectScan } from '../../src/io/formats/index.js';
import { parseInstrumentJson } from '../../src/io/instrument.js';
import { refinePattern } from '../../src/rietveld/refine.js';

const ROOT = join(__dirname, '..', '..');

describe('Brindley sphere factor', () => {
  it('is 1 without absorption contrast and matches direct integration of (3/R^3) int t^2 exp(-2 a t / R) dt', () => {
    expect(brindleySphereTau(0)).toBe(1);
    for (const a of [-0.5, -0.1, -1e-4, 5e-9, 5e-7, 5e-6, 1e-4, 0.01, 0.05, 0.24, 0.26, 0.3, 1, 3]) {
      let s = 0;
      const n = 20000;
      for (let i = 0; i < n; i++) {
        const t = (i + 0.5) / n;
        s += 3 * t * t * Math.exp(-2 * a * t) / n;
      }
      expect(brindleySphereTau(a)).toBeCloseTo(s, 7);
    }
  });

  it('falls as the particle absorbs more than the mixture, rises when it absorbs less', () => {
    expect(brindleySphereTau(0.2)).toBeLessThan(1);
    expect(brindleySphereTau(-0.2)).toBeGreaterThan(1);
    expect(brindleySphereTau(0.5)).toBeLessThan(brindleySphereTau(0.2));
  });

  it('raises the weight fraction of the strongly absorbing phase (Ni in Si) when applied', () => {
    const structure = (name: string) => parseCif(readFileSync(join(ROOT, 'structures', `${name}.cif`), 'utf8'), `${name}.cif`);
    const pattern = selectScan(readPatternFile(new Uint8Array(readFileSync(join(ROOT, 'patterns', 'dev_SiNi.xye'))), 'dev_SiNi.xye'));
    const instrument = parseInstrumentJson(readFileSync(join(ROOT, 'patterns', 'instrument.json'), 'utf8'), 'instrument.json');
    const plain = refinePattern(pattern, [structure('Si'), structure('Ni')], instrument).result;
    const corrected = refinePattern(pattern, [structure('Si'), structure('Ni')], instrument, { brindleyRadiusUm: 5 }).result;
    const ni = (r: typeof plain) => r.phases[1].weightPercent.value;
    expect(corrected.phases[1].brindleyTau!).toBeLessThan(1);
    expect(corrected.phases[0].brindleyTau!).toBeGreaterThan(1);
    expect(ni(corrected)).toBeGreaterThan(ni(plain) + 1);
    // a radius for one phase only: the other is not corrected (tau 1) but still sets the mean absorption
    const oneOnly = refinePattern(pattern, [structure('Si'), structure('Ni')], instrument, { brindleyRadiusUm: { Ni: 5 } }).result;
    expect(oneOnly.phases[0].brindleyTau).toBeUndefined();
    expect(oneOnly.phases[1].brindleyTau!).toBeLessThan(1);
  });
});
