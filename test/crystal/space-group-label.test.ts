import { describe, expect, it } from 'vitest';
import { spaceGroupFromNumber, spaceGroupFromOperators, spaceGroupLabel } from '../../src/crystal/spacegroup/index.js';

describe('spaceGroupLabel', () => {
  it('names a tabulated group by symbol and number', () => {
    expect(spaceGroupLabel(spaceGroupFromNumber(227))).toMatch(/^F d -3 m :\d \(No\. 227\)$/);
  });
  it('says so when operators match no tabulated setting, instead of "(0)"', () => {
    const sg = spaceGroupFromOperators(['x,y,z', '-x+1/2,y,-z']);
    const label = spaceGroupLabel(sg);
    expect(sg.number).toBe(0);
    expect(label).toMatch(/setting not identified.*2 operators/);
    expect(label).not.toMatch(/\(0\)/);
  });
});
