/** Messages between the page and the refinement worker. */
import type { CrystalStructure } from '../crystal/types.js';
import type { InstrumentFile } from '../io/instrument.js';
import type { Pattern } from '../io/pattern.js';
import type { RietveldResult } from '../rietveld/result.js';

export interface RefineRequest {
  type: 'refine';
  pattern: Pattern;
  structures: CrystalStructure[];
  instrument?: InstrumentFile;
}

export interface WorkerTick {
  phase: number;
  twoTheta: number;
  hkl: [number, number, number];
}

export interface ProgressMessage {
  type: 'progress';
  /** iterations so far, over all stages */
  step: number;
  stage: string;
  chi2: number;
  /** the calculated pattern and background at the accepted step, on the refined grid */
  ycalc: Float64Array;
  background: Float64Array;
  elapsedMs: number;
}

export interface DoneMessage {
  type: 'done';
  result: RietveldResult;
  curves: { twoTheta: Float64Array; yobs: Float64Array; ycalc: Float64Array; background: Float64Array; phases: Float64Array[] };
  ticks: WorkerTick[];
  /** time of the library call alone, ms */
  refineMs: number;
}

export interface ErrorMessage {
  type: 'error';
  message: string;
}

export type WorkerMessage = ProgressMessage | DoneMessage | ErrorMessage;
