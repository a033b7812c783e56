/**
 * The calculated pattern as a function of the parameters (SPEC.md section 2):
 * y(2theta_i) = bkg_i + sum_phases S sum_k sum_lines w_l m_k |F_k|^2 exp(-2 B s^2) LP(theta_kl) Phi(2theta_i - 2theta_kl),
 * Phi a TCH pseudo-Voigt convolved with the axial-divergence (FCJ) distribution, shifted by zero, specimen
 * displacement and the flat-specimen aberration (reflection) or the specimen's offsets from the axis (transmission). Each peak's Gaussian core is evaluated over a window of
 * +-6 FWHM beyond its asymmetry; its Lorentzian tails are evaluated over the whole pattern, so that no
 * intensity is lost to the window.
 *
 * `calculate` returns the pattern; `jacobian` also fills one column per refined parameter with the analytic
 * derivative (numeric central differences for the axial and slit terms, which are calibrated, not routine).
 */
import { reciprocalMetric } from '../crystal/cell.js';
import { structureFactorSquared } from '../crystal/structure-factor.js';
import type { Wavelength } from '../io/pattern.js';
import { cylinderTransmissionAt } from '../physics/cylinder-absorption.js';
import { lorentzPolarization } from '../physics/lorentz-polarization.js';
import { axialNodes, axialOrder, axialShiftDeg, type AxialNodes } from '../profile/axial-divergence.js';
import { fullAxialNodes, type AxialGeometry } from '../profile/full-axial.js';
import { chebyshevBasis } from '../profile/chebyshev.js';
import { convolveNodes } from '../profile/compose-nodes.js';
import { incidentAxial } from '../profile/incident-axial.js';
import { passbandLine, passbandNodes, type Passband } from '../profile/passband.js';
import { flatSpecimenGaussFwhm2, flatSpecimenNodes, flatSpecimenShiftDeg } from '../profile/flat-specimen.js';
import { tchCombine, type TchWidths } from '../profile/tch.js';
import { sampleOffsetSlopes } from '../profile/sample-offset.js';
import { transparencyNodes, transparencyShiftDeg } from '../profile/transparency.js';
import { RefinementError } from '../errors.js';
import { listParams, type ModelParams, type ParamEntry } from './parameters.js';
import { placePeak, type PeakTerms } from './place-peak.js';
import type { PhaseSetup } from './phase-setup.js';

const DEG = Math.PI / 180;
const RAD2DEG = 180 / Math.PI;
/**
 * grid of composed asymmetry nodes: this many steps per FWHM of the line (before the correction below) when the
 * step is set. Each composition's quadratic assignment adds a variance of step^2 / 4, which the model takes back
 * from the Gaussian width.
 */
const NODE_STEPS_PER_FWHM = 6;
/** held shapes spread over less than this fraction of a line's FWHM enter as Gaussian variance only */
const COMPOSE_MIN_SPREAD = 0.05;
/** smallest Gaussian FWHM^2 (deg^2) the model lets a peak have: a FWHM of 0.001 deg */
const G2_FLOOR = 1e-6;
/** smallest Lorentzian FWHM (deg) the model lets a peak have (below it, the TCH mixing is a Gaussian to 1e-3) */
const L_FLOOR = 1e-5;

