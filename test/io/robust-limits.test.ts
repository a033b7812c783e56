/**
 * Values no instrument gives, refused when read and naming where: a count or sigma above 1e15 per step (its square
 * overflows the fit's sums: a pattern of counts near 1e200 "converged" with NaN and Infinity everywhere), and
 * wavelengths whose weights are all 0 (read silently, then reported as "parameter Si.scale has no effect" without
 * the file).
 */
import { describe, expect, it } from 'vitest';
import { InputError, ParseError } from '../../src/errors.js';
import { readPatternFile } from '../../src/io/formats/index.js';
import { parseInstrument } from '../../src/io/instrument.js';
import { thrown } from '../helpers/thrown.js';

const enc = (s: string) => new TextEncoder().encode(s);
const read = (s: string, name = 'p.xye') => readPatternFile(enc(s), name).scans[0];

describe('counts above 1e15', () => {
  it('a huge count is refused at its line', () => {
    const e = thrown(ParseError, () => read('10 5 2\n10.02 1e200 1e100\n10.04 7 2\n'));
    expect(e.message).toBe('p.xye:2: intensity 1e+200 is not a count: no detector records more than 1e15 per step');
  });

  it('a huge negative count and a huge sigma are refused too', () => {
    expect(thrown(ParseError, () => read('10 5 2\n10.02 -2e15 1\n')).message).toMatch(/^p\.xye:2: intensity -2e\+15 is not a count/);
    expect(thrown(ParseError, () => read('10 5 2\n10.02 5 1e16\n10.04 7 2\n')).message).toMatch(/^p\.xye:2: uncertainty 1e\+16 is not a count: no detector records more than 1e15 per step$/);
  });

  it('counts up to 1e15 are read', () => {
    expect(Array.from(read('10 1e15 1e7\n10.02 5 2\n').counts)).toEqual([1e15, 5]);
  });
});

describe('instrument wavelengths', () => {
  const json = (weights: number[]) => JSON.stringify({ wavelengths: weights.map((w, i) => ({ lambda: 1.54 + i * 0.004, weight: w })) });

  it('all weights 0 is refused naming the file', () => {
    const e = thrown(InputError, () => parseInstrument(json([0, 0]), 'inst.json'));
    expect(e.message).toBe('inst.json: at least one wavelength needs a weight above 0');
  });

  it('one weight above 0 is enough', () => {
    expect(parseInstrument(json([1, 0]), 'inst.json').wavelengths).toHaveLength(2);
  });
});
