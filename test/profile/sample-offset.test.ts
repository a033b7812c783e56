/**
 * The transmission (capillary) geometry's line shifts (src/profile/sample-offset.ts), checked against the geometry
 * itself: rays traced from an offset specimen to the detector circle, and an absorbing cylinder integrated point by
 * point; then the shifts in the pattern model, their derivatives, and the geometry's settings in a refinement.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, SettingsError } from '../../src/errors.js';
import { parseCif } from '../../src/io/cif/index.js';
import { readPatternFile } from '../../src/io/formats/index.js';
import type { Pattern } from '../../src/io/pattern.js';
import { sampleOffsetShiftDeg } from '../../src/profile/sample-offset.js';
import { buildModel } from '../../src/rietveld/build.js';
import { calibrateInstrument } from '../../src/rietveld/calibrate.js';
import { refinePattern } from '../../src/rietveld/refine.js';
import { simulatePattern } from '../../src/model/simulate.js';
import { reportText } from '../../src/io/report/report.js';
import { thrown } from '../helpers/thrown.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SI = parseCif(readFileSync(join(ROOT, 'structures', 'Si.cif'), 'utf8'), 'Si.cif');
const R = 217.5;
const DEG = Math.PI / 180;

/** where a ray from p along direction angle phi (rad) meets the circle of radius R about the origin, angle in rad */
function hitAngle(px: number, py: number, phi: number): number {
  const ux = Math.cos(phi);
  const uy = Math.sin(phi);
  const b = px * ux + py * uy;
  const t = -b + Math.sqrt(b * b - (px * px + py * py - R * R));
  return Math.atan2(py + t * uy, px + t * ux);
}

/** the detected 2theta (deg) of a line diffracted at 2theta from the point (x, y): parallel or converging beam */
function traced(twoThetaDeg: number, x: number, y: number, convergent: boolean): number {
  // a converging beam heads for the focus (R, 0) on the detector circle
  const incident = convergent ? Math.atan2(0 - y, R - x) : 0;
  return hitAngle(x, y, incident + twoThetaDeg * DEG) / DEG;
}

describe('shift of an offset specimen', () => {
  for (const convergent of [false, true]) {
    it(`matches rays traced to the detector circle (${convergent ? 'beam converging on the detector circle' : 'parallel beam'})`, () => {
      for (const tt of [10, 28.4, 47.3, 69.1, 95, 130, 160]) {
        for (const [x, y] of [[0.1, 0], [0, 0.1], [-0.07, 0.05], [0.2, -0.15]]) {
          const exact = traced(tt, x, y, convergent) - tt;
          // first order in offset / R: what is left is second order, (0.25 / 217.5)^2 rad or 8e-5 deg at most here
          expect(Math.abs(sampleOffsetShiftDeg(tt, x, y, R, convergent) - exact)).toBeLessThan(0.02 * Math.abs(exact) + 2e-5);
        }
      }
    });
  }

  it('is not moved by the specimen\'s absorption when the beam converges on the detector circle, and is when it is parallel', () => {
    // an absorbing cylinder of radius r (mu r = 1) on the axis: each point weighted by exp(-mu (path in + path out))
    const r = 0.25;
    const mu = 1 / r;
    const chord = (px: number, py: number, ux: number, uy: number) => {
      const b = px * ux + py * uy;
      return -b + Math.sqrt(b * b - (px * px + py * py - r * r));
    };
    const meanShift = (tt: number, convergent: boolean) => {
      let sw = 0;
      let s = 0;
      const n = 160;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const x = -r + ((i + 0.5) * 2 * r) / n;
          const y = -r + ((j + 0.5) * 2 * r) / n;
          if (x * x + y * y >= r * r) continue;
          const inc = convergent ? Math.atan2(-y, R - x) : 0;
          const out = inc + tt * DEG;
          const w = Math.exp(-mu * (chord(x, y, -Math.cos(inc), -Math.sin(inc)) + chord(x, y, Math.cos(out), Math.sin(out))));
          sw += w;
          s += w * (hitAngle(x, y, out) / DEG - tt);
        }
      }
      return s / sw;
    };
    for (const tt of [28.4, 69.1, 120]) {
      // the uniform line shift of a 0.01 mm offset is 2.6e-3 deg: the focusing geometry's absorption moves it far less
      expect(Math.abs(meanShift(tt, true))).toBeLessThan(2e-4);
    }
    // a parallel beam: the absorption-weighted centre sits towards the entrance side and moves the line
    expect(Math.abs(meanShift(28.4, false))).toBeGreaterThan(5e-3);
  });
});