export interface InstrumentConfig {
  wavelengths: Wavelength[];
  /** null: no monochromator */
  monochromatorTwoThetaDeg: number | null;
  goniometerRadiusMm: number;
  /** the full axial model's geometry; when given it replaces the Finger-Cox-Jephcoat S/L, H/L description */
  axialGeometry?: AxialGeometry;
  /** axial divergence with one parameter: H/L held equal to S/L (as GSAS-II's SH/L); S/L and H/L alone are fully correlated near S = H */
  axialTied?: boolean;
  /**
   * the primary Soller, deg as quoted: with the FCJ description (no axialGeometry, which holds it already), the
   * incident beam's axial divergence it lets through is composed with the line (src/profile/incident-axial.ts)
   */
  incidentSollerDeg?: number;
  /**
   * an incident-beam Johansson monochromator's passband shapes the emission line (src/profile/passband.ts; its
   * width, shoulder and mistune are parameters); dispersionConst is its term (b / R) tan theta_M of the
   * dispersion. The config then holds one line, the K-alpha1 fiducial
   */
  passband?: { dispersionConst: number };
  /**
   * 'reflection' (default): a flat specimen in Bragg-Brentano geometry, whose lines move with its displacement,
   * transparency and the flat-specimen aberration; 'transmission': a capillary (Debye-Scherrer), whose lines move
   * with its offsets from the axis (sampleX, sampleY; src/profile/sample-offset.ts). The parameters of the other
   * geometry are held at zero (src/rietveld/build.ts)
   */
  geometry?: 'reflection' | 'transmission';
  /** transmission: the incident beam converges on the detector circle (a focusing monochromator), else parallel */
  convergentBeam?: boolean;
  /** transmission: the capillary's mu r, for its transmission factor on intensities (src/physics/cylinder-absorption.ts) */
  capillaryMuR?: number;
}

/** One peak as placed by the last calculation (for tick marks, R_Bragg, reports). */
export interface PeakInfo {
  phase: number;
  reflection: number;
  line: number;
  /** position including zero, displacement and flat-specimen shift (deg) */
  twoTheta: number;
  fwhm: number;
  eta: number;
  /** integrated intensity (counts x deg) */
  intensity: number;
}


export class PatternModel {
  readonly twoTheta: Float64Array;
  /** a quarter of the mean sampling step, deg: no composition grid is finer */
  private readonly minGridStep: number;
  readonly n: number;
  readonly phases: PhaseSetup[];
  readonly config: InstrumentConfig;
  readonly params: ModelParams;
  readonly entries: ParamEntry[];
  readonly bkgBasis: Float64Array[];
  peaks: PeakInfo[] = [];
  private readonly buf = new Float64Array(4);
  private readonly tch = {} as TchWidths;
  private terms: PeakTerms[] = [];
  /**
   * Axial quadrature order per peak, kept from one evaluation to the next (raised, never lowered, with a
   * margin) so that the calculated pattern is a smooth function of the parameters during a refinement.
   */
  private readonly axialOrders = new Map<number, number>();
  /** grid step per peak (deg), set at the widths of its first evaluation after resetGrid() */
  private readonly gridSteps = new Map<number, number>();
  private readonly fullAxialCache = new Map<number, { tt: number; fwhm: number; nodes: AxialNodes }>();

  constructor(twoTheta: Float64Array, phases: PhaseSetup[], config: InstrumentConfig, params: ModelParams) {
    this.twoTheta = twoTheta;
    const n = twoTheta.length;
    this.minGridStep = n > 1 ? (twoTheta[n - 1] - twoTheta[0]) / (n - 1) / 4 : 0;
    this.n = n;
    this.phases = phases;
    this.config = config;
    this.params = params;
    this.entries = listParams(
      params,
      phases.map((p) => p.name),
      phases.map((p) => p.cellParam.names),
    );
    this.bkgBasis = chebyshevBasis(twoTheta, params.background.length);
  }

  /** Entries with refine = true, in vector order. */
  refined(): ParamEntry[] {
    return this.entries.filter((e) => e.p.refine);
  }

  /** The pattern at the current parameter values; optionally each phase's contribution (no background). */
  calculate(out: Float64Array = new Float64Array(this.n), perPhase?: Float64Array[]): Float64Array {
    this.run(out, null, perPhase);
    return out;
  }

  /** The background alone. */
  background(out: Float64Array = new Float64Array(this.n)): Float64Array {
    out.fill(0);
    this.params.background.forEach((b, t) => {
      const basis = this.bkgBasis[t];
      for (let i = 0; i < this.n; i++) out[i] += b.value * basis[i];
    });
    return out;
  }

