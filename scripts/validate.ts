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
    say('No instrument file: the profile (U, V, W, X, axial S/L) refines with the cell. The pattern shows three peaks of');
    say('the sample holder (43-45.3, 50.2-52.5, 74-75.8 deg), which are excluded.');
    say();
    say('| peak-shift model | a (A) | a - certified (A) | Rwp % | GOF |');
    say('|---|---|---|---|---|');
    const variants: [string, 'displacement' | 'zero', Record<string, { refine: boolean; value?: number }>][] = [
      ['displacement', 'displacement', {}],
      ['zero', 'zero', {}],
      ['displacement, `--free slit=0.5` (flat-specimen shape)', 'displacement', { slit: { refine: true, value: 0.5 } }],
      ['displacement, `--free slit=0.5 --free transparency=0.1`', 'displacement', { slit: { refine: true, value: 0.5 }, transparency: { refine: true, value: 0.1 } }],
      ['displacement, `--free slit=0.5 --free Y --free P`', 'displacement', { slit: { refine: true, value: 0.5 }, Y: { refine: true }, P: { refine: true } }],
    ];
    const fits: { da: number; rwp: number; slit: number }[] = [];
    for (const [label, pos, params] of variants) {
      const r = refinePattern(await loadPattern(srm), [await structure('Si')], undefined, { positionModel: pos, exclude: [[43, 45.3], [50.2, 52.5], [74, 75.8]], params, maxIterations: 150 }).result;
      const a = r.phases[0].lattice.a;
      fits.push({ da: a.value - 5.43123, rwp: r.statistics.rwp, slit: r.instrument.profile.slitDeg ?? 0 });
      say(`| ${label} | ${formatEsd(a.value, a.esd)} | ${(a.value - 5.43123).toExponential(2)} | ${f(r.statistics.rwp, 2)} | ${f(r.statistics.gof, 2)} |`);
    }
    const low = (da: number) => `${(-da).toExponential(1)} A low`;
    say();
    say('The cell stays low. The flat-specimen aberration, now modelled as its eps^(-1/2) line shape rather than a shift');
    say(`and a Gaussian width, refines to a ${fits[2].slit.toFixed(2)} deg slit and brings a from ${low(fits[0].da)} to ${low(fits[2].da)} (Rwp ${f(fits[0].rwp, 2)} -> ${f(fits[2].rwp, 2)} %);`);
    say('with it the Caglioti W goes below zero, which the model allows (held at zero or above, the same fit ended');
    say('5.2e-4 A low with Rwp 2.69 %). The comparisons in the rest of this paragraph were made in scratch builds with W');
    say('held at zero or above; they are given for what each change did relative to that fit.');
    say('Transparency (the exponential line shape) refines to zero: the pattern shows peaks of the metal holder under the');
    say('specimen, so the layer is thin; holding 1/mu at the 0.11 mm of a thick Si powder makes a 1.1e-3 A low and Rwp');
    say('worse. The full axial model (Cheary & Coelho) in place of FCJ gives the same cell (5.6-6.0e-4 A low over plausible');
    say('D8 lengths and 2.5-4 deg Sollers), and a strip detector\'s defocusing (a symmetric cot theta broadening with the');
    say('LynxEye window) was tried and rejected by the data (Rwp worse; it refines to zero). Hoelzer\'s two-component');
    say('Cu Ka1 (Ka11 + Ka12, Phys. Rev. A 56 (1997) 4554) in place of one line raises a by 1.3-1.6e-4 A but fits');
    say('worse (Rwp 2.74 against 2.69 %), so it is not used. Four Berar-Baldinozzi asymmetry terms on top (tried in a');
    say('scratch build) fit the shapes better (Rwp 2.41 %) and leave the cell where it is (5.9e-4 A low). An effective');
    say('wavelength off the Ka1 peak (a bent-crystal monochromator passes a band set by its alignment) would act as a');
    say('tan theta term, which the offsets below reject. Only an unphysical negative penetration depth (a high-angle');
    say('tail) brings a to 1.3e-4 A low.');
    say();
    say('The Johansson monochromator\'s passband, as NIST models it (Mendenhall, Black & Cline, J. Appl. Cryst. 52 (2019),');
    say('doi:10.1107/S1600576719010951: Hoelzer\'s Cu Ka lines times a flat-topped window with arctan edges, both spread');
    say('in 2theta by the dispersion 2 tan theta + (b/R) tan theta_m), was tried in a scratch build with W free. The');
    say('residuals carry its signature (shoulders where the window cuts the line, Lorentzian tails trimmed on both');
    say('sides) and the window fits better (Rwp 2.57 -> 2.50 % at a window 1e-3 wide in dlambda/lambda), but where the');
    say('window sits (its mistune) moves the cell as a wavelength error does: centred on Ka11 a is 3.1e-4 A low, at');
    say('the best fit (centre 0.3 half-widths towards short wavelengths) 5.2e-4 A low. The pattern alone pins the');
    say('passband centre no better than that; a lab would calibrate it on another standard measured on the same');
    say('instrument, which the data set does not include (the SRM 1976b file is from a different D8 with Ka1 + Ka2).');
    say(`The SRM 640d criterion (within 2e-4 A) is not met: the closest physical model here is ${low(fits[2].da)}.`);
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
    say('The offsets fall off towards high angle faster than a displacement allows: at the certified cell, displacement');
    say('and a cot 2theta term (the form of an axial-divergence shift) describe them far better than displacement and a');
    say('cell change, and with both the cell comes out close to certified. So the profile is short of low-angle shift');
    say('of the axial kind at the strong low-angle lines (its size at 111 is in the table) beyond what the FCJ (or full axial)');
    say('shape that fits the line carries with it: the next thing to model is the axial function of this instrument');
    say('(LynxEye with 2.5 deg Sollers) as measured, rather than its FCJ or Cheary-Coelho idealisation. An incident-beam');
    say('axial divergence added to FCJ as an independent term (uniform within +-Delta, each ray shifted by');
    say('-(beta^2/2) cot 2theta; tried in a scratch build with W held at zero or above) carried part of it: Delta =');
    say('1.0 deg gave a 3.4e-4 A low (Rwp 2.61 %), and a larger Delta broadens the low-angle lines more than the data');
    say('allow.');
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
