/**
 * Staged refinement: each stage frees some groups of parameters (on top of the previous stages' groups)
 * and is converged before the next starts. Generic: parameters are named, grouped and bounded records.
 */
import { levenbergMarquardt, type LsqOptions, type LsqResult } from './least-squares.js';

export interface StagedParam {
  name: string;
  group: string;
  value: number;
  min: number;
  max: number;
  /** the user allows it to refine at all */
  refine: boolean;
}

export interface Stage {
  name: string;
  /** groups refined from this stage on */
  groups: string[];
  maxIterations?: number;
}

export interface StagedModel {
  params: StagedParam[];
  y: Float64Array;
  w: Float64Array;
  /** calculated values for the full parameter vector (all params, in order) */
  evaluate(x: Float64Array, out: Float64Array): void;
  /** values and the row-major Jacobian (n x active.length) for the listed parameter indices */
  jacobian(x: Float64Array, active: number[], out: Float64Array, jac: Float64Array): void;
}

export interface StageReport {
  stage: string;
  refined: string[];
  iterations: number;
  converged: boolean;
  chi2: number;
  message: string;
}

export interface StagedResult {
  x: Float64Array;
  /** the last stage's least-squares result (covariance over its refined parameters) */
  last: LsqResult | null;
  /** indices of the parameters refined in the last stage, in covariance order */
  active: number[];
  stages: StageReport[];
  iterations: number;
  converged: boolean;
}

/** convergence of the stages before the last: chi^2 falling by less than 1e-4 per step, shifts below half an esd */
const INTERMEDIATE_CHI2_TOL = 1e-4;
const INTERMEDIATE_SHIFT_TOL = 0.5;

export type StagedOptions = Omit<LsqOptions, 'onIteration'> & {
  onIteration?: (info: { stage: string; iteration: number; chi2: number; x: Float64Array; calculated: Float64Array }) => void;
};

export function refineInStages(model: StagedModel, stages: Stage[], opts: StagedOptions = {}): StagedResult {
  const x = Float64Array.from(model.params.map((p) => p.value));
  const freed = new Set<string>();
  const reports: StageReport[] = [];
  let last: LsqResult | null = null;
  let active: number[] = [];
  let iterations = 0;
  for (let k = 0; k < stages.length; k++) {
    const stage = stages[k];
    for (const g of stage.groups) freed.add(g);
    active = model.params.flatMap((p, i) => (p.refine && freed.has(p.group) ? [i] : []));
    if (active.length === 0) continue;
    const full = Float64Array.from(x);
    const stageOpts: LsqOptions = {
      ...opts,
      maxIterations: stage.maxIterations ?? opts.maxIterations,
      onIteration: opts.onIteration ? (info) => opts.onIteration!({ ...info, stage: stage.name }) : undefined,
    };
    const expand = (sub: Float64Array) => {
      active.forEach((i, j) => (full[i] = sub[j]));
      return full;
    };
    last = levenbergMarquardt(
      {
        names: active.map((i) => model.params[i].name),
        x0: Float64Array.from(active.map((i) => x[i])),
        lower: Float64Array.from(active.map((i) => model.params[i].min)),
        upper: Float64Array.from(active.map((i) => model.params[i].max)),
        y: model.y,
        w: model.w,
        evaluate: (sub, out) => model.evaluate(expand(sub), out),
        jacobian: (sub, out, jac) => model.jacobian(expand(sub), active, out, jac),
      },
      // stages before the last are starting points for the next: a looser tolerance serves them
      k < stages.length - 1
        ? { ...stageOpts, chi2Tol: INTERMEDIATE_CHI2_TOL, shiftTol: INTERMEDIATE_SHIFT_TOL }
        : stageOpts,
    );
    active.forEach((i, j) => (x[i] = last!.x[j]));
    iterations += last.iterations;
    reports.push({
      stage: stage.name, refined: active.map((i) => model.params[i].name), iterations: last.iterations,
      converged: last.converged, chi2: last.chi2, message: last.message,
    });
  }
  return { x, last, active, stages: reports, iterations, converged: reports.every((r) => r.converged) };
}