  /**
   * Pattern and the column-major Jacobian jac[j * n + i] for the given entries (default: those with
   * refine = true), in that order; jac (length n P) is overwritten.
   */
  jacobian(out: Float64Array, jac: Float64Array, refined: ParamEntry[] = this.refined()): void {
    jac.fill(0);
    const P = refined.length;
    const colOf = new Map<ParamEntry, number>();
    refined.forEach((e, j) => colOf.set(e, j));
    this.run(out, { colOf, jac, P }, undefined);
    // numeric derivatives for the axial-divergence and slit parameters
    const numeric = refined.filter((e) => e.ref.kind === 'instrument' && ['SL', 'HL', 'slit', 'soller', 'transparency', 'passbandWidth', 'passbandShoulder', 'passbandMistune'].includes(e.ref.key));
    if (numeric.length) {
      const plus = new Float64Array(this.n);
      const minus = new Float64Array(this.n);
      for (const e of numeric) {
        const v = e.p.value;
        const h = Math.max(Math.abs(v) * 1e-4, 1e-7);
        e.p.value = v + h;
        this.run(plus, null, undefined);
        e.p.value = v - h;
        this.run(minus, null, undefined);
        e.p.value = v;
        const j = colOf.get(e)!;
        for (let i = 0; i < this.n; i++) jac[j * this.n + i] = (plus[i] - minus[i]) / (2 * h);
      }
    }
  }

