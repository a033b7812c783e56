/**
 * Bad refinement input is refused with one message naming what to fix, never run into NaN, Infinity or a
 * "converged" fit of nothing: points left after exclusions, values set by name outside their bounds, cells that
 * are not cells, held instrument values out of range, Brindley radii, and sizes that were not refined.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultJson } from '../../src/batch/outputs.js';
import { InputError } from '../../src/errors.js';
import { parseCif } from '../../src/io/cif/index.js';
import { readPatternFile, selectScan } from '../../src/io/formats/index.js';
import { parseInstrumentJson, type InstrumentFile } from '../../src/io/instrument.js';
import { reportText } from '../../src/io/report/report.js';
import { parseRecipe, refineOptionsFor } from '../../src/recipe/index.js';
import { fitStatistics } from '../../src/refine/statistics.js';
import { buildModel } from '../../src/rietveld/build.js';
import { calibrateInstrument } from '../../src/rietveld/calibrate.js';
import type { RefineOptions } from '../../src/rietveld/options.js';
import { refinePattern, reportedStatistics } from '../../src/rietveld/refine.js';

const ROOT = join(__dirname, '..', '..');
const cif = (name: string) => parseCif(readFileSync(join(ROOT, 'structures', `${name}.cif`), 'utf8'), `${name}.cif`);
const pattern = (name: string) => selectScan(readPatternFile(new Uint8Array(readFileSync(join(ROOT, 'patterns', `${name}.xye`))), `${name}.xye`));
const INS = parseInstrumentJson(readFileSync(join(ROOT, 'patterns', 'instrument.json'), 'utf8'), 'patterns/instrument.json');
const SINI = pattern('dev_SiNi');
const PHASES = [cif('Si'), cif('Ni')];

/** the InputError refinePattern throws (fails the test if it runs through) */
function refused(opts: RefineOptions, instrument: InstrumentFile = INS, phases = PHASES): string {
  try {
    refinePattern(SINI, phases, instrument, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('the refinement ran');
}

describe('points left after the range and the exclusions', () => {
  it('refuses a fit with one point, or none, left by exclusions (it "converged" at Rwp 0 %)', () => {
    expect(refused({ exclude: [[10, 89.99]] })).toMatch(/^1 of the 8001 points in 10-90 deg are left after the exclusions .*--exclude.*: too few/);
    expect(refused({ exclude: [[0, 1000]] })).toMatch(/^0 of the 8001 points .* left after the exclusions/);
    // the same through a recipe's exclude
    const recipe = refineOptionsFor(parseRecipe('phases: [Si.cif, Ni.cif]\nexclude:\n  - [10, 89.9]\n', 'r.yaml'));
    expect(refused(recipe)).toMatch(/^10 of the 8001 points .* recipe's exclude/);
  });

  it('asks for twice as many points as refined parameters', () => {
    // Si 422 alone in 31 points, against 17 refined parameters
    const msg = refused({ range: [87.9, 88.2] }, INS, [cif('Si')]);
    expect(msg).toMatch(/^31 points are left to fit after the range and exclusions .* and 17 parameters refine: at least 34 points/);
  });

  it('refuses a phase whose reflections are all excluded (it failed on "Ni.invSizeL has no effect")', () => {
    expect(refused({ exclude: [[10, 80]] })).toMatch(/phase Ni has no reflection outside the excluded regions/);
  });

  it('reports Durbin-Watson d of an exact fit (0/0) as 2 with a warning, never NaN', () => {
    const y = [5, 6, 7, 8];
    const raw = fitStatistics(y, y, [1, 1, 1, 1], 1);
    expect(raw.durbinWatson).toBeNaN();
    const warnings: string[] = [];
    expect(reportedStatistics(raw, warnings).durbinWatson).toBe(2);
    expect(warnings[0]).toMatch(/Durbin-Watson/);
  });
});

describe('values set by name (--free NAME=VALUE, recipe params) stay within what the parameter allows', () => {
  it.each([
    [{ 'Si.a': { value: -5.43 } }, /^parameter Si\.a: value -5\.43 is not a cell length \(above 0 A\)/],
    [{ 'Si.a': { value: 0 } }, /^parameter Si\.a: value 0 is not a cell length/],
    [{ 'Si.a': { value: 5.4, min: -1 } }, /^parameter Si\.a: min -1 is not a cell length/],
    [{ 'Si.a': { value: 6 } }, /^parameter Si\.a: value 6 is outside its bounds 5\.15916 to 5\.70223 \(5 % about the CIF's value/],
    [{ slit: { value: -1, refine: true } }, /^parameter slit: value -1 is outside its bounds 0 to 5$/],
    [{ slit: { min: -1 } }, /^parameter slit: min -1 is outside its bounds 0 to 5$/],
    [{ Y: { value: 1e6, refine: true } }, /^parameter Y: value 1000000 is outside its bounds 0 to 10$/],
    [{ 'Ni.invSizeL': { max: 2 } }, /^parameter Ni\.invSizeL: max 2 is outside its bounds 0 to 1$/],
  ])('refuses %j', (params, message) => {
    expect(() => buildModel(SINI, PHASES, INS, { params })).toThrow(message);
  });

  it('lets a recipe widen a cell window, to any real cell', () => {
    const built = buildModel(SINI, PHASES, INS, { params: { 'Si.a': { value: 6, min: 5, max: 7 } } });
    expect(built.model.entries.find((e) => e.name === 'Si.a')!.p).toMatchObject({ value: 6, min: 5, max: 7 });
  });

  it('refuses a rhombohedral or triclinic cell whose angles do not close', () => {
    const tri = parseCif(readFileSync(join(ROOT, 'structures', 'Si.cif'), 'utf8').replace(/_space_group_name_Hall.*\n/, '')
      .replace(/'F d -3 m :1'/, "'P 1'").replace(/_space_group_IT_number\s+227/, '_space_group_IT_number 1').replace('cubic', 'triclinic'), 'Tri.cif');
    expect(() => buildModel(SINI, [tri], INS, { params: { 'Tri.alpha': { value: 170, min: 100, max: 179 }, 'Tri.beta': { value: 170, min: 100, max: 179 } } }))
      .toThrow(/phase Tri: the cell .*alpha = 170, beta = 170.* is not a cell/);
  });
});

describe('held instrument values outside what the refinement allows', () => {
  it.each([
    [{ X: -1 }, /patterns\/instrument\.json: instrument profile X = -1 is outside 0 to 10/],
    [{ Y: 20 }, /instrument profile Y = 20 is outside 0 to 10/],
    [{ SL: 5, HL: 5 }, /instrument profile SL = 5 is outside 0 to 0\.2/],
    [{ sampleLengthMm: -3 }, /instrument profile sampleLengthMm = -3 is outside 0 to 300/],
  ])('refuses profile %j naming the key and the file', (profile, message) => {
    expect(() => buildModel(SINI, PHASES, { ...INS, profile: { ...INS.profile, ...profile } }, {})).toThrow(message);
  });

  it('refuses a zero or displacement beyond their bounds', () => {
    expect(() => buildModel(SINI, PHASES, { ...INS, zeroDeg: 3 }, {})).toThrow(/instrument zeroDeg = 3 is outside -1 to 1/);
    expect(() => buildModel(SINI, PHASES, { ...INS, displacementMm: -5 }, {})).toThrow(/instrument displacementMm = -5 is outside -2 to 2/);
  });

  it('refuses a certified cell edge of 0 (taken as "not given") or below', () => {
    const lab = pattern('LaB6_standard');
    expect(() => calibrateInstrument(lab, cif('LaB6'), { certifiedA: 0 })).toThrow(/certified cell edge must be above 0 A, not 0/);
    expect(() => calibrateInstrument(lab, cif('LaB6'), { certifiedA: -4.15 })).toThrow(/not -4\.15/);
  });
});

describe('Brindley radii', () => {
  it('refuses radii outside 0 to 1000 um (1e9 made tau Infinity and Si 0 wt%)', () => {
    expect(() => buildModel(SINI, PHASES, INS, { brindleyRadiusUm: 1e9 })).toThrow(/Brindley particle radius must be above 0 and at most 1000 um, not 1000000000/);
    expect(() => buildModel(SINI, PHASES, INS, { brindleyRadiusUm: { Ni: -5 } })).toThrow(/radius of Ni must be above 0/);
  });

  it('refuses a radius too coarse for the phases\' absorption contrast', () => {
    expect(refused({ brindleyRadiusUm: 1000 })).toMatch(/Brindley correction: phase Si with particle radius 1000 um has \(mu - mu_mean\) R = -\d+/);
  });

  it('a recipe takes the same range as --brindley', () => {
    expect(() => parseRecipe('phases: [Si.cif]\nbrindleyRadiusUm: 5000\n', 'r.yaml')).toThrow(/r\.yaml:2: brindleyRadiusUm: must be at most 1000, not 5000/);
  });
});

describe('sizes with no size broadening', () => {
  const lab = pattern('LaB6_standard');

  it('are "not refined" with --broadening none: status in the JSON, no Infinity in the report', () => {
    const out = refinePattern(lab, [cif('LaB6')], INS, { sampleBroadening: 'none' });
    expect(out.result.phases[0].size.status).toBe('notRefined');
    expect(JSON.parse(resultJson(out)).phases[0].size).toMatchObject({ lvolIB: { value: null }, status: 'notRefined' });
    const text = reportText(out.result, { pattern: 'LaB6_standard.xye', phases: [{ name: 'LaB6', file: 'LaB6.cif' }] });
    expect(text).not.toMatch(/Infinity|NaN/);
    expect(text).toMatch(/LVol-IB \(nm\)\s+— \(not refined\)/);
    expect(text).toMatch(/not refined: no size broadening in the model/);
  });

  it('are "not resolved" when the size refines to zero (the instrument alone is as wide as the peaks)', () => {
    const out = refinePattern(lab, [cif('LaB6')], { ...INS, profile: { ...INS.profile, Y: 0.002 } });
    expect(out.result.phases[0].size.status).toBe('notResolved');
    const text = reportText(out.result, { pattern: 'LaB6_standard.xye', phases: [{ name: 'LaB6', file: 'LaB6.cif' }] });
    expect(text).not.toMatch(/Infinity|NaN/);
    expect(text).toMatch(/LVol-FWHM \(nm\)\s+— \(not resolved\)/);
  });

  it('are "refined" otherwise', () => {
    expect(refinePattern(SINI, PHASES, INS).result.phases.map((p) => p.size.status)).toEqual(['refined', 'refined']);
  });
});

describe('an assumed wavelength is said', () => {
  it('warns when neither the pattern file nor the instrument file gives wavelengths, not otherwise', () => {
    const bare = { ...SINI, meta: { ...SINI.meta, wavelengths: undefined } };
    const noWavelengths: InstrumentFile = { ...INS, wavelengths: undefined };
    const assumed = refinePattern(bare, PHASES, noWavelengths).result.warnings;
    expect(assumed.some((w) => /no wavelength in the pattern file or an instrument file: Cu Ka1\/Ka2 assumed \(1\.54056 A x 1, 1\.54439 A x 0\.5\)/.test(w))).toBe(true);
    expect(refinePattern(bare, PHASES, INS).result.warnings.some((w) => /Cu Ka1\/Ka2 assumed/.test(w))).toBe(false);
    expect(refinePattern(SINI, PHASES, noWavelengths).result.warnings.some((w) => /Cu Ka1\/Ka2 assumed/.test(w))).toBe(false);
  });
});
