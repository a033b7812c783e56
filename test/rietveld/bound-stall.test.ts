/**
 * A parameter whose derivative vanishes on its bound (the slit angle enters the flat-specimen shape squared, so at
 * 0 its derivative is rounding noise) used to stop refinements short: every trial step threw it across its range
 * and the stage ended with 'no further decrease of chi^2' away from the minimum. On the IUCr CPD sample 1a (read
 * from ../shared, not copied: its licence is not stated), freeing the slit from 0.5 deg ended at Rwp 14.53 %
 * against 14.12 % without it, although the slit refines to 0. Now every start reaches the same fit.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPattern, loadStructure } from '../../src/index.js';
import { refinePattern } from '../../src/rietveld/refine.js';

const QPA = join(__dirname, '..', '..', '..', 'shared', 'data', 'real', 'qpa-round-robin');
const CPD = { monochromatorTwoThetaDeg: 26.6, goniometerRadiusMm: 173, wavelengths: [{ lambda: 1.540593, weight: 1 }, { lambda: 1.544414, weight: 0.5 }] };

describe('a parameter pinned on its bound', () => {
  if (!existsSync(QPA)) console.warn(`skipped: ${QPA} not present (shared/ folder absent)`);
  it.skipIf(!existsSync(QPA))('CPD 1a with the slit freed from 0.05, 0.2 or 0.5 deg reaches the fit without it (Rwp within 0.01 %)', async () => {
    const pattern = await loadPattern(join(QPA, 'xye_riet_serv', 'CPD-1A.xye'));
    const phases = await Promise.all(['Al2O3', 'ZnO', 'CaF2'].map((n) => loadStructure(join(__dirname, '..', '..', 'structures', `${n}.cif`))));
    const base = refinePattern(pattern, phases, CPD).result.statistics.rwp;
    for (const start of [0.05, 0.2, 0.5]) {
      const r = refinePattern(pattern, phases, CPD, { params: { slit: { refine: true, value: start } } }).result;
      expect(r.statistics.rwp, `slit from ${start}`).toBeLessThan(base + 0.01);
    }
  }, 60_000);
});