  private run(out: Float64Array, jac: { colOf: Map<ParamEntry, number>; jac: Float64Array; P: number } | null, perPhase?: Float64Array[]): void {
    this.background(out);
    if (jac) {
      this.entries.forEach((e) => {
        if (e.ref.kind !== 'background' || !jac.colOf.has(e)) return;
        const j = jac.colOf.get(e)!;
        const basis = this.bkgBasis[e.ref.index];
        jac.jac.set(basis, j * this.n);
      });
    }
    this.peaks = [];
    this.terms = [];
    const entryIndex = (ref: (e: ParamEntry) => boolean) => {
      if (!jac) return -1;
      const e = this.entries.find(ref);
      return e && jac.colOf.has(e) ? jac.colOf.get(e)! : -1;
    };
    const ins = this.params.instrument;
    const colZero = entryIndex((e) => e.ref.kind === 'instrument' && e.ref.key === 'zero');
    const colDisp = entryIndex((e) => e.ref.kind === 'instrument' && e.ref.key === 'displacement');
    const colSampleX = entryIndex((e) => e.ref.kind === 'instrument' && e.ref.key === 'sampleX');
    const colSampleY = entryIndex((e) => e.ref.kind === 'instrument' && e.ref.key === 'sampleY');
    const transmission = this.config.geometry === 'transmission';
    const colTransp = entryIndex((e) => e.ref.kind === 'instrument' && e.ref.key === 'transparency');
    const colIns: Record<string, number> = {};
    for (const k of ['U', 'V', 'W', 'P', 'X', 'Y'] as const) colIns[k] = entryIndex((e) => e.ref.kind === 'instrument' && e.ref.key === k);
    const radius = this.config.goniometerRadiusMm;
    const incidentSoller = this.incidentSollerDeg();
    const passband = this.passband();
    const compositions = (this.slitComposed() ? 1 : 0) + (this.transparencyComposed() ? 1 : 0) + (incidentSoller > 0 ? 1 : 0) + (passband ? 1 : 0);
    const mono = this.config.monochromatorTwoThetaDeg;
    // Lorentz-polarization, times a capillary's transmission factor when its mu r is given
    const muR = this.config.capillaryMuR;
    const lpFactor = (tth: number) => lorentzPolarization(tth, mono) * (muR ? cylinderTransmissionAt(tth, muR) : 1);
    const t0 = this.twoTheta[0];
    const t1 = this.twoTheta[this.n - 1];

    for (let pi = 0; pi < this.phases.length; pi++) {
      const ph = this.phases[pi];
      const pp = this.params.phases[pi];
      const phaseOut = perPhase ? perPhase[pi] : null;
      if (phaseOut) phaseOut.fill(0);
      const cellValues = pp.cell.map((c) => c.value);
      const A = reciprocalMetric(ph.cellParam.toCell(cellValues));
      // dA/dp for each free cell parameter, by central differences of the (smooth) metric
      const colCell = pp.cell.map((_, ci) => entryIndex((e) => e.ref.kind === 'cell' && e.ref.phase === pi && e.ref.index === ci));
      const dA = pp.cell.map((c, ci) => {
        if (colCell[ci] < 0) return null;
        const h = 1e-6 * Math.max(1, Math.abs(c.value));
        const vp = cellValues.slice();
        const vm = cellValues.slice();
        vp[ci] += h;
        vm[ci] -= h;
        const Ap = reciprocalMetric(ph.cellParam.toCell(vp));
        const Am = reciprocalMetric(ph.cellParam.toCell(vm));
        return Ap.map((v, i) => (v - Am[i]) / (2 * h));
      });
      const colPh: Record<string, number> = {};
      for (const k of ['scale', 'bOverall', 'invSizeL', 'invSizeG', 'strainL', 'strainG'] as const) {
        colPh[k] = entryIndex((e) => e.ref.kind === 'phase' && e.ref.phase === pi && e.ref.key === k);
      }
      const scale = pp.scale.value;
      const bOv = pp.bOverall.value + ins.bShared.value;
      const colBShared = entryIndex((e) => e.ref.kind === 'instrument' && e.ref.key === 'bShared');

      for (let ri = 0; ri < ph.reflections.length; ri++) {
        const refl = ph.reflections[ri];
        const q = refl.q;
        const Q = A[0] * q[0] + A[1] * q[1] + A[2] * q[2] + A[3] * q[3] + A[4] * q[4] + A[5] * q[5];
        const s2 = Q / 4;
        let mF2 = 0;
        for (const part of refl.parts) mF2 += part.multiplicity * structureFactorSquared(ph.atoms, part.hkl, s2);
        const dw = Math.exp(-2 * bOv * s2);
        const sqrtQ = Math.sqrt(Q);
        for (let li = 0; li < this.config.wavelengths.length; li++) {
          const wl = this.config.wavelengths[li];
          const sinTh = (wl.lambda * sqrtQ) / 2;
          if (!(sinTh < 1)) continue;
          const th = Math.asin(sinTh);
          const tthB = (2 * th) / DEG;
          const cosTh = Math.cos(th);
          const tanTh = sinTh / cosTh;
          const lp = lpFactor(tthB);
          const base = wl.weight * mF2 * dw * lp;
          const I = scale * base;
          const sin2Th = 2 * sinTh * cosTh;
          // the mean shifts of the transparency (as its magnitude: the exponential's scale), the flat specimen, the
          // incident-beam divergence and the passed emission line, deg
          // (a flat specimen's terms in reflection only; a capillary's offsets in transmission only)
          const transparencyDeg = transmission ? 0 : RAD2DEG * sin2Th * (ins.transparency.value / (2 * radius));
          const flatDeg = transmission ? 0 : flatSpecimenShiftDeg(tthB, ins.slit.value);
          const displacementDeg = transmission ? 0 : (360 / Math.PI) * (ins.displacement.value / radius) * cosTh;
          const incident = incidentSoller > 0 ? incidentAxial(tthB, incidentSoller) : undefined;
          const incidentDeg = incident?.meanDeg ?? 0;
          const emission = passband ? passbandLine(tthB, passband, this.config.passband!.dispersionConst) : undefined;
          const offset = transmission ? sampleOffsetSlopes(tthB, radius, !!this.config.convergentBeam) : undefined;
          const offsetDeg = offset ? offset.dx * ins.sampleX.value + offset.dy * ins.sampleY.value : 0;
          const c = tthB + ins.zero.value - displacementDeg - transparencyDeg + flatDeg + offsetDeg + incidentDeg + (emission?.meanDeg ?? 0);
          // widths
          const kSize = (RAD2DEG * wl.lambda) / (10 * cosTh); // deg per (1/nm)
          const kStrain = RAD2DEG * tanTh; // deg per unit strain
          const gSize = kSize * pp.invSizeG.value;
          const gStrain = kStrain * pp.strainG.value;
          let g2 =
            ins.U.value * tanTh * tanTh + ins.V.value * tanTh + ins.W.value + ins.P.value / (cosTh * cosTh) +
            gSize * gSize + gStrain * gStrain;
          const lRaw = ins.X.value * tanTh + ins.Y.value / cosTh + kSize * pp.invSizeL.value + kStrain * pp.strainL.value;
          const key = (pi * 100000 + ri) * this.config.wavelengths.length + li;
          // composing a shape (flat specimen, transparency, incident divergence, passband) gathers the line onto a
          // grid, which adds a variance of step^2 / 4 per composition (quadratic assignment): that much Gaussian
          // variance is taken back here
          let gridStep: number | undefined;
          let g2Factor = 1; // d(g2 used) / d(g2)
          if (compositions > 0) {
            // the composed shapes' spread: the flat-specimen and incident ranges, the transparency decay length and
            // the passed line's width, deg
            const spread = Math.max(Math.abs(3 * flatDeg), Math.abs(transparencyDeg), Math.abs(3 * incidentDeg), 3 * Math.sqrt(emission?.varianceDeg2 ?? 0));
            gridStep = this.gridStep(key, g2, lRaw, spread, compositions);
            if (gridStep > 0) {
              // a nearly Lorentzian line gives at most half its Gaussian variance (then g2 scales by a half)
              const taken = gridFwhm2(compositions, gridStep);
              if (taken <= 0.5 * g2) g2 -= taken;
              else (g2 *= 0.5), (g2Factor = 0.5);
            }
            else g2 += (transmission ? 0 : flatSpecimenGaussFwhm2(tthB, ins.slit.value)) + 8 * Math.LN2 * (transparencyDeg * transparencyDeg + (incident?.varianceDeg2 ?? 0) + (emission?.varianceDeg2 ?? 0));
          }
          // the Gaussian FWHM^2 is kept positive smoothly (value and slope continuous at G2_FLOOR), so that a
          // refinement that pushes U, V, W too far still sees a gradient leading back
          const g2Slope = g2 > G2_FLOOR ? 1 : Math.exp(Math.max(g2 / G2_FLOOR - 1, -30));
          const g2Eff = g2 > G2_FLOOR ? g2 : G2_FLOOR * g2Slope;
          const gw = Math.sqrt(g2Eff);
          // the Lorentzian FWHM too is kept positive smoothly (a floor of L_FLOOR deg, value and slope continuous)
          const lSlope = lRaw > L_FLOOR ? 1 : Math.exp(Math.max(lRaw / L_FLOOR - 1, -30));
          const lw = lRaw > L_FLOOR ? lRaw : L_FLOOR * lSlope;
          const w = tchCombine(gw, lw, this.tch);
          const terms: PeakTerms = { c, I, fwhm: w.fwhm, eta: w.eta, gridStep, cols: [], colOffset: [], dI: [], dc: [], dW: [], dE: [] };
          if (jac) {
            const n = this.n;
            const add = (col: number, dI: number, dc: number, dG: number, dL: number) => addTerm(terms, w, n, col, dI, dc, dG, dL);
            const dGd = (dg2: number) => (g2Slope * g2Factor * dg2) / (2 * gw);
            add(colPh.scale, base, 0, 0, 0);
            add(colPh.bOverall, -2 * s2 * I, 0, 0, 0);
            add(colBShared, -2 * s2 * I, 0, 0, 0);
            add(colZero, 0, 1, 0, 0);
            if (offset) {
              add(colSampleX, 0, offset.dx, 0, 0);
              add(colSampleY, 0, offset.dy, 0, 0);
            } else {
              add(colDisp, 0, -(360 / Math.PI) * (cosTh / radius), 0, 0);
              add(colTransp, 0, -RAD2DEG * sin2Th / (2 * radius), 0, 0);
            }
            const d2thdQ = (RAD2DEG * wl.lambda) / (2 * sqrtQ * cosTh);
            // a cell change moves the peak and, through s and theta, changes |F|^2, the Debye-Waller factor and LP
            let dlnIdQ = 0;
            if (dA.some((d) => d)) {
              const hq = Q * 1e-6;
              let up = 0;
              let down = 0;
              for (const part of refl.parts) {
                up += part.multiplicity * structureFactorSquared(ph.atoms, part.hkl, (Q + hq) / 4);
                down += part.multiplicity * structureFactorSquared(ph.atoms, part.hkl, (Q - hq) / 4);
              }
              const dLp = (lpFactor(tthB + d2thdQ * hq) - lpFactor(tthB - d2thdQ * hq)) / (2 * hq);
              dlnIdQ = (mF2 > 0 ? (up - down) / (2 * hq) / mF2 : 0) - bOv / 2 + dLp / lp;
            }
            for (let ci = 0; ci < pp.cell.length; ci++) {
              const d = dA[ci];
              if (!d) continue;
              const dQ = d[0] * q[0] + d[1] * q[1] + d[2] * q[2] + d[3] * q[3] + d[4] * q[4] + d[5] * q[5];
              add(colCell[ci], I * dlnIdQ * dQ, d2thdQ * dQ, 0, 0);
            }
            add(colIns.U, 0, 0, dGd(tanTh * tanTh), 0);
            add(colIns.V, 0, 0, dGd(tanTh), 0);
            add(colIns.W, 0, 0, dGd(1), 0);
            add(colIns.P, 0, 0, dGd(1 / (cosTh * cosTh)), 0);
            add(colIns.X, 0, 0, 0, lSlope * tanTh);
            add(colIns.Y, 0, 0, 0, lSlope / cosTh);
            add(colPh.invSizeG, 0, 0, dGd(2 * kSize * gSize), 0);
            add(colPh.strainG, 0, 0, dGd(2 * kStrain * gStrain), 0);
            add(colPh.invSizeL, 0, 0, 0, lSlope * kSize);
            add(colPh.strainL, 0, 0, 0, lSlope * kStrain);
          }
          // skip peaks whose tails cannot reach the range in any measurable amount
          if (c < t0 - 20 || c > t1 + 20) continue;
          terms.key = key;
          this.placePeak(terms, ins.SL.value, this.config.axialTied ? ins.SL.value : ins.HL.value, out, phaseOut, jac ? jac.jac : null);
          if (!jac) this.terms.push(terms);
          this.peaks.push({ phase: pi, reflection: ri, line: li, twoTheta: c, fwhm: w.fwhm, eta: w.eta, intensity: I });
        }
      }
    }
  }

