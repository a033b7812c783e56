/** Instrument files: the project's JSON (SPEC.md section 3) and GSAS-II .instprm with its unit conventions. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseInstprm, parseInstrument, parseInstrumentJson } from '../../src/io/instrument.js';

describe('GSAS-II .instprm', () => {
  const text = ['#GSAS-II instrument parameter file; do not add/delete items!', 'Type:PXC', 'Bank:1.0', 'Lam1:1.54051', 'Lam2:1.54433', 'Zero:0.01',
    'Polariz.:0.7', 'Azimuth:0.0', 'I(L2)/I(L1):0.5', 'U:2.0', 'V:-2.0', 'W:5.0', 'X:1.5', 'Y:3.0', 'Z:0.0', 'SH/L:0.002', 'Source:CuKa'].join('\n');
  it('converts centidegrees, swaps the Lorentzian terms and splits SH/L', () => {
    const i = parseInstprm(text, 'x.instprm');
    expect(i.wavelengths).toEqual([{ lambda: 1.54051, weight: 1 }, { lambda: 1.54433, weight: 0.5 }]);
    expect(i.profile!.U).toBeCloseTo(2e-4, 12);
    expect(i.profile!.V).toBeCloseTo(-2e-4, 12);
    expect(i.profile!.W).toBeCloseTo(5e-4, 12);
    // GSAS-II Lorentzian: X / cos theta + Y tan theta (centideg); ours: X tan theta + Y / cos theta (deg)
    expect(i.profile!.X).toBeCloseTo(0.03, 12);
    expect(i.profile!.Y).toBeCloseTo(0.015, 12);
    expect(i.profile!.SL).toBeCloseTo(0.001, 12);
    expect(i.zeroDeg).toBe(0.01);
    // polarization fraction 0.7 = K/(1+K) with K = cos^2 2theta_M... as 1 - P: K = 0.4286, 2theta_M = 49.1 deg
    expect(Math.cos((i.monochromatorTwoThetaDeg! * Math.PI) / 180) ** 2).toBeCloseTo(0.3 / 0.7, 10);
  });
  it('is picked by content', () => {
    expect(parseInstrument(text, 'a.txt').profile!.W).toBeCloseTo(5e-4, 12);
  });
  it('names the line of a malformed entry', () => {
    expect(() => parseInstprm('Type:PXC\nLam1 1.54\n', 'bad.instprm')).toThrow(/bad\.instprm:2/);
  });
});

describe('JSON instrument file', () => {
  it('reads the SPEC.md keys', () => {
    const i = parseInstrumentJson(JSON.stringify({ wavelengths: [{ lambda: 1.54056, weight: 1 }], monochromatorTwoThetaDeg: 26.6, goniometerRadiusMm: 240, zeroDeg: 0.01, profile: { U: 0.001, W: 0.002, SL: 0.01 } }), 'i.json');
    expect(i.monochromatorTwoThetaDeg).toBe(26.6);
    expect(i.profile).toEqual({ U: 0.001, W: 0.002, SL: 0.01 });
  });
  it.each([
    ['{"wavelengths": []}', /non-empty/],
    ['{"profile": {"Q": 1}}', /unknown profile key 'Q'/],
    ['{"goniometerRadiusMm": -3}', /positive/],
    ['{"monochromatorTwoThetaDeg": 200}', /'monochromatorTwoThetaDeg' must lie between 0 and 180 deg \(null for none\), not 200/],
    ['{"monochromatorTwoThetaDeg": 0}', /must lie between 0 and 180/],
    ['{"zeroDeg": "x"}', /finite number/],
    ['{"colour": 1}', /unknown instrument key 'colour'/],
    ['{"geometry": "capillary"}', /'geometry' must be "reflection" or "transmission", not "capillary"/],
    ['{"sampleXMm": null}', /instrument key 'sampleXMm' must be a finite number/],
    ['{', /not valid JSON/],
  ])('rejects %s with a message naming the key', (text, message) => {
    expect(() => parseInstrumentJson(text, 'i.json')).toThrow(InputError);
    expect(() => parseInstrumentJson(text, 'i.json')).toThrow(message);
  });
});
