/**
 * A cell far too large for the range is refused before its reflections are listed: a = 200 A took 30 s and a
 * gigabyte before "Set maximum size exceeded", a = 1e6 A ran for minutes. The structures shipped here stay far
 * below the limits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReflectionCount, listReflections, MAX_LATTICE_POINTS } from '../../src/crystal/reflections.js';
import { InputError } from '../../src/errors.js';
import { parseCif } from '../../src/io/cif/index.js';
import { reflectionTable } from '../../src/model/reflection-table.js';

const DIR = join(__dirname, '..', '..', 'structures');
const si = readFileSync(join(DIR, 'Si.cif'), 'utf8');
const siWithA = (a: number) => parseCif(si.replace(/^(_cell_length_[abc])\s+.*$/gm, `$1 ${a}`), `Si_${a}.cif`);

describe('reflection count limit', () => {
  it.each([200, 1e6])('refuses Si with a = %s A in milliseconds, naming the phase, its volume and the range', (a) => {
    const t0 = performance.now();
    let err: unknown;
    try {
      reflectionTable(siWithA(a), { wavelength: 1.54056, maxTwoTheta: 150 });
    } catch (e) {
      err = e;
    }
    expect(performance.now() - t0).toBeLessThan(500);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(new RegExp(`^phase Si_${a}: its cell of [0-9.,e]+ A\\^3 gives about .* reciprocal-lattice points .* for 2theta up to 150 deg at 1\\.54056 A; the limit is`));
  });

  it('passes every structure shipped here to 179 deg at Cu Ka2, with room to spare', () => {
    const dMin = 1.54439 / (2 * Math.sin((179 * Math.PI) / 360));
    for (const f of readdirSync(DIR).filter((x) => x.endsWith('.cif'))) {
      const s = parseCif(readFileSync(join(DIR, f), 'utf8'), f);
      expect(() => checkReflectionCount(s, dMin)).not.toThrow();
    }
    // the largest (Al2O3, 255 A^3) needs about 2300 points: a cell 100 times larger still lists
    expect(((4 / 3) * Math.PI * 255 * 100) / dMin ** 3).toBeLessThan(MAX_LATTICE_POINTS);
    expect(listReflections(siWithA(20), dMin).length).toBeGreaterThan(100);
  });
});