  /**
   * R_Bragg per phase (percent) after Rietveld's partition of the observed net counts among the peaks:
   * I_obs,k = sum_i I_calc,k(i) (yo_i - bkg_i) / (yc_i - bkg_i); R_Bragg = sum |I_obs - I_calc| / sum I_obs,
   * over reflections (both emission lines together). Call after calculate().
   */
  rBragg(yo: ArrayLike<number>, yc: ArrayLike<number>, bkg: ArrayLike<number>, w: ArrayLike<number>): number[] {
    const rows = this.reflectionIntensities(yo, yc, bkg, w);
    return this.phases.map((_, p) => {
      let num = 0;
      let den = 0;
      for (const r of rows) {
        if (r.phase !== p) continue;
        num += Math.abs(r.obs - r.calc);
        den += Math.abs(r.obs);
      }
      return den > 0 ? (100 * num) / den : NaN;
    });
  }

  /**
   * Calculated and observed (Rietveld-partitioned) intensity of every reflection in the range, all emission
   * lines together, in counts summed over the points (call after calculate()).
   */
  reflectionIntensities(yo: ArrayLike<number>, yc: ArrayLike<number>, bkg: ArrayLike<number>, w: ArrayLike<number>) {
    const scratch = new Float64Array(this.n);
    const byReflection = new Map<string, { phase: number; reflection: number; twoTheta: number; calc: number; obs: number }>();
    const ins = this.params.instrument;
    this.terms.forEach((t, k) => {
      const info = this.peaks[k];
      scratch.fill(0);
      this.placePeak(t, ins.SL.value, this.config.axialTied ? ins.SL.value : ins.HL.value, scratch, null, null);
      let calc = 0;
      let obs = 0;
      for (let i = 0; i < this.n; i++) {
        if (!(w[i] > 0) || scratch[i] === 0) continue;
        const net = yc[i] - bkg[i];
        calc += scratch[i];
        if (net > 0) obs += (scratch[i] * (yo[i] - bkg[i])) / net;
      }
      const key = `${info.phase}:${info.reflection}`;
      const r = byReflection.get(key) ?? { phase: info.phase, reflection: info.reflection, twoTheta: info.twoTheta, calc: 0, obs: 0 };
      r.calc += calc;
      r.obs += obs;
      byReflection.set(key, r);
    });
    return [...byReflection.values()];
  }

