/**
 * `npm run validate`: the engine against data with known answers, written to docs/validation.md.
 * Synthetic patterns come from patterns/ (always present); measured patterns from ../shared/data/real when
 * that folder exists (their licences keep them out of the project). Prints the table as it goes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitPeak } from '../src/analysis/single-peak.js';
import { loadPattern, loadStructure } from '../src/index.js';
import type { InstrumentFile } from '../src/io/instrument.js';
import { formatEsd } from '../src/io/report/esd.js';
import { calibrateInstrument } from '../src/rietveld/calibrate.js';
import type { RefineOptions } from '../src/rietveld/options.js';
import { refinePattern } from '../src/rietveld/refine.js';
import { Matrix, QrDecomposition } from 'ml-matrix';

const ROOT = join(import.meta.dirname, '..');
const SHARED = join(ROOT, '..', 'shared', 'data');
const lines: string[] = [];
const say = (s = '') => {
  lines.push(s);
  console.log(s);
};
const f = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

say('# Validation');
say();
say(`Written by \`npm run validate\` on ${new Date().toISOString().slice(0, 10)} (${process.version}). Every number below is`);
say('computed by the engine against an answer it did not produce: patterns simulated by an independent code, or');
say('measured patterns with certified or weighed values.');
say();

// --- synthetic set ---------------------------------------------------------------------------------------
const truth = JSON.parse(readFileSync(join(ROOT, 'patterns', 'truth.json'), 'utf8'));
const structures = new Map<string, Awaited<ReturnType<typeof loadStructure>>>();
const structure = async (name: string) => {
  if (!structures.has(name)) structures.set(name, await loadStructure(join(ROOT, 'structures', `${name}.cif`)));
  return structures.get(name)!;
};
const GSAS2: Record<string, number> = { dev_SiCu: 4.36, dev_SiNi: 4.02, dev_SiFeAl: 4.04, dev_SiTi: 4.23, dev_SiAg: 5.41, dev_Si_nano: 3.36 };
const cal = calibrateInstrument(await loadPattern(join(ROOT, 'patterns', 'LaB6_standard.xye')), await structure('LaB6'), { certifiedA: 4.15689, divergenceSlitDeg: 0.5 });
const inst = cal.instrument;
say('## Synthetic patterns (patterns/, simulated by xrayutilities 1.7.4, fundamental parameters)');
say();
say(`Instrument calibrated on LaB6_standard.xye with a = 4.15689 A held and a 0.5 deg divergence slit: Rwp ${f(cal.refinement.result.statistics.rwp, 2)} %,`);
say(`U ${inst.profile!.U!.toExponential(3)}, V ${inst.profile!.V!.toExponential(3)}, W ${inst.profile!.W!.toExponential(3)} deg^2, X ${f(inst.profile!.X!)}, Y ${f(inst.profile!.Y!)} deg, S/L = H/L ${f(inst.profile!.SL!)}, zero ${f(inst.zeroDeg!)} deg.`);
say('Then every pattern refined with the default recipe (`xrd refine PATTERN --phase ... --instrument ...`).');
say();
say('| pattern | phase | wt% (truth) | a - a_true (A) | c - c_true (A) | LVol-IB nm (truth) | LVol-FWHM nm (truth) | Rwp % (GSAS-II) | ms |');
say('|---|---|---|---|---|---|---|---|---|');
for (const name of Object.keys(GSAS2)) {
  const t = truth[name];
  const phases = await Promise.all(Object.keys(t.phases).map(structure));
  const t0 = performance.now();
  const r = refinePattern(await loadPattern(join(ROOT, 'patterns', `${name}.xye`)), phases, inst).result;
  const ms = performance.now() - t0;
  r.phases.forEach((p, i) => {
    const tp = t.phases[p.name];
    say(`| ${i === 0 ? name : ''} | ${p.name} | ${formatEsd(p.weightPercent.value, p.weightPercent.esd)} (${tp.wt}) | ${(p.lattice.a.value - tp.a).toExponential(1)} | ${(p.lattice.c.value - tp.c).toExponential(1)} | ${f(p.size.lvolIB.value, 1)} (${tp.LVol_IB_nm}) | ${f(p.size.lvolFWHM.value, 1)} (${tp.LVol_FWHM_nm}) | ${i === 0 ? `${f(r.statistics.rwp, 2)} (${GSAS2[name]})` : ''} | ${i === 0 ? ms.toFixed(0) : ''} |`);
  });
}
say();
say('### Single-peak Si 111 (xrd size): raw as the source study, corrected with the instrument above');
say();
say('| pattern | raw LVol-FWHM nm | corrected LVol-FWHM nm | truth nm | corrected error |');
say('|---|---|---|---|---|');
for (const name of Object.keys(GSAS2)) {
  const r = fitPeak(await loadPattern(join(ROOT, 'patterns', `${name}.xye`)), { instrument: inst });
  const tv = truth[name].phases.Si.LVol_FWHM_nm;
  say(`| ${name} | ${formatEsd(r.raw.lvolFWHM.value, r.raw.lvolFWHM.esd)} | ${formatEsd(r.corrected.lvolFWHM.value, r.corrected.lvolFWHM.esd)} | ${tv} | ${(100 * (r.corrected.lvolFWHM.value / tv - 1)).toFixed(1)} % |`);
}
say();

// --- measured patterns ---------------------------------------------------------------------------------------
if (!existsSync(SHARED)) {
  say('## Measured patterns');
  say();
  say('../shared/data is not present on this machine: the measured patterns were not run.');
} else {
  say('## Measured patterns (../shared/data/real)');
  say();
  // Si SRM 640d
  const srm = join(SHARED, 'real', 'si-srm640d', 'Si-Std_SRM640d_D8D_20-97_7_16hm.brml');
  if (existsSync(srm)) {
    say('### Si NIST SRM 640d (Bruker D8, Johansson monochromator: Cu Ka1 only), certified a = 5.43123(8) A');
    say();
    const srmPattern = await loadPattern(srm);
    const held = srmPattern.meta.detectorScanSampleDeg;
    say(`**Geometry.** The file's scan is a detector scan: its axes leave out Theta, whose drive is held at ${held} deg, on a`);
    say('stage named CapillaryStage, spinning at 60 rpm; its primary radius (260 mm) is not its secondary one (217.5 mm),');
    say('as Bragg-Brentano focusing would need. A flat specimen held at 17 deg cannot give these lines: the 0.72 deg fan of');
    say('its 2 mm slit would defocus each line by 0.72 |1 - sin(2theta - 17)/sin 17| deg, 1.7 deg at 95 deg, where the');
    say('333 line is 0.07 deg wide. A capillary in transmission can (its width grows as sin theta, as the refined widths');
    say('do: W comes out below zero). The file is therefore refined in transmission (`xrd info` says so, and the');
    say('refinement takes the geometry from the file): the capillary\'s offsets from the axis along and across the beam');
    say('(sampleX, sampleY; src/profile/sample-offset.ts) move the lines, and a flat specimen\'s displacement, transparency');
    say('and divergence-slit aberration do not apply. The Johansson optic makes the beam converge on the detector circle.');
    say('No instrument file: the profile (U, V, W, X, axial S/L) refines with the cell; from the file come the Johansson');
    say('monochromator (Ka1 only, and its passband as the emission line: src/profile/passband.ts) and the primary Soller');
    say('(2.5 deg, composed with FCJ: src/profile/incident-axial.ts). Three peaks of a metal part in the beam (43-45.3,');
    say('50.2-52.5, 74-75.8 deg) are excluded.');
    say();
    say('| geometry: peak-shift terms | a (A) | a - certified (A) | Rwp % | zero (deg) |');
    say('|---|---|---|---|---|');
    const exclude: [number, number][] = [[43, 45.3], [50.2, 52.5], [74, 75.8]];
    type Variant = [string, RefineOptions['positionModel'], RefineOptions['geometry'], Record<string, { refine: boolean; value?: number }>];
    const atCertified = { 'Si.a': { refine: false, value: 5.43123 }, passbandMistune: { refine: false }, passbandShoulder: { refine: false } };
    const variants: Variant[] = [
      ['transmission: zero', 'zero', undefined, {}],
      ['transmission: offsets x, y (zero held at 0)', 'displacement', undefined, {}],
      ['transmission: zero and offset x (y held at 0)', 'both', undefined, { sampleY: { refine: false, value: 0 } }],
      ['transmission: zero and offsets x, y', 'both', undefined, {}],
      ['transmission: zero and offsets x, y; a held at the certified value', 'both', undefined, atCertified],
      ['reflection (as refined before the file\'s geometry was read): displacement and flat-specimen slit', 'displacement', 'reflection', {}],
      ['reflection: displacement and slit; a held at the certified value', 'displacement', 'reflection', atCertified],
    ];
    const fits: { da: number; esd: number; rwp: number; zero: number; beq: { value: number; esd: number } }[] = [];
    const outputs: ReturnType<typeof refinePattern>[] = [];
    for (const [label, pos, geometry, params] of variants) {
      const out = refinePattern(srmPattern, [await structure('Si')], undefined, { positionModel: pos, geometry, exclude, params, maxIterations: 150 });
      outputs.push(out);
      const r = out.result;
      const a = r.phases[0].lattice.a;
      fits.push({ da: a.value - 5.43123, esd: a.esd, rwp: r.statistics.rwp, zero: r.zero.value, beq: r.phases[0].beq });
      const cert = params['Si.a'] !== undefined;
      say(`| ${label} | ${cert ? '5.43123 (held)' : formatEsd(a.value, a.esd)} | ${cert ? '-' : (a.value - 5.43123).toExponential(2)} | ${f(r.statistics.rwp, 3)} | ${r.zero.esd > 0 ? formatEsd(r.zero.value, r.zero.esd) : f(r.zero.value, 3)} |`);
    }
    say();
    // where the shift sits: each reflection alone (+-0.7 deg) with the transmission profile (of the fit at the
    // certified cell above), the cell held at the certified value and only a local offset, the scale and a linear
    // background free
    const global = outputs[4];
    const g = global.result;
    const local: InstrumentFile = { wavelengths: g.instrument.wavelengths, goniometerRadiusMm: g.instrument.goniometerRadiusMm, geometry: 'transmission', profile: { ...g.instrument.profile } };
    const invSizeL = global.built.model.params.phases[0].invSizeL.value;
    const lambda = g.instrument.wavelengths[0].lambda;
    const rows: { tt: number; d: number; e: number; hkl: string }[] = [];
    for (const hkl of [[1, 1, 1], [2, 2, 0], [3, 1, 1], [4, 0, 0], [3, 3, 1], [4, 2, 2], [5, 1, 1]]) {
      const tt = (2 * Math.asin((lambda * Math.hypot(...hkl)) / (2 * 5.43123)) * 180) / Math.PI;
      const r = refinePattern(srmPattern, [await structure('Si')], local, {
        range: [tt - 0.7, tt + 0.7], positionModel: 'zero', backgroundTerms: 2, stages: [{ name: 'offset', groups: ['scale', 'background', 'zero'] }],
        params: { 'Si.a': { refine: false, value: 5.43123 }, 'Si.invSizeL': { refine: false, value: invSizeL }, bShared: { refine: false } },
      }).result;
      rows.push({ tt, d: r.zero.value, e: r.zero.esd, hkl: hkl.join('') });
    }
    say('Where the lines sit: each reflection fitted alone (+-0.7 deg) with the transmission profile above, the cell held at');
    say('the certified value and only a local offset free (with scale and a linear background):');
    say();
    say(`| hkl | ${rows.map((r) => r.hkl).join(' | ')} |`);
    say(`|---|${rows.map(() => '---').join('|')}|`);
    say(`| 2theta (deg) | ${rows.map((r) => r.tt.toFixed(2)).join(' | ')} |`);
    say(`| offset (deg) | ${rows.map((r) => formatEsd(r.d, r.e)).join(' | ')} |`);
    say();
    const tt = rows.map((r) => r.tt * (Math.PI / 180));
    const basis: Record<string, number[]> = {
      'constant (zero)': tt.map(() => 1), 'sin 2theta (x)': tt.map(Math.sin), '1 - cos 2theta (y)': tt.map((t) => 1 - Math.cos(t)),
      'tan theta (cell)': tt.map((t) => Math.tan(t / 2)), 'cos theta (a flat specimen\'s displacement)': tt.map((t) => Math.cos(t / 2)),
    };
    say('Weighted fits of these offsets; a cell change da moves a line by -(360/pi) tan theta da/a deg:');
    say();
    say('| terms | chi^2 (7 offsets) | a - certified (A) |');
    say('|---|---|---|');
    const lineFits: { chi2: number; da: number }[] = [];
    for (const terms of [
      ['constant (zero)', 'sin 2theta (x)', '1 - cos 2theta (y)'],
      ['constant (zero)', 'sin 2theta (x)', '1 - cos 2theta (y)', 'tan theta (cell)'],
      ['sin 2theta (x)', '1 - cos 2theta (y)', 'tan theta (cell)'],
      ['cos theta (a flat specimen\'s displacement)', 'tan theta (cell)'],
    ]) {
      const A = new Matrix(rows.map((r, i) => terms.map((k) => basis[k][i] / r.e)));
      const b = Matrix.columnVector(rows.map((r) => r.d / r.e));
      const x = new QrDecomposition(A).solve(b);
      const fit = A.mmul(x);
      let chi2 = 0;
      for (let i = 0; i < rows.length; i++) chi2 += (fit.get(i, 0) - b.get(i, 0)) ** 2;
      const kTan = terms.indexOf('tan theta (cell)');
      const da = kTan >= 0 ? -((x.get(kTan, 0) * Math.PI) / 360) * 5.43123 : 0;
      lineFits.push({ chi2, da });
      say(`| ${terms.join(' + ')} | ${chi2.toFixed(0)} | ${kTan >= 0 ? da.toExponential(1) : 'held at certified'} |`);
    }
    say();
    const [, offs, zx, zxy, zxyCert, flat, flatCert] = fits;
    const rms = Math.sqrt(lineFits[0].chi2 / rows.length) * (rows.reduce((t, r) => t + r.e, 0) / rows.length);
    say(`In transmission this file does not determine the cell to 2e-4 A. Over 28-95 deg a cell change (tan theta) is`);
    say('reproduced by a constant (zero), sin 2theta (x) and 1 - cos 2theta (y) to about 1 %, so line-position errors of a');
    say(`few 1e-4 deg move a by about 1e-3 A. At the certified cell the capillary's terms leave chi^2 = ${lineFits[0].chi2.toFixed(0)} over the 7 lines`);
    say(`(residuals of about ${rms.toExponential(0)} deg); a cell change takes it to ${lineFits[1].chi2.toFixed(0)} by moving a ${lineFits[1].da.toExponential(1)} A. The whole-pattern fits put a`);
    say(`${(-zx.da).toExponential(1)} A low with zero and x, ${zxy.da.toExponential(1)} A high with zero, x and y (esd ${zxy.esd.toExponential(1)} A), and ${offs.da.toExponential(1)} A high with the zero`);
    say(`held at 0 (an uncalibrated zero); holding a at the certified value costs Rwp ${f(zxy.rwp, 3)} -> ${f(zxyCert.rwp, 3)} % (zero ${f(zxyCert.zero, 4)} deg).`);
    say('What measures a in this geometry is a zero calibrated on the same instrument: a lab measures the standard with');
    say('its cell held (as `xrd instrument` does) and carries the zero to its samples. This file is that measurement, not');
    say('a test of it.');
    say();
    // the capillary's absorption on intensities: what Beq says about mu r
    const beqAt = async (muR: number) => refinePattern(srmPattern, [await structure('Si')], undefined, { positionModel: 'both', exclude, capillaryMuR: muR, maxIterations: 150 }).result.phases[0].beq;
    // without mu r: the zero-and-offsets fit above
    const [b0, b05, b1] = [zxy.beq, await beqAt(0.5), await beqAt(1)];
    say(`Intensities: without the capillary's absorption Beq refines to ${formatEsd(b0.value, b0.esd)} A^2, against Si's 0.46 A^2 at room temperature;`);
    say(`with its transmission factor (\`--capillary-mu-r\`) at mu r = 0.5 and 1, Beq is ${formatEsd(b05.value, b05.esd)} and ${formatEsd(b1.value, b1.esd)} A^2. Si's B`);
    say('corresponds to mu r of about 0.7, what a capillary of 0.2 mm packed with Si at half density gives (mu of Si');
    say('14.6/mm from the element data, x 0.5 x 0.1 mm = 0.73): the intensities agree with a capillary too. The cell does');
    say('not depend on it.');
    say();
    say(`Refined as a flat specimen in reflection, as before the file's geometry was read, a comes out ${(-flat.da).toExponential(1)} A low`);
    say(`(Rwp ${f(flat.rwp, 3)} %, with a divergence-slit aberration of 0.83 deg that a capillary does not have; at the certified`);
    say(`cell Rwp ${f(flatCert.rwp, 3)} %). The issue's criterion for this file (a within 2e-4 A of the certificate with displacement`);
    say('refined) assumed Bragg-Brentano; the reflection fit came near it with terms that stood in for the capillary\'s');
    say('offsets. We do not count the criterion as shown: in the file\'s own geometry the data cannot test a to 2e-4 A');
    say('without an independent zero.');
    say();
  }
  // QPA round robin
  const qpa = join(SHARED, 'real', 'qpa-round-robin');
  if (existsSync(qpa)) {
    const weighed = JSON.parse(readFileSync(join(qpa, 'weighed_fractions.json'), 'utf8')).samples;
    say('### IUCr CPD quantitative phase analysis round robin, samples 1a, 1b, 1c, 1g (weighed mass %)');
    say();
    say('Instrument as described for the CPD data: Cu Ka1/Ka2, diffracted-beam graphite monochromator (2theta_M 26.6 deg),');
    say('radius 173 mm; profile refined (no calibration file). Phases: structures/Al2O3.cif (corundum), ZnO.cif (zincite),');
    say('CaF2.cif (fluorite). GSAS-II is up to 1.9 wt% off on 1g.');
    say();
    say('| sample | corundum (weighed) | zincite (weighed) | fluorite (weighed) | largest error | Rwp % |');
    say('|---|---|---|---|---|---|');
    const cpdInst: InstrumentFile = { monochromatorTwoThetaDeg: 26.6, goniometerRadiusMm: 173, wavelengths: [{ lambda: 1.540593, weight: 1 }, { lambda: 1.544414, weight: 0.5 }] };
    for (const s of ['1a', '1b', '1c', '1g']) {
      const r = refinePattern(await loadPattern(join(qpa, 'xye_riet_serv', `CPD-${s.toUpperCase()}.xye`)), [await structure('Al2O3'), await structure('ZnO'), await structure('CaF2')], cpdInst).result;
      const w = weighed[`cpd-${s}`];
      const got = { corundum: r.phases[0].weightPercent, zincite: r.phases[1].weightPercent, fluorite: r.phases[2].weightPercent };
      const err = Math.max(...(['corundum', 'zincite', 'fluorite'] as const).map((k) => Math.abs(got[k].value - w[k])));
      say(`| ${s} | ${formatEsd(got.corundum.value, got.corundum.esd)} (${w.corundum}) | ${formatEsd(got.zincite.value, got.zincite.esd)} (${w.zincite}) | ${formatEsd(got.fluorite.value, got.fluorite.esd)} (${w.fluorite}) | ${err.toFixed(2)} | ${f(r.statistics.rwp, 2)} |`);
    }
    say();
  }
  // LaB6 real patterns: instrument, then residual size
  const lab6 = join(SHARED, 'real', 'lab6-gsas2-tutorial');
  if (existsSync(lab6)) {
    say('### LaB6 SRM 660 lab patterns (GSAS-II tutorial): instrument profile, then the residual LaB6 size');
    say();
    say('| file | calibration Rwp % | U, V, W (deg^2) | X, Y (deg) | S/L | residual LVol-IB with that instrument |');
    say('|---|---|---|---|---|---|');
    for (const file of ['LaB6_Jan2018.raw', 'NIST660CBI.gsas']) {
      const p = await loadPattern(join(lab6, file));
      const c = calibrateInstrument(p, await structure('LaB6'), { certifiedA: 4.15689 });
      const pr = c.instrument.profile!;
      const r = refinePattern(p, [await structure('LaB6')], c.instrument).result;
      const size = r.phases[0].size.lvolIB.value;
      say(`| ${file} | ${f(c.refinement.result.statistics.rwp, 2)} | ${pr.U!.toExponential(2)}, ${pr.V!.toExponential(2)}, ${pr.W!.toExponential(2)} | ${f(pr.X!)}, ${f(pr.Y!)} | ${f(pr.SL!)} | ${Number.isFinite(size) ? `${size.toExponential(2)} nm` : 'no size broadening left (infinite)'} |`);
    }
    say();
  }
}
writeFileSync(join(ROOT, 'docs', 'validation.md'), lines.join('\n') + '\n');
console.error('wrote docs/validation.md');
