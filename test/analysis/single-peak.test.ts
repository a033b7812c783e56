/**
 * The corrected single-peak size removes exactly the instrument the Rietveld model describes: patterns from our
 * simulator with known Lorentzian sizes on instruments with a slit, a Soller-limited FCJ asymmetry, the full
 * axial model, an incident-beam Soller with FCJ and a Johansson passband; the corrected Si 111 LVol-FWHM (= 0.89 CS
 * for a Lorentzian size) within 3 %.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitPeak } from '../../src/analysis/single-peak.js';
import { parseCif } from '../../src/io/cif/index.js';
import type { InstrumentFile } from '../../src/io/instrument.js';
import { poisson, simulatePattern } from '../../src/model/simulate.js';

const ROOT = join(__dirname, '..', '..');
const si = parseCif(readFileSync(join(ROOT, 'structures', 'Si.cif'), 'utf8'), 'Si.cif');
const base = { U: 0.0002, V: 0.0004, W: 0.0009, X: 0.019, Y: 0.0015 };
const instruments: [string, InstrumentFile][] = [
  ['FCJ with a 0.5 deg slit', { profile: { ...base, SL: 0.014, HL: 0.014, slitDeg: 0.5 } }],
  ['FCJ with a 2.5 deg Soller', { profile: { ...base, SL: 0.03, HL: 0.03, sollerDeg: 2.5 } }],
  ['full axial model', { profile: { ...base, sourceLengthMm: 12, sampleLengthMm: 15, receiverLengthMm: 12, primarySollerDeg: 2.5, secondarySollerDeg: 2.5 } }],
  ['FCJ with the incident beam of a 5 deg primary Soller', { profile: { ...base, SL: 0.02, HL: 0.02, primarySollerDeg: 5 } }],
  ['a Johansson passband (Ka1 instrument)', {
    wavelengths: [{ lambda: 1.5405929, weight: 1 }], monochromatorTwoThetaDeg: 27.28,
    profile: { ...base, X: 0.002, SL: 0.02, HL: 0.02, passbandWidth: 0.0012, passbandShoulder: 0.2, passbandMistune: 0 },
  }],
];

describe.each(instruments)('%s', (_label, instrument) => {
  it.each([50, 200])('Si with CS_L = %s nm', (size) => {
    const sim = simulatePattern([{ structure: si, sizeNm: size }], { instrument, range: [20, 40, 0.005], maxCounts: 50000, background: 200 });
    const counts = poisson(sim.pattern.counts, 11);
    const pattern = { ...sim.pattern, counts, sigma: Float64Array.from(counts, (c) => Math.sqrt(Math.max(c, 1))) };
    const r = fitPeak(pattern, { peakDeg: 28.44, instrument });
    expect(r.corrected.instrumentRemoved).toBe(true);
    expect(Math.abs(r.corrected.lvolFWHM.value / (0.89 * size) - 1)).toBeLessThan(0.03);
  });
});

it('an instrument with a passband and two emission lines is refused (the passband carries the Cu Ka spectrum)', () => {
  const sim = simulatePattern([{ structure: si, sizeNm: 100 }], { instrument: { profile: base }, range: [20, 40, 0.005], maxCounts: 50000, background: 200 });
  const instrument = { wavelengths: [{ lambda: 1.5406, weight: 1 }, { lambda: 1.5444, weight: 0.5 }], profile: { ...base, passbandWidth: 0.001 } };
  expect(() => fitPeak(sim.pattern, { peakDeg: 28.44, instrument })).toThrow(/passbandWidth.*one Cu K-alpha1 line, not 2/);
});