  /** Full-axial-model nodes of a peak, kept while its position and width stay put (the geometry is fixed). */
  private fullAxial(key: number | undefined, tt: number, fwhm: number): AxialNodes {
    const hit = key !== undefined ? this.fullAxialCache.get(key) : undefined;
    if (hit && Math.abs(hit.tt - tt) < 0.002 && Math.abs(hit.fwhm / fwhm - 1) < 0.05) return hit.nodes;
    const nodes = fullAxialNodes(tt, this.config.axialGeometry!, fwhm);
    if (key !== undefined) this.fullAxialCache.set(key, { tt, fwhm, nodes });
    return nodes;
  }

  /** Throws when the calculated pattern holds a non-finite value (names the first such angle). */
  static assertFinite(y: Float64Array, twoTheta: Float64Array): void {
    for (let i = 0; i < y.length; i++) {
      if (!Number.isFinite(y[i])) throw new RefinementError(`the calculated pattern is not finite at 2theta = ${twoTheta[i]} deg`);
    }
  }

  /**
   * Forgets the grid steps of composed line shapes: each peak's step is then set from its width at its next
   * evaluation and held, so that the pattern stays one function of the parameters (its analytic width
   * derivatives exact, its minimum independent of the path to it). A refinement calls this once, with its
   * starting widths in place; a step is set again only if its line narrows below three steps.
   */
  resetGrid(): void {
    this.gridSteps.clear();
  }

