/**
 * Issue 3/4 acceptance on the synthetic patterns (simulated by an independent fundamental-parameters code,
 * xrayutilities; known answers in patterns/truth.json): with only the CIFs of structures/ and the instrument
 * calibrated on LaB6_standard.xye, every refinement converges with weight % within 0.3, Si a within 2e-4 A,
 * metal cells within 3e-4 A, sizes within 5 %, and Rwp no higher than GSAS-II's on the same file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCif } from '../../src/io/cif/index.js';
import { readPatternFile, selectScan } from '../../src/io/formats/index.js';
import type { InstrumentFile } from '../../src/io/instrument.js';
import type { Pattern } from '../../src/io/pattern.js';
import { calibrateInstrument } from '../../src/rietveld/calibrate.js';
import { refinePattern } from '../../src/rietveld/refine.js';

const ROOT = join(__dirname, '..', '..');
const truth = JSON.parse(readFileSync(join(ROOT, 'patterns', 'truth.json'), 'utf8'));
const structure = (name: string) => parseCif(readFileSync(join(ROOT, 'structures', `${name}.cif`), 'utf8'), `${name}.cif`);
const pattern = (name: string): Pattern => selectScan(readPatternFile(new Uint8Array(readFileSync(join(ROOT, 'patterns', `${name}.xye`))), `${name}.xye`));

// GSAS-II v5.7.9 Rwp (%) on the same files (issue 3)
const GSAS2_RWP: Record<string, number> = { dev_SiCu: 4.36, dev_SiNi: 4.02, dev_SiFeAl: 4.04, dev_SiTi: 4.23, dev_SiAg: 5.41, dev_Si_nano: 3.36 };

let instrument: InstrumentFile;
beforeAll(() => {
  // calibrated here from the standard, not read from patterns/instrument.json, so the chain is tested whole
  instrument = calibrateInstrument(pattern('LaB6_standard'), structure('LaB6'), { certifiedA: 4.15689, divergenceSlitDeg: 0.5 }).instrument;
});

describe('instrument calibration on the LaB6 standard', () => {
  it('gives a sharp, slightly asymmetric profile', () => {
    const p = instrument.profile!;
    const fwhm2 = p.U! * 0.07 + p.V! * 0.26 + p.W!; // Gaussian FWHM^2 at 2theta 30 deg
    expect(Math.sqrt(Math.max(fwhm2, 0))).toBeLessThan(0.06);
    expect(p.SL!).toBeGreaterThan(0.005);
    expect(p.SL!).toBeLessThan(0.05);
  });
});

describe.each(Object.keys(GSAS2_RWP))('%s', (name) => {
  const t = truth[name];
  let out: ReturnType<typeof refinePattern>;
  beforeAll(() => {
    out = refinePattern(pattern(name), Object.keys(t.phases).map(structure), instrument);
  });

  it('converges with Rwp no higher than GSAS-II', () => {
    expect(out.result.converged).toBe(true);
    expect(out.result.statistics.rwp).toBeLessThanOrEqual(GSAS2_RWP[name]);
  });

  it('recovers weight fractions within 0.3 wt%', () => {
    for (const p of out.result.phases) expect(Math.abs(p.weightPercent.value - t.phases[p.name].wt), p.name).toBeLessThan(0.3);
  });

  it('recovers cells: Si within 2e-4 A, metals within 3e-4 A', () => {
    for (const p of out.result.phases) {
      const tol = p.name === 'Si' ? 2e-4 : 3e-4;
      expect(Math.abs(p.lattice.a.value - t.phases[p.name].a), `${p.name} a`).toBeLessThan(tol);
      expect(Math.abs(p.lattice.c.value - t.phases[p.name].c), `${p.name} c`).toBeLessThan(tol);
    }
  });

  it('recovers LVol-IB and LVol-FWHM within 5 % (instrument-corrected)', () => {
    for (const p of out.result.phases) {
      expect(p.sizeCorrected).toBe(true);
      expect(Math.abs(p.size.lvolIB.value / t.phases[p.name].LVol_IB_nm - 1), `${p.name} LVol-IB`).toBeLessThan(0.05);
      expect(Math.abs(p.size.lvolFWHM.value / t.phases[p.name].LVol_FWHM_nm - 1), `${p.name} LVol-FWHM`).toBeLessThan(0.05);
    }
  });
});
