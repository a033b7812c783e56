/** The result of a Rietveld refinement, as written to JSON (SPEC.md section 3). */
import type { FitStatistics } from '../refine/statistics.js';
import type { StageReport } from '../refine/strategy.js';
import type { Geometry, ValueSource } from '../io/pattern.js';

export interface ValueEsd {
  value: number;
  /** standard uncertainty; 0 for a value that was held fixed */
  esd: number;
}

export type SizeStatus = 'refined' | 'notRefined' | 'notResolved';

export interface PhaseResult {
  name: string;
  weightPercent: ValueEsd;
  volumePercent: number;
  lattice: { a: ValueEsd; b: ValueEsd; c: ValueEsd; alpha: ValueEsd; beta: ValueEsd; gamma: ValueEsd; volume: ValueEsd };
  /**
   * nm; instrument-corrected when `sizeCorrected`. `status` says what an infinite size (JSON null) means:
   * 'notRefined' no size broadening in the model (--broadening none, or held at zero), 'notResolved' refined to
   * zero (the peaks are no wider than the instrument makes them: the size is beyond what the data resolve);
   * always set by refinePattern
   */
  size: { lvolIB: ValueEsd; lvolFWHM: ValueEsd; status?: SizeStatus; csL: ValueEsd | null; csG: ValueEsd | null };
  sizeCorrected: boolean;
  /** strain coefficient, FWHM = strain tan theta (rad of 2theta): the TCH combination of the two below */
  strain: ValueEsd;
  /** Lorentzian and Gaussian strain coefficients as refined */
  strainL: ValueEsd;
  strainG: ValueEsd;
  beq: ValueEsd;
  scale: ValueEsd;
  rBragg: number;
  /**
   * reflections in the range: hkl, multiplicity, d (A), 2theta of the strongest line (deg), calculated and
   * observed (Rietveld-partitioned) intensity, counts summed over the points, all emission lines together
   */
  reflections: { hkl: [number, number, number]; multiplicity: number; d: number; twoTheta: number; iCalc: number; iObs: number }[];
  /** mass of the cell contents (u) and the Brindley factor used */
  cellMass: number;
  brindleyTau?: number;
}

export interface RietveldResult {
  converged: boolean;
  iterations: number;
  elapsedMs: number;
  message: string;
  statistics: FitStatistics;
  phases: PhaseResult[];
  zero: ValueEsd;
  displacement: ValueEsd;
  /** penetration depth 1/mu (mm) of the transparency shift; 0 when not refined */
  transparency: ValueEsd;
  /** transmission geometry: the specimen's offsets from the axis along (x) and across (y) the incident beam, mm */
  sampleOffsets?: { x: ValueEsd; y: ValueEsd };
  instrument: {
    /** the specimen in reflection (flat, Bragg-Brentano) or transmission (a capillary) */
    geometry: Geometry;
    /** transmission: the capillary's mu r when its transmission factor was applied to the intensities */
    capillaryMuR?: number;
    wavelengths: { lambda: number; weight: number }[];
    monochromatorTwoThetaDeg: number | null;
    goniometerRadiusMm: number;
    profile: Record<string, number>;
    provenance: Record<string, ValueSource>;
  };
  background: { type: 'chebyshev'; coefficients: number[] };
  stages: StageReport[];
  highCorrelations: { a: string; b: string; r: number }[];
  /** every refined parameter with its esd */
  parameters: { name: string; value: number; esd: number }[];
  warnings: string[];
}