function grid(a: number, b: number, step: number): Pattern {
  const n = Math.round((b - a) / step) + 1;
  const twoTheta = Float64Array.from({ length: n }, (_, i) => a + i * step);
  return { twoTheta, counts: new Float64Array(n).fill(100), sigma: new Float64Array(n).fill(10), meta: { format: 'test' } };
}

describe('the transmission geometry in the pattern model', () => {
  const instrument = { geometry: 'transmission' as const, goniometerRadiusMm: R, wavelengths: [{ lambda: 1.54056, weight: 1 }], profile: { U: 0.002, V: -0.001, W: 0.002, X: 0.01, Y: 0.01, SL: 0.012, HL: 0.012 } };

  it('moves each line by the offset shift', () => {
    const { model } = buildModel(grid(20, 100, 0.01), [SI], instrument, { backgroundTerms: 1 });
    model.calculate(new Float64Array(model.n));
    const before = model.peaks.map((p) => p.twoTheta);
    model.params.instrument.sampleX.value = 0.1;
    model.params.instrument.sampleY.value = -0.05;
    model.calculate(new Float64Array(model.n));
    model.peaks.forEach((p, i) => {
      const bragg = before[i] - 0; // no other shift depends on the offsets
      expect(p.twoTheta - before[i]).toBeCloseTo(sampleOffsetShiftDeg(bragg, 0.1, -0.05, R, false), 6);
    });
  });

  it('has derivatives for the offsets that agree with central differences', () => {
    const { model } = buildModel(grid(20, 80, 0.01), [SI], instrument, { backgroundTerms: 1, positionModel: 'both' });
    const ins = model.params.instrument;
    ins.sampleX.value = 0.05;
    ins.sampleY.value = -0.03;
    model.params.phases[0].scale.value = 1e-3;
    const active = model.entries.filter((e) => ['sampleX', 'sampleY', 'zero'].includes(e.name));
    expect(active.every((e) => e.p.refine)).toBe(true);
    const jac = new Float64Array(model.n * active.length);
    model.jacobian(new Float64Array(model.n), jac, active);
    active.forEach((e, j) => {
      const v = e.p.value;
      const h = 1e-6;
      e.p.value = v + h;
      const up = model.calculate(new Float64Array(model.n));
      e.p.value = v - h;
      const down = model.calculate(new Float64Array(model.n));
      e.p.value = v;
      let num = 0;
      let den = 0;
      for (let i = 0; i < model.n; i++) {
        const fd = (up[i] - down[i]) / (2 * h);
        num += (fd - jac[j * model.n + i]) ** 2;
        den += fd * fd;
      }
      expect(Math.sqrt(num / den), e.name).toBeLessThan(5e-3);
    });
  });

  it('holds the flat specimen\'s terms at zero in transmission and the offsets in reflection; setting them is refused', () => {
    const t = buildModel(grid(20, 80, 0.01), [SI], { geometry: 'transmission' }, { positionModel: 'displacement' }).model.params.instrument;
    expect([t.sampleX.refine, t.sampleY.refine, t.displacement.refine, t.slit.refine, t.slit.value]).toEqual([true, true, false, false, 0]);
    const f = buildModel(grid(20, 80, 0.01), [SI], undefined, { positionModel: 'displacement' }).model.params.instrument;
    expect([f.sampleX.refine, f.sampleY.refine, f.displacement.refine]).toEqual([false, false, true]);
    const e1 = thrown(SettingsError, () => buildModel(grid(20, 80, 0.01), [SI], undefined, { geometry: 'transmission', params: { slit: { refine: true } } }));
    expect(e1.message).toMatch(/^slit: a flat specimen's \(reflection\) terms/);
    // reflection by default (not given): the error is this pattern's, not the settings'
    const e2 = thrown(InputError, () => buildModel(grid(20, 80, 0.01), [SI], undefined, { params: { sampleY: { value: 0.1 } } }));
    expect(e2.message).toMatch(/^sampleY: a capillary's \(transmission\) offsets; .* \(the geometry is reflection, by default/);
    expect(thrown(SettingsError, () => buildModel(grid(20, 80, 0.01), [SI], undefined, { geometry: 'transmission', params: { transparency: { refine: true } } })).message).toMatch(/^transparency: a flat specimen's/);
    // nor can a tie bring one in
    expect(thrown(SettingsError, () => buildModel(grid(20, 80, 0.01), [SI], undefined, { geometry: 'transmission', ties: { displacement: 'sampleX' } })).message).toMatch(/^displacement: a flat specimen's/);
    const e3 = thrown(SettingsError, () => buildModel(grid(20, 80, 0.01), [SI], { geometry: 'transmission', displacementMm: 0.1, source: 'ins.json' }, {}));
    expect(e3.message).toMatch(/displacementMm = 0.1 belongs to the reflection geometry/);
    // the instrument file's offsets start the refinement, within their bounds
    expect(buildModel(grid(20, 80, 0.01), [SI], { geometry: 'transmission', sampleXMm: 0.3, sampleYMm: -0.2 }, {}).model.params.instrument.sampleY.value).toBe(-0.2);
    expect(buildModel(grid(20, 80, 0.01), [SI], { geometry: 'transmission', sampleXMm: 0.3 }, {}).model.params.instrument.sampleX.value).toBe(0.3);
    expect(thrown(SettingsError, () => buildModel(grid(20, 80, 0.01), [SI], { geometry: 'transmission', sampleYMm: -3, source: 'i.json' }, {})).message).toMatch(/instrument sampleYMm = -3 is outside -2 to 2 \(mm\)/);
  });

  it('moves the lines by the converging beam\'s shift when a Johansson monochromator focuses on the detector circle', () => {
    const p = grid(20, 100, 0.01);
    p.meta = { format: 'test', incidentMonochromator: 'johansson', wavelengths: [{ lambda: 1.5405925, weight: 1 }] };
    const { model } = buildModel(p, [SI], { geometry: 'transmission', goniometerRadiusMm: R, profile: { U: 0, V: 0, W: 0.002, X: 0, Y: 0.01, SL: 0.01, HL: 0.01 } }, { backgroundTerms: 1 });
    expect(model.config.convergentBeam).toBe(true);
    model.calculate(new Float64Array(model.n));
    const before = model.peaks.map((pk) => pk.twoTheta);
    model.params.instrument.sampleY.value = 0.1;
    model.calculate(new Float64Array(model.n));
    model.peaks.forEach((pk, i) => expect(pk.twoTheta - before[i]).toBeCloseTo(sampleOffsetShiftDeg(before[i], 0, 0.1, R, true), 6));
  });

  it('applies no flat-specimen term in transmission, whatever a library caller sets', () => {
    const { model } = buildModel(grid(20, 100, 0.01), [SI], instrument, { backgroundTerms: 1 });
    const y0 = model.calculate(new Float64Array(model.n)).slice();
    const ins = model.params.instrument;
    ins.displacement.value = 0.2;
    ins.slit.value = 1;
    ins.transparency.value = 0.1;
    const y1 = model.calculate(new Float64Array(model.n));
    expect(Array.from(y1)).toEqual(Array.from(y0));
  });
});

describe('the geometry of a .brml scan', () => {
  const FIX = join(ROOT, 'test', 'fixtures', 'formats');

  it('a detector scan on a capillary stage (SRM 640d) is transmission, and the refinement takes it from the file', () => {
    const srm = readPatternFile(readFileSync(join(FIX, 'Si-Std_SRM640d_D8D_20-97_7_16hm.brml')), 'srm.brml').scans[0];
    expect(srm.meta.detectorScanSampleDeg).toBe(17);
    expect(srm.meta.geometry).toBe('transmission');
    const built = buildModel(srm, [SI], undefined, { backgroundTerms: 2, positionModel: 'displacement' });
    expect(built.model.config.geometry).toBe('transmission');
    expect(built.provenance.geometry).toBe('file');
    // its Johansson monochromator makes the beam converge on the detector circle
    expect(built.model.config.convergentBeam).toBe(true);
    // refined as reflection on request, with a warning that the scan is not a theta-2theta one
    const asFlat = buildModel(srm, [SI], undefined, { backgroundTerms: 2, geometry: 'reflection' });
    expect(asFlat.provenance.geometry).toBe('option');
    expect(asFlat.warnings.join(' ')).toMatch(/moved the detector alone \(specimen held at 17 deg\)/);
  });

  it('a calibration on a capillary standard refines its offsets with the zero and writes a transmission instrument', () => {
    const srm = readPatternFile(readFileSync(join(FIX, 'Si-Std_SRM640d_D8D_20-97_7_16hm.brml')), 'srm.brml').scans[0];
    const { instrument, refinement } = calibrateInstrument(srm, SI, { certifiedA: 5.43123, exclude: [[43, 45.3], [50.2, 52.5], [74, 75.8]], backgroundTerms: 6 });
    expect(instrument.geometry).toBe('transmission');
    // the offsets are the mounting's: refined, not written
    expect(refinement.result.sampleOffsets!.x.esd).toBeGreaterThan(0);
    expect(refinement.result.sampleOffsets!.y.esd).toBeGreaterThan(0);
    expect(instrument.sampleXMm).toBeUndefined();
    expect(instrument.profile?.slitDeg).toBe(0);
  }, 60_000);

  it('a refinement in transmission reports its geometry, offsets and mu r', () => {
    const srm = readPatternFile(readFileSync(join(FIX, 'Si-Std_SRM640d_D8D_20-97_7_16hm.brml')), 'srm.brml').scans[0];
    const out = refinePattern(srm, [SI], undefined, { range: [25, 60], exclude: [[43, 45.3], [50.2, 52.5]], backgroundTerms: 4, positionModel: 'both', capillaryMuR: 0.7 });
    const r = out.result;
    expect(r.instrument.geometry).toBe('transmission');
    expect(r.instrument.capillaryMuR).toBe(0.7);
    expect(r.sampleOffsets!.x.esd).toBeGreaterThan(0);
    const text = reportText(r, { pattern: 'srm.brml', phases: [{ name: 'Si', file: 'Si.cif' }] });
    expect(text).toMatch(/Geometry\s+transmission \(capillary\)\s+pattern file/);
    expect(text).toMatch(/Capillary μr \(transmission factor applied\)\s+0\.7\s+option or recipe/);
    expect(text).toMatch(/Specimen offset along the beam, x \(mm\)\s+-?\d/);
    expect(text).toMatch(/Specimen offset across the beam, y \(mm\)\s+-?\d/);
    expect(text).not.toMatch(/Specimen displacement/);
  }, 60_000);

  it('a coupled theta-2theta scan says nothing of the geometry (reflection by default)', () => {
    const p = readPatternFile(readFileSync(join(FIX, 'cheminfo_test.brml')), 'test.brml').scans[0];
    expect(p.meta.detectorScanSampleDeg).toBeUndefined();
    expect(p.meta.geometry).toBeUndefined();
  });
});

describe('a simulated capillary refines back', () => {
  it('to its offsets, cell and B, with its mu r', () => {
    const profile = { U: 0.002, V: -0.001, W: 0.0015, X: 0.01, Y: 0.005, SL: 0.01, HL: 0.01 };
    const truth = { geometry: 'transmission' as const, goniometerRadiusMm: R, wavelengths: [{ lambda: 1.54056, weight: 1 }], sampleXMm: 0.15, sampleYMm: -0.1, profile };
    const sim = simulatePattern([{ structure: SI, sizeNm: 200 }], { range: [20, 120, 0.01], instrument: truth, maxCounts: 50000, background: 100, capillaryMuR: 1.2 });
    expect(sim.pattern.meta.geometry).toBe('transmission');
    const start = { ...truth, sampleXMm: undefined, sampleYMm: undefined };
    const r = refinePattern(sim.pattern, [SI], start, { positionModel: 'displacement', capillaryMuR: 1.2, backgroundTerms: 3 }).result;
    expect(r.converged).toBe(true);
    expect(r.sampleOffsets!.x.value).toBeCloseTo(0.15, 3);
    expect(r.sampleOffsets!.y.value).toBeCloseTo(-0.1, 3);
    expect(r.phases[0].lattice.a.value).toBeCloseTo(SI.cell.a, 5);
    expect(r.phases[0].beq.value).toBeCloseTo(SI.sites[0].bIso, 2);
    // without the capillary's mu r the same pattern gives a B that is too low
    const plain = refinePattern(sim.pattern, [SI], start, { positionModel: 'displacement', backgroundTerms: 3 }).result;
    expect(plain.phases[0].beq.value).toBeLessThan(SI.sites[0].bIso - 0.2);
  }, 60_000);
});
