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
    say('No instrument file: the profile (U, V, W, X, axial S/L) refines with the cell. From the file come the Johansson');
    say('monochromator (Ka1 only, and its passband as the emission line: the Cu Ka spectrum through a window whose width');
    say('and edges refine and whose centre is held on Ka11; src/profile/passband.ts) and the primary Soller (2.5 deg: the');
    say('incident beam\'s axial divergence, composed with FCJ; src/profile/incident-axial.ts). The pattern shows three');
    say('peaks of the sample holder (43-45.3, 50.2-52.5, 74-75.8 deg), which are excluded.');
    say();
    say('| peak-shift model | a (A) | a - certified (A) | Rwp % | GOF |');
    say('|---|---|---|---|---|');
    const variants: [string, 'displacement' | 'zero', Record<string, { refine: boolean; value?: number }>][] = [
      ['displacement, slit held at 0 (no flat-specimen term)', 'displacement', { slit: { refine: false, value: 0 } }],
      ['zero', 'zero', {}],
      ['displacement (the default: the flat-specimen slit refines)', 'displacement', {}],
      ['displacement, `--free transparency=0.1`', 'displacement', { transparency: { refine: true, value: 0.1 } }],
      ['displacement, `--free Y --free P`', 'displacement', { Y: { refine: true }, P: { refine: true } }],
      ['displacement, passband centre held at -0.145 half-widths (NIST\'s calibration of its own Johansson optic)', 'displacement', { passbandMistune: { refine: false, value: -0.145 } }],
      ['displacement, passband centre free', 'displacement', { passbandMistune: { refine: true } }],
    ];
    const fits: { da: number; rwp: number; slit: number; mistune: number }[] = [];
    for (const [label, pos, params] of variants) {
      const r = refinePattern(await loadPattern(srm), [await structure('Si')], undefined, { positionModel: pos, exclude: [[43, 45.3], [50.2, 52.5], [74, 75.8]], params, maxIterations: 150 }).result;
      const a = r.phases[0].lattice.a;
      fits.push({ da: a.value - 5.43123, rwp: r.statistics.rwp, slit: r.instrument.profile.slitDeg ?? 0, mistune: r.instrument.profile.passbandMistune ?? 0 });
      say(`| ${label} | ${formatEsd(a.value, a.esd)} | ${(a.value - 5.43123).toExponential(2)} | ${f(r.statistics.rwp, 2)} | ${f(r.statistics.gof, 2)} |`);
    }
    const low = (da: number) => `${(-da).toExponential(1)} A low`;
    say();
    const [plain, , slit, slitTr, , nist, free] = fits;
    const met = Math.abs(slit.da) <= 2e-4;
    say(`With the slit held at 0 a is ${low(plain.da)}; the flat-specimen shape of the divergence slit (refined by default`);
    say(`without an instrument file; here to ${slit.slit.toFixed(2)} deg, and the file's 2 mm slit 160 mm from the tube is 0.72 deg) brings it to ${low(slit.da)} (Rwp ${f(plain.rwp, 2)} -> ${f(slit.rwp, 2)} %),`);
    const margin = 2e-4 - Math.abs(slit.da);
    say(`and with transparency free as well ${low(slitTr.da)}. Against the SRM 640d criterion (within 2e-4 A) the`);
    say(`default displacement refinement is ${met ? `inside by ${margin.toExponential(1)} A` : `outside by ${(-margin).toExponential(1)} A`}: at the edge, and by less than the cell's systematic`);
    say(`uncertainty here, so we do not count it as shown. The fits above agree within ${Math.abs(slitTr.da - slit.da).toExponential(1)} A; with the passband's edge refined`);
    say('as well (it is now held at 0.2 half-widths except on a standard), equally good fits differed by up to 2.8e-5 A, and');
    say('taking the file\'s rounded 1.5406 A rather than the spectrum\'s own Ka11 (1.5405925 A) as the fiducial moved a by');
    say('3e-5 A. The passband\'s centre moves the cell as a wavelength error does, which is why it is held on Ka11 unless');
    say('the instrument file gives it: a lab calibrates it on a standard measured on the same instrument, and the data set has');
    say('none (its SRM 1976b file is from another D8, with Ka1 + Ka2). A calibration would not be expected to close the gap:');
    say(`held where NIST's calibration put its own Johansson optic (-0.145 half-widths, towards short wavelengths: the value`);
    say('in NIST\'s FP code, atan_windowed_FP_profile.py, M. H. Mendenhall 2019, and GSAS-II\'s FPA default) the fit is better');
    say(`(Rwp ${f(nist.rwp, 2)} %) and a is ${low(nist.da)}, and left free the centre goes the same way`);
    say(`(${nist.mistune === free.mistune ? '' : `${free.mistune.toFixed(2)} half-widths, `}Rwp ${f(free.rwp, 2)} %, a ${low(free.da)}). What keeps a about 2e-4 A low is`);
    say('then not the passband but something this model does not carry (in d, 4e-5 relative: 0.005 deg at 95 deg 2theta).');
    say();
    say('What brought a from 8.0e-4 A low (displacement, FCJ, one Lorentzian emission line, W held at zero or above) to');
    say('here: the flat-specimen aberration as its eps^(-1/2) line shape (5.2e-4), W free to go below zero (4.3e-4), the');
    say('incident-beam axial divergence of the primary Soller (2.8e-4; left free in a scratch grid of 2-5 deg, the data put');
    say('its best value at 2.0-2.5 deg, the quoted Soller being 2.5), the monochromator passband (2.0e-4). Tried and not kept');
    say('(most before W was freed): transparency (refines to zero: the holder shows under a thin layer; held at the 0.11 mm of thick Si it');
    say('makes a 1.1e-3 A low), the full axial model of Cheary & Coelho in place of FCJ (5.6-6.0e-4 A low over plausible');
    say('D8 lengths and Sollers, and no secondary Soller - as this file says - fits far worse: Rwp 8-12 %), the LynxEye\'s');
    say('strip defocusing (refines to zero), four Berar-Baldinozzi asymmetry terms (Rwp better, cell unchanged), a');
    say('Gaussian in place of the uniform equatorial fan of a slit (Rwp 2.64 against 2.69 %, a 1.2e-4 A further down), a');
    say('constant-angle tail of the source (Rwp no better, a lower), and zero with displacement (degenerate over this range:');
    say('with zero freed last it goes to -0.12 deg and a to 2.3e-3 A low at a slightly lower Rwp).');
    say();
    // where the shift sits: each reflection alone (+-0.7 deg) with the profile of the fit above, the cell held at
    // the certified value and only a local offset, the scale and a linear background free
    const global = refinePattern(await loadPattern(srm), [await structure('Si')], undefined, { positionModel: 'displacement', exclude: [[43, 45.3], [50.2, 52.5], [74, 75.8]], params: { slit: { refine: true, value: 0.5 } } });
    const g = global.result;
    const local: InstrumentFile = { wavelengths: g.instrument.wavelengths, goniometerRadiusMm: g.instrument.goniometerRadiusMm, profile: { ...g.instrument.profile } };
    const invSizeL = global.built.model.params.phases[0].invSizeL.value;
    const lambda = g.instrument.wavelengths[0].lambda;
    const rows: { tt: number; d: number; e: number; hkl: string }[] = [];
    for (const hkl of [[1, 1, 1], [2, 2, 0], [3, 1, 1], [4, 0, 0], [3, 3, 1], [4, 2, 2], [5, 1, 1]]) {
      const tt = (2 * Math.asin((lambda * Math.hypot(...hkl)) / (2 * 5.43123)) * 180) / Math.PI;
      const r = refinePattern(await loadPattern(srm), [await structure('Si')], local, {
        range: [tt - 0.7, tt + 0.7], positionModel: 'zero', backgroundTerms: 2, stages: [{ name: 'offset', groups: ['scale', 'background', 'zero'] }],
        params: { 'Si.a': { refine: false, value: 5.43123 }, 'Si.invSizeL': { refine: false, value: invSizeL }, bShared: { refine: false } },
      }).result;
      rows.push({ tt, d: r.zero.value, e: r.zero.esd, hkl: hkl.join('') });
    }
    say('Where the shift sits: each reflection fitted alone (+-0.7 deg) with the profile above, the cell held at the');
    say('certified value and only a local offset free (with scale and a linear background):');
    say();
    say(`| hkl | ${rows.map((r) => r.hkl).join(' | ')} |`);
    say(`|---|${rows.map(() => '---').join('|')}|`);
    say(`| 2theta (deg) | ${rows.map((r) => r.tt.toFixed(2)).join(' | ')} |`);
    say(`| offset (deg) | ${rows.map((r) => formatEsd(r.d, r.e)).join(' | ')} |`);
    say();
    const th = rows.map((r) => (r.tt / 2) * (Math.PI / 180));
    const basis: Record<string, number[]> = { 'cos theta (displacement)': th.map(Math.cos), 'tan theta (cell)': th.map(Math.tan), 'cot 2theta (axial)': th.map((t) => 1 / Math.tan(2 * t)), 'constant (zero)': th.map(() => 1) };
    say('Weighted fits of these offsets; a cell change da moves a line by -(360/pi) tan theta da/a deg:');
    say();
    say('| terms | chi^2 (7 offsets) | a - certified (A) |');
    say('|---|---|---|');
    for (const terms of [['cos theta (displacement)', 'tan theta (cell)'], ['cos theta (displacement)', 'constant (zero)'], ['cos theta (displacement)', 'cot 2theta (axial)'], ['cos theta (displacement)', 'cot 2theta (axial)', 'tan theta (cell)']]) {
      const A = new Matrix(rows.map((r, i) => terms.map((k) => basis[k][i] / r.e)));
      const b = Matrix.columnVector(rows.map((r) => r.d / r.e));
      const x = new QrDecomposition(A).solve(b);
      const fit = A.mmul(x);
      let chi2 = 0;
      for (let i = 0; i < rows.length; i++) chi2 += (fit.get(i, 0) - b.get(i, 0)) ** 2;
      const kTan = terms.indexOf('tan theta (cell)');
      const da = kTan >= 0 ? -((x.get(kTan, 0) * Math.PI) / 360) * 5.43123 : 0;
      say(`| ${terms.join(' + ')} | ${chi2.toFixed(0)} | ${kTan >= 0 ? da.toExponential(1) : 'held at certified'} |`);
    }
    say();
    say('Read against the table: at the certified cell, what the profile does not carry is a small shift falling off');
    say('towards high angle; displacement and a cell change describe it about as well as displacement and a cot 2theta');
    say('(axial-type) term, so the offsets leave the cell within a few 1e-4 A either way. Before the incident-beam divergence');
    say('and the passband were modelled the same analysis put 0.01 deg of axial-type shift at 111 and clearly preferred the');
    say('cot 2theta term.');
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
