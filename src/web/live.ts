/**
 * The live calculated pattern of the "Structure to pattern" view. The model (reflection lists, scattering
 * factors) is built once per set of phases and wavelength; a slider change only sets parameter values and
 * recalculates, so an 8001-point, two-phase pattern redraws well within a frame.
 */
import { cellParameterization, cellValues } from '../crystal/cell-params.js';
import { cellVolume } from '../crystal/cell.js';
import type { CrystalStructure } from '../crystal/types.js';
import type { Wavelength } from '../io/pattern.js';
import { GENERIC_PROFILE } from '../model/simulate.js';
import type { PatternModel } from '../model/pattern-model.js';
import { buildModel } from '../rietveld/build.js';

/** Cu Ka1 and the ratio of the Ka2 to the Ka1 wavelength (applied to any anode). */
export const CU_KA1 = 1.54056;
export const KA2_OVER_KA1 = 1.54439 / 1.54056;
/** the lattice sliders reach this fraction either side of the CIF value */
export const CELL_RANGE = 0.05;
/** a model built at one wavelength serves down to this fraction of it (f' and f'' held at the built one) */
const LAMBDA_COVER = 0.8;

export interface LivePhase {
  /** unique id of the phase row (the same structure may be added twice) */
  id: number;
  structure: CrystalStructure;
  /** weight fraction, any unit: normalised over the phases */
  weight: number;
  /** free cell values in the order of the crystal system's parameterization (a; a, c; ...) */
  cell: number[];
  /** Lorentzian crystallite size, nm */
  sizeNm: number;
  /** microstrain e (Gaussian): FWHM = 4 e tan(theta) */
  strain: number;
  /** mean isotropic displacement Beq, A^2 */
  beq: number;
}

export interface LiveSettings {
  lambda: number;
  ka2Ratio: number;
  range: [number, number, number];
}

export interface Tick {
  phase: number;
  twoTheta: number;
  hkl: [number, number, number];
  d: number;
  multiplicity: number;
}

export interface LiveResult {
  twoTheta: Float64Array;
  total: Float64Array;
  perPhase: Float64Array[];
  ticks: Tick[];
  calcMs: number;
}

/** The starting values of a phase row from its structure. */
export function defaultPhase(id: number, structure: CrystalStructure, weight = 50): LivePhase {
  const cp = cellParameterization(structure.cell, structure.spaceGroup.crystalSystem);
  return { id, structure, weight, cell: cellValues(structure.cell, cp), sizeNm: 100, strain: 0, beq: meanB(structure) };
}

/** Names of the free cell values of a phase row: ['a'] for cubic, ['a', 'c'] for hexagonal ... */
export function cellNames(p: LivePhase): ('a' | 'b' | 'c' | 'alpha' | 'beta' | 'gamma')[] {
  return cellParameterization(p.structure.cell, p.structure.spaceGroup.crystalSystem).names;
}

export function meanB(s: CrystalStructure): number {
  return s.sites.reduce((sum, x) => sum + x.bIso, 0) / Math.max(s.sites.length, 1);
}

/** The structure with a phase row's cell and Beq (for the reflection table). */
export function currentStructure(p: LivePhase): CrystalStructure {
  const s = p.structure;
  const cell = cellParameterization(s.cell, s.spaceGroup.crystalSystem).toCell(p.cell);
  const shift = p.beq - meanB(s);
  return { ...s, cell, sites: s.sites.map((x) => ({ ...x, bIso: Math.max(x.bIso + shift, 0) })) };
}

/**
 * The structure with its cell lengths stretched, so the reflection list covers every lattice slider
 * position and wavelengths down to LAMBDA_COVER of the built one.
 */
function stretched(s: CrystalStructure, name: string): CrystalStructure {
  const k = (1 + CELL_RANGE) / LAMBDA_COVER;
  return { ...s, name, cell: { ...s.cell, a: s.cell.a * k, b: s.cell.b * k, c: s.cell.c * k } };
}

export class LiveSim {
  private model: PatternModel | null = null;
  private key = '';
  private wavelengths: Wavelength[] = [];
  private out = new Float64Array(0);
  private perPhase: Float64Array[] = [];
  /** counts per unit of (normalised weight / (cell mass x volume)): fixed while only sliders move */
  private norm = 0;
  private normKey = '';
  private builtLambda = 0;

