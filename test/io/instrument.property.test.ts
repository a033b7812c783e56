/** Instrument files under random and truncated input: an InstrumentFile with finite numbers, or an InputError. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseInstrument } from '../../src/io/instrument.js';

const GOOD_JSON = JSON.stringify({ wavelengths: [{ lambda: 1.54056, weight: 1 }, { lambda: 1.54439, weight: 0.5 }], monochromatorTwoThetaDeg: null, goniometerRadiusMm: 300, zeroDeg: -0.0008, profile: { U: 0.0002, V: 0.0004, W: 0.0009, X: 0.019, Y: 0.0015, SL: 0.014, HL: 0.014, slitDeg: 0.5 } }, null, 2);
const GOOD_INSTPRM = 'Type:PXC\nBank:1.0\nLam1:1.54051\nLam2:1.54433\nZero:0.0\nPolariz.:0.7\nI(L2)/I(L1):0.5\nU:2.0\nV:-2.0\nW:5.0\nX:0.0\nY:0.0\nSH/L:0.002\n';

function checkOutcome(text: string): void {
  try {
    const i = parseInstrument(text, 'x.inst');
    const nums: number[] = [];
    const walk = (v: unknown) => {
      if (typeof v === 'number') nums.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(i);
    for (const x of nums) expect(Number.isFinite(x)).toBe(true);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
  }
}

describe('instrument parser robustness', () => {
  it('random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => checkOutcome(s)), { numRuns: 300 });
  });
  it('truncated and mutated good files', () => {
    for (const good of [GOOD_JSON, GOOD_INSTPRM]) {
      fc.assert(
        fc.property(fc.nat(good.length), fc.nat(good.length), fc.string({ minLength: 1, maxLength: 1 }), (cut, at, ch) => {
          checkOutcome(good.slice(0, cut));
          checkOutcome(good.slice(0, at) + ch + good.slice(at + 1));
        }),
        { numRuns: 300 },
      );
    }
  });
});