  /**
   * The grid step of a peak's composed shapes, deg; 0 when the shapes are held fixed and spread over less than
   * COMPOSE_MIN_SPREAD of the line (a broad line): then they enter as their variance in the Gaussian width, which
   * is all of them that such a line shows, at a fraction of the cost.
   */
  private gridStep(key: number, g2: number, lRaw: number, spreadDeg: number, compositions: number): number {
    const w = tchCombine(Math.sqrt(Math.max(g2, G2_FLOOR)), Math.max(lRaw, L_FLOOR), this.tch);
    const fwhm = w.fwhm;
    const held = this.gridSteps.get(key);
    // a held step stands while it is below a third of the line and takes at most half its Gaussian variance, and
    // is set again when the line has grown to 96 steps (a refinement's trial step that made the line momentarily
    // narrow would otherwise leave a needlessly fine grid, and the cost with it)
    if (held === 0 || (held !== undefined && 3 * held < fwhm && 96 * held > fwhm && gridFwhm2(compositions, held) <= 0.5 * g2)) return held;
    const ins = this.params.instrument;
    // a refined shape, and the passband (its width and edges would otherwise enter only through a variance that
    // the Gaussian terms duplicate), are always composed
    if (held === undefined && !ins.slit.refine && !ins.transparency.refine && !this.config.passband && spreadDeg < COMPOSE_MIN_SPREAD * fwhm) {
      this.gridSteps.set(key, 0);
      return 0;
    }
    // the grid's variance is taken back from the Gaussian width; a line with little Gaussian width to take it
    // from (eta near 1) gets a finer grid: at eta = 1 the Lorentzian peak is lowered by 0.7 % instead of 3 %
    // and no more than a quarter of the Gaussian variance is taken (a Lorentzian-dominated line keeps its
    // Gaussian width and its gradient), down to FWHM / 48
    // ... and no finer than a quarter of the pattern's own (mean) sampling, which could not show the difference
    // (the floor yields to a sixth of the line, so a coarsely sampled pattern keeps lines of a few steps)
    const step = Math.min(fwhm / NODE_STEPS_PER_FWHM, Math.max(fwhm / 48, this.minGridStep, Math.min(fwhm / (NODE_STEPS_PER_FWHM + 6 * w.eta), Math.sqrt((0.25 * Math.max(g2, 0)) / gridFwhm2(compositions, 1)))));
    this.gridSteps.set(key, step);
    return step;
  }