  /**
   * The pattern for these phases and settings. While the wavelength moves the model is reused (only the
   * line positions change); `exact` rebuilds it so that f' and f'' are those of the current wavelength.
   */
  update(phases: LivePhase[], s: LiveSettings, exact = false): LiveResult {
    const t0 = performance.now();
    const [start, end, step] = s.range;
    const n = Math.floor((end - start) / step + 1e-9) + 1;
    const key = `${phases.map((p) => p.id).join(',')}|${s.range.join(',')}`;
    const covered = s.lambda >= this.builtLambda * LAMBDA_COVER && s.lambda <= this.builtLambda / LAMBDA_COVER;
    if (!this.model || key !== this.key || !covered || (exact && s.lambda !== this.builtLambda)) {
      this.build(phases, s, n);
      this.key = key;
    }
    const model = this.model!;
    this.wavelengths[0].lambda = s.lambda;
    this.wavelengths[1].lambda = s.lambda * KA2_OVER_KA1;
    this.wavelengths[1].weight = s.ka2Ratio;
    const total = phases.reduce((a, p) => a + Math.max(p.weight, 0), 0) || 1;
    const setScales = (norm: number) =>
      phases.forEach((p, i) => {
        const pp = model.params.phases[i];
        const cell = model.phases[i].cellParam.toCell(p.cell);
        pp.scale.value = (norm * Math.max(p.weight, 0)) / total / (model.phases[i].cellMass * cellVolume(cell));
      });
    phases.forEach((p, i) => {
      const pp = model.params.phases[i];
      p.cell.forEach((v, j) => (pp.cell[j].value = v));
      pp.invSizeL.value = p.sizeNm > 0 ? 1 / p.sizeNm : 0;
      pp.strainG.value = 4 * p.strain;
      pp.bOverall.value = p.beq - meanB(p.structure);
    });
    // the intensity scale is set when the phases change (strongest point 10000 counts), then held, so that
    // a slider shows what it does to the peak heights
    const normKey = phases.map((p) => p.id).join(',');
    if (normKey !== this.normKey) {
      setScales(1);
      model.calculate(this.out);
      let max = 0;
      for (let i = 0; i < n; i++) max = Math.max(max, this.out[i]);
      this.norm = max > 0 ? 10000 / max : 1;
      this.normKey = normKey;
    }
    setScales(this.norm);
    model.calculate(this.out, this.perPhase);
    const ticks: Tick[] = [];
    for (const pk of model.peaks) {
      if (pk.line !== 0 || pk.twoTheta < start || pk.twoTheta > end) continue;
      const r = model.phases[pk.phase].reflections[pk.reflection];
      const d = s.lambda / (2 * Math.sin((pk.twoTheta * Math.PI) / 360));
      ticks.push({ phase: pk.phase, twoTheta: pk.twoTheta, hkl: r.hkl, d, multiplicity: r.multiplicity });
    }
    return { twoTheta: model.twoTheta, total: this.out, perPhase: this.perPhase, ticks, calcMs: performance.now() - t0 };
  }

  /** mass of the cell contents (u) and atoms in the cell of phase i, after update() */
  phaseInfo(i: number): { cellMass: number; atoms: number } | null {
    const ph = this.model?.phases[i];
    return ph ? { cellMass: ph.cellMass, atoms: ph.atoms.reduce((s, a) => s + a.occupancy, 0) } : null;
  }

  private build(phases: LivePhase[], s: LiveSettings, n: number): void {
    const [start, , step] = s.range;
    const twoTheta = Float64Array.from({ length: n }, (_, i) => start + i * step);
    const flat = { twoTheta, counts: new Float64Array(n), sigma: new Float64Array(n).fill(1), meta: { format: 'simulated' } };
    this.builtLambda = s.lambda;
    this.wavelengths = [
      { lambda: s.lambda, weight: 1, label: 'Ka1' },
      { lambda: s.lambda * KA2_OVER_KA1, weight: s.ka2Ratio, label: 'Ka2' },
    ];
    const structures = phases.map((p, i) => stretched(p.structure, `${p.structure.name}#${i}`));
    const built = buildModel(flat, structures, { wavelengths: this.wavelengths, monochromatorTwoThetaDeg: null, profile: GENERIC_PROFILE }, { backgroundTerms: 1 });
    built.model.params.background[0].value = 0;
    this.model = built.model;
    this.out = new Float64Array(n);
    this.perPhase = phases.map(() => new Float64Array(n));
  }
}
