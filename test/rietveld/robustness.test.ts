/** Issue 3, criterion 3: bad starting values reach the same minimum (Rwp within 0.01). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCif } from '../../src/io/cif/index.js';
import { readPatternFile, selectScan } from '../../src/io/formats/index.js';
import { parseInstrumentJson } from '../../src/io/instrument.js';
import type { ParamSetting } from '../../src/rietveld/options.js';
import { refinePattern } from '../../src/rietveld/refine.js';

const ROOT = join(__dirname, '..', '..');
const truth = JSON.parse(readFileSync(join(ROOT, 'patterns', 'truth.json'), 'utf8'));
const instrument = parseInstrumentJson(readFileSync(join(ROOT, 'patterns', 'instrument.json'), 'utf8'), 'instrument.json');
const structure = (name: string) => parseCif(readFileSync(join(ROOT, 'structures', `${name}.cif`), 'utf8'), `${name}.cif`);
const pattern = (name: string) => selectScan(readPatternFile(new Uint8Array(readFileSync(join(ROOT, 'patterns', `${name}.xye`))), `${name}.xye`));

describe.each(['dev_SiFeAl', 'dev_SiTi'])('%s from bad starting values', (name) => {
  const phases = Object.keys(truth[name].phases);
  const reference = refinePattern(pattern(name), phases.map(structure), instrument).result;
  it.each([1.005, 0.995])('cells x %s, scales x 100, zero + 0.05 deg', (factor) => {
    const params: Record<string, ParamSetting> = { zero: { value: (instrument.zeroDeg ?? 0) + 0.05 } };
    for (const p of phases) {
      const s = structure(p);
      params[`${p}.a`] = { value: s.cell.a * factor };
      if (s.spaceGroup.crystalSystem === 'hexagonal') params[`${p}.c`] = { value: s.cell.c * factor };
      params[`${p}.scale`] = { value: 100 };
    }
    const r = refinePattern(pattern(name), phases.map(structure), instrument, { params }).result;
    expect(r.converged).toBe(true);
    expect(Math.abs(r.statistics.rwp - reference.statistics.rwp)).toBeLessThan(0.01);
    r.phases.forEach((p, i) => expect(Math.abs(p.lattice.a.value - reference.phases[i].lattice.a.value)).toBeLessThan(1e-5));
  });
});