  /**
   * A refined shape is composed even at zero, so that the pattern does not change its make-up as the parameter
   * leaves zero.
   */
  private slitComposed(): boolean {
    const s = this.params.instrument.slit;
    return this.config.geometry !== 'transmission' && (s.value > 0 || s.refine);
  }

  /** The monochromator passband's current parameters (undefined: no passband in this model). */
  private passband(): Passband | undefined {
    if (!this.config.passband) return undefined;
    const ins = this.params.instrument;
    return { width: ins.passbandWidth.value, shoulder: ins.passbandShoulder.value, mistune: ins.passbandMistune.value };
  }

  /** The primary Soller composed with FCJ (0: none; the full axial model holds it itself). */
  private incidentSollerDeg(): number {
    return this.config.axialGeometry ? 0 : Math.max(this.config.incidentSollerDeg ?? 0, 0);
  }

  private transparencyComposed(): boolean {
    const t = this.params.instrument.transparency;
    return this.config.geometry !== 'transmission' && (t.value !== 0 || t.refine);
  }

  /** Chooses the peak's asymmetry nodes, then adds it to out (and its derivative channels to the Jacobian). */
  private placePeak(t: PeakTerms, sl: number, hl: number, out: Float64Array, phaseOut: Float64Array | null, cols: Float64Array | null): void {
    let order = 2;
    if (t.key !== undefined) {
      const held = this.axialOrders.get(t.key) ?? 0;
      const need = axialOrder(axialShiftDeg(t.c, sl + hl), t.fwhm);
      order = need > held ? Math.min(48, Math.ceil(need * 1.5)) : held;
      if (order !== held) this.axialOrders.set(t.key, order);
    }
    const axial = this.config.axialGeometry
      ? this.fullAxial(t.key, t.c, t.fwhm)
      : axialNodes(t.c, sl, hl, t.fwhm, order, (this.params.instrument.soller.value * Math.PI) / 360);
    // the composed shapes about their means (the means are in the peak position)
    const ins = this.params.instrument;
    let ax = axial;
    // gridStep is set (and > 0) only when a shape is composed for this peak
    const step = t.gridStep ?? 0;
    if (step > 0) {
      if (this.slitComposed()) ax = convolveNodes(ax, flatSpecimenNodes(t.c, Math.max(ins.slit.value, 0)), step);
      if (this.transparencyComposed()) {
        const delta = -transparencyShiftDeg(t.c, ins.transparency.value, this.config.goniometerRadiusMm);
        ax = convolveNodes(ax, transparencyNodes(delta), step);
      }
      const incidentSoller = this.incidentSollerDeg();
      if (incidentSoller > 0) ax = convolveNodes(ax, incidentAxial(t.c, incidentSoller).nodes, step);
      const passband = this.passband();
      if (passband) ax = convolveNodes(ax, passbandNodes(t.c, passband, this.config.passband!.dispersionConst, step), step);
    }
    placePeak(this.twoTheta, t, ax, out, phaseOut, cols, this.buf);
  }
}

export { lowerBound } from './place-peak.js';

/** Gaussian FWHM^2 (deg^2) that `compositions` quadratic assignments on a grid of stepDeg add: 8 ln2 step^2 / 4 each. */
function gridFwhm2(compositions: number, stepDeg: number): number {
  return compositions * 2 * Math.LN2 * stepDeg * stepDeg;
}

/** Appends one refined parameter's derivatives (intensity, position, Gaussian and Lorentzian FWHM) to a peak. */
function addTerm(terms: PeakTerms, w: { dFwhmDG: number; dFwhmDL: number; dEtaDG: number; dEtaDL: number }, n: number, col: number, dI: number, dc: number, dG: number, dL: number): void {
  if (col < 0) return;
  terms.cols.push(col);
  terms.colOffset.push(col * n);
  terms.dI.push(dI);
  terms.dc.push(dc);
  terms.dW.push(w.dFwhmDG * dG + w.dFwhmDL * dL);
  terms.dE.push(w.dEtaDG * dG + w.dEtaDL * dL);
}

