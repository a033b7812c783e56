/** Williamson-Hall on a synthetic pattern with a known, purely Lorentzian size (patterns/truth.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { williamsonHall } from '../../src/analysis/williamson-hall.js';
import { parseCif } from '../../src/io/cif/index.js';
import { readPatternFile, selectScan } from '../../src/io/formats/index.js';
import { parseInstrumentJson } from '../../src/io/instrument.js';

const ROOT = join(__dirname, '..', '..');
const truth = JSON.parse(readFileSync(join(ROOT, 'patterns', 'truth.json'), 'utf8'));
const instrument = parseInstrumentJson(readFileSync(join(ROOT, 'patterns', 'instrument.json'), 'utf8'), 'instrument.json');
const structure = (name: string) => parseCif(readFileSync(join(ROOT, 'structures', `${name}.cif`), 'utf8'), `${name}.cif`);
const pattern = (name: string) => selectScan(readPatternFile(new Uint8Array(readFileSync(join(ROOT, 'patterns', `${name}.xye`))), `${name}.xye`));

describe('Williamson-Hall', () => {
  it.each([['dev_Si_nano', []], ['dev_SiCu', ['Cu']]] as const)('%s: Si size (K 0.89) within 5 % of L_lor x 0.89, strain zero within 3 esd', (name, others) => {
    const r = williamsonHall(pattern(name), structure('Si'), { instrument, others: others.map(structure) });
    expect(r.points.length).toBeGreaterThanOrEqual(4);
    const expected = truth[name].phases.Si.LVol_FWHM_nm; // 0.89 L for a pure Lorentzian size
    expect(Math.abs(r.sizeNm.value / expected - 1)).toBeLessThan(0.05);
    expect(Math.abs(r.strain.value)).toBeLessThan(3 * r.strain.esd + 1e-5);
  });

  it('a smaller --min-separation admits reflections but does not narrow the fit windows (0 left none, 0.1 moved the size)', () => {
    const base = williamsonHall(pattern('dev_Si_nano'), structure('Si'), { instrument });
    for (const sep of [0, 0.1, 0.5]) {
      const r = williamsonHall(pattern('dev_Si_nano'), structure('Si'), { instrument, minSeparationDeg: sep });
      expect(r.points.map((p) => p.hkl.join(''))).toEqual(base.points.map((p) => p.hkl.join('')));
      expect(r.sizeNm.value).toBeCloseTo(base.sizeNm.value, 6);
    }
  });

  it('refuses a phase with fewer than two isolated reflections', () => {
    expect(() => williamsonHall(pattern('dev_SiNi'), structure('Ni'), { instrument, others: [structure('Si')], minSeparationDeg: 30 })).toThrow(/fewer than two/);
  });
});
