/**
 * Weighted nonlinear least squares by Levenberg-Marquardt (Marquardt's scaled damping) on ml-matrix.
 * Knows nothing of crystals: it sees a parameter vector, bounds, observations with weights, and a model
 * that returns the calculated values and the Jacobian columns.
 *
 * - steps are accepted only when chi^2 falls; lambda is divided by 10 after a success, multiplied by 10 after a failure
 * - the normal matrix is scaled to unit diagonal before damping (Marquardt 1963), so the damping is scale-free
 * - bounds are respected by projection
 * - converged when the relative fall of chi^2 is below chi2Tol and every shift is below shiftTol times its esd
 * - covariance (J^T W J)^-1 at the minimum; esd_j = sqrt(chi2_red C_jj) (as GSAS-II); correlations; pairs above 0.95 reported
 */
import { CholeskyDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import { RefinementError } from '../errors.js';

export interface LsqProblem {
  /** parameter names, for messages */
  names: string[];
  x0: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** observations and weights (w = 1/sigma^2; 0 excludes a point) */
  y: Float64Array;
  w: Float64Array;
  /** calculated values at x into out */
  evaluate(x: Float64Array, out: Float64Array): void;
  /**
   * calculated values into out and the Jacobian d(out_i)/dx_j into jac[j * n + i] (column-major, n points);
   * every entry is written (jac holds the previous step's values on entry)
   */
  jacobian(x: Float64Array, out: Float64Array, jac: Float64Array): void;
}

export interface LsqOptions {
  maxIterations?: number;
  /** relative fall of chi^2 below which a step counts as converged */
  chi2Tol?: number;
  /** shifts below this fraction of their esd count as converged */
  shiftTol?: number;
  lambda0?: number;
  /** called after each accepted step, with the calculated values at the new point */
  onIteration?: (info: { iteration: number; chi2: number; x: Float64Array; calculated: Float64Array }) => void;
}

export interface LsqResult {
  x: Float64Array;
  chi2: number;
  /** chi^2 / (N - P), N the points with non-zero weight */
  chi2Reduced: number;
  iterations: number;
  converged: boolean;
  /** why it stopped */
  message: string;
  /** unscaled covariance (J^T W J)^-1 */
  covariance: Matrix;
  /** esd of each parameter, scaled by chi2_red */
  esd: Float64Array;
  correlation: Matrix;
  /** parameter pairs correlated beyond 0.95 */
  highCorrelations: { a: string; b: string; r: number }[];
  /** points used */
  nPoints: number;
}

function chi2Of(y: Float64Array, w: Float64Array, yc: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const r = y[i] - yc[i];
    s += w[i] * r * r;
  }
  return s;
}

/**
 * N = J^T W J and g = J^T W (y - yc) from the column-major Jacobian: dot products of the weighted column
 * with four columns at a time (measured twice as fast as point-by-point outer products here).
 */
export function normalEquations(jac: Float64Array, p: number, w: Float64Array, resid: Float64Array): { N: Matrix; g: Float64Array } {
  const n = w.length;
  const N = new Matrix(p, p);
  const g = new Float64Array(p);
  const wc = new Float64Array(n);
  const col = (k: number) => jac.subarray(k * n, (k + 1) * n);
  for (let j = 0; j < p; j++) {
    const cj = col(j);
    let gj = 0;
    for (let i = 0; i < n; i++) {
      const v = w[i] * cj[i];
      wc[i] = v;
      gj += v * resid[i];
    }
    g[j] = gj;
    let k = j;
    for (; k + 3 < p; k += 4) {
      const a = col(k), b = col(k + 1), c = col(k + 2), d = col(k + 3);
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0; i < n; i++) {
        const v = wc[i];
        s0 += v * a[i];
        s1 += v * b[i];
        s2 += v * c[i];
        s3 += v * d[i];
      }
      N.set(j, k, s0); N.set(k, j, s0);
      N.set(j, k + 1, s1); N.set(k + 1, j, s1);
      N.set(j, k + 2, s2); N.set(k + 2, j, s2);
      N.set(j, k + 3, s3); N.set(k + 3, j, s3);
    }
    for (; k < p; k++) {
      const a = col(k);
      let s0 = 0;
      for (let i = 0; i < n; i++) s0 += wc[i] * a[i];
      N.set(j, k, s0);
      N.set(k, j, s0);
    }
  }
  return { N, g };
}

export function levenbergMarquardt(problem: LsqProblem, opts: LsqOptions = {}): LsqResult {
  const maxIter = opts.maxIterations ?? 60;
  const chi2Tol = opts.chi2Tol ?? 1e-6;
  const shiftTol = opts.shiftTol ?? 0.01;
  const p = problem.x0.length;
  const n = problem.y.length;
  const nUsed = problem.w.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);
  const dof = Math.max(nUsed - p, 1);
  let x = Float64Array.from(problem.x0);
  let yc = new Float64Array(n);
  const resid = new Float64Array(n);
  let jac = new Float64Array(n * p);
  let jacTrial = new Float64Array(n * p);
  const trial = new Float64Array(p);
  let ycTrial = new Float64Array(n);
  let lambda = opts.lambda0 ?? 1e-3;
  let iterations = 0;
  let converged = false;
  let message = 'maximum iterations reached';

  problem.jacobian(x, yc, jac);
  let chi2 = chi2Of(problem.y, problem.w, yc);
  if (!Number.isFinite(chi2)) throw new RefinementError('the starting model gives a non-finite chi^2');
  let { N, g } = normalEquations(jac, p, problem.w, residual(problem.y, yc, resid));
  checkDiagonal(N, problem);

  const escapes = new Uint8Array(p);
  for (;;) {
    while (iterations < maxIter) {
      iterations++;
      const d = new Float64Array(p);
      for (let j = 0; j < p; j++) {
        const njj = N.get(j, j);
        if (!Number.isFinite(njj) || !Number.isFinite(g[j])) throw new RefinementError(`the derivative of ${problem.names[j]} is not finite at iteration ${iterations}: the refinement diverged`);
        // a parameter that lost all effect at this point (e.g. pinned at a bound) simply does not move
        d[j] = njj > 0 ? Math.sqrt(njj) : 1;
      }
      // a parameter on a bound whose whole range would change chi^2 by less than 1e-8 of it, to first order, is held:
      // there its derivative vanishes (a slit angle at 0 enters squared), so the quadratic model cannot place it and
      // a step built on the rounding noise of its derivative throws it across its range, so that no damping helps
      const pinned = new Uint8Array(p);
      for (let j = 0; j < p; j++) if (flatAtBound(problem, x, N, chi2, j)) pinned[j] = 1;
      let accepted = false;
      const step = new Float64Array(p);
      for (let attempt = 0; attempt < 12; attempt++) {
        const sol = boundedStep(N, g, d, lambda, x, problem.lower, problem.upper, pinned);
        if (!sol) {
          lambda *= 10;
          continue;
        }
        for (let j = 0; j < p; j++) {
          trial[j] = Math.min(problem.upper[j], Math.max(problem.lower[j], x[j] + sol[j]));
          step[j] = trial[j] - x[j];
        }
        // derivatives are computed with the trial pattern: a rejected step wastes them, an accepted one (the
        // usual case) saves a separate evaluation
        problem.jacobian(trial, ycTrial, jacTrial);
        const chi2Trial = chi2Of(problem.y, problem.w, ycTrial);
        if (Number.isFinite(chi2Trial) && chi2Trial < chi2) {
          const fall = (chi2 - chi2Trial) / chi2;
          x = Float64Array.from(trial);
          chi2 = chi2Trial;
          lambda = Math.max(lambda / 10, 1e-9);
          accepted = true;
          [yc, ycTrial] = [ycTrial, yc];
          [jac, jacTrial] = [jacTrial, jac];
          ({ N, g } = normalEquations(jac, p, problem.w, residual(problem.y, yc, resid)));
          opts.onIteration?.({ iteration: iterations, chi2, x, calculated: yc });
          // converged when chi^2 hardly falls and every shift is small against its esd
          if (fall < chi2Tol && smallShifts(N, step, chi2 / dof, shiftTol)) {
            converged = true;
            message = 'converged';
          }
          break;
        }
        lambda *= 10;
      }
      if (converged) break;
      if (!accepted) {
        // no step lowers chi^2: we are at the minimum to machine precision
        converged = true;
        message = 'converged (no further decrease of chi^2)';
        break;
      }
    }
    // a parameter held on a bound where its slope vanishes may sit on a saddle rather than a minimum (a width
    // entering squared, at zero, when the data want it wider): the quadratic model cannot see that, so a few
    // points inside the range are tried, and from a lower one the refinement goes on
    if (!converged) break;
    const out = probeBounds(problem, x, chi2, N, escapes, chi2Tol, ycTrial);
    if (!out) break;
    x = out.x;
    converged = false;
    message = 'maximum iterations reached';
    lambda = opts.lambda0 ?? 1e-3;
    problem.jacobian(x, yc, jac);
    chi2 = chi2Of(problem.y, problem.w, yc);
    ({ N, g } = normalEquations(jac, p, problem.w, residual(problem.y, yc, resid)));
  }
  const { covariance, esd, correlation, high } = covarianceOf(N, chi2 / dof, problem.names);
  return {
    x, chi2, chi2Reduced: chi2 / dof, iterations, converged, message,
    covariance, esd, correlation, highCorrelations: high, nPoints: nUsed,
  };
}

/**
 * The damped Gauss-Newton step (N + lambda diag N) step = g in Marquardt's scaling d_j = sqrt(N_jj), with the
 * parameters that rest on a bound and would be pushed through it held for this step (an active set): projecting
 * the full step instead would leave the others' steps computed for a move that cannot happen, and a parameter
 * pinned at a bound (a width at zero) then stalls the whole refinement into tiny steps. Null when the damped
 * matrix is not positive definite.
 */
function boundedStep(N: Matrix, g: Float64Array, d: Float64Array, lambda: number, x: Float64Array, lower: Float64Array, upper: Float64Array, pinned?: Uint8Array): Float64Array | null {
  const p = g.length;
  const held = pinned ? Uint8Array.from(pinned) : new Uint8Array(p);
  const step = new Float64Array(p);
  for (let pass = 0; pass <= p; pass++) {
    const A = new Matrix(p, p);
    const b = Matrix.zeros(p, 1);
    for (let j = 0; j < p; j++) {
      if (held[j]) {
        A.set(j, j, 1);
        continue;
      }
      for (let k = 0; k < p; k++) if (!held[k]) A.set(j, k, N.get(j, k) / (d[j] * d[k]));
      A.set(j, j, 1 + lambda);
      b.set(j, 0, g[j] / d[j]);
    }
    const chol = new CholeskyDecomposition(A);
    if (!chol.isPositiveDefinite()) return null;
    const sol = chol.solve(b);
    // hold the parameter pushed hardest through its bound (in scaled units), then solve again: holding every
    // offender at once can hold one that, with the others held, would move inwards
    let worst = -1;
    let worstSize = 0;
    for (let j = 0; j < p; j++) {
      step[j] = held[j] ? 0 : sol.get(j, 0) / d[j];
      const out = (x[j] <= lower[j] && step[j] < 0) || (x[j] >= upper[j] && step[j] > 0);
      if (out && Math.abs(step[j] * d[j]) > worstSize) (worst = j), (worstSize = Math.abs(step[j] * d[j]));
    }
    if (worst < 0) return step;
    held[worst] = 1;
  }
  return step;
}

/** Parameter j rests on a bound and its whole range would change chi^2 by less than 1e-8 of it, to first order. */
function flatAtBound(problem: LsqProblem, x: Float64Array, N: Matrix, chi2: number, j: number): boolean {
  const range = problem.upper[j] - problem.lower[j];
  const atBound = x[j] <= problem.lower[j] || x[j] >= problem.upper[j];
  return atBound && Number.isFinite(range) && N.get(j, j) * range * range < 1e-8 * chi2;
}

/** fractions of a bounded parameter's range tried inward from the bound it rests on */
const PROBE_FRACTIONS = [0.01, 0.03, 0.1, 0.3];

/**
 * The parameters resting on a bound with a vanishing slope (as the pinning test in the loop) tried at points inside
 * their range, one at a time, each at most twice per refinement (escapes counts); the lowest chi^2 wins if it is
 * clearly below the current one. Null when none is.
 */
function probeBounds(problem: LsqProblem, x: Float64Array, chi2: number, N: Matrix, escapes: Uint8Array, chi2Tol: number, scratch: Float64Array): { x: Float64Array<ArrayBuffer>; chi2: number } | null {
  let best: { x: Float64Array<ArrayBuffer>; chi2: number; j: number } | null = null;
  for (let j = 0; j < x.length; j++) {
    if (escapes[j] >= 2 || !flatAtBound(problem, x, N, chi2, j)) continue;
    const range = problem.upper[j] - problem.lower[j];
    const atLower = x[j] <= problem.lower[j];
    for (const f of PROBE_FRACTIONS) {
      const t = Float64Array.from(x);
      t[j] = atLower ? problem.lower[j] + f * range : problem.upper[j] - f * range;
      // a point the model refuses (a range it cannot be evaluated at) is simply not a candidate
      try {
        problem.evaluate(t, scratch);
      } catch {
        continue;
      }
      const c = chi2Of(problem.y, problem.w, scratch);
      if (Number.isFinite(c) && c < chi2 * (1 - 10 * chi2Tol) && (!best || c < best.chi2)) best = { x: t, chi2: c, j };
    }
  }
  if (best) escapes[best.j]++;
  return best;
}

function residual(y: Float64Array, yc: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < y.length; i++) out[i] = y[i] - yc[i];
  return out;
}

function checkDiagonal(N: Matrix, problem: LsqProblem): void {
  for (let j = 0; j < N.rows; j++) {
    if (N.get(j, j) > 0) continue;
    // a parameter resting on a bound where its slope vanishes (a quadrature width at zero) simply stays there
    const x = problem.x0[j];
    if (x <= problem.lower[j] || x >= problem.upper[j]) continue;
    throw new RefinementError(`parameter ${problem.names[j]} has no effect on the pattern (zero derivative): it cannot be refined`);
  }
}

function smallShifts(N: Matrix, step: Float64Array, chi2Red: number, tol: number): boolean {
  // esd_j ~ sqrt(chi2_red / N_jj) is a cheap lower bound on the true esd; a shift small against it is small
  for (let j = 0; j < step.length; j++) {
    const e = Math.sqrt(chi2Red / N.get(j, j));
    if (Math.abs(step[j]) > tol * e) return false;
  }
  return true;
}

/** Covariance from the normal matrix, falling back to the pseudo-inverse when it is singular. */
export function covarianceOf(N: Matrix, chi2Red: number, names: string[]) {
  const p = N.rows;
  // a parameter without effect at the minimum (zero diagonal) gets no variance rather than a NaN everywhere
  const d = Array.from({ length: p }, (_, j) => (N.get(j, j) > 0 ? Math.sqrt(N.get(j, j)) : 0));
  const live = d.map((v) => v > 0);
  for (let j = 0; j < p; j++) if (!live[j]) d[j] = 1;
  const S = new Matrix(p, p);
  for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) S.set(j, k, live[j] && live[k] ? N.get(j, k) / (d[j] * d[k]) : j === k ? 1 : 0);
  let inv: Matrix;
  const chol = new CholeskyDecomposition(S);
  if (chol.isPositiveDefinite()) inv = chol.solve(Matrix.eye(p));
  else inv = new SingularValueDecomposition(S).inverse();
  const covariance = new Matrix(p, p);
  for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) covariance.set(j, k, live[j] && live[k] ? inv.get(j, k) / (d[j] * d[k]) : 0);
  const esd = new Float64Array(p);
  for (let j = 0; j < p; j++) esd[j] = Math.sqrt(Math.max(covariance.get(j, j), 0) * chi2Red);
  const correlation = new Matrix(p, p);
  const high: { a: string; b: string; r: number }[] = [];
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      const r = live[j] && live[k] ? covariance.get(j, k) / Math.sqrt(covariance.get(j, j) * covariance.get(k, k)) : j === k ? 1 : 0;
      correlation.set(j, k, r);
      if (k > j && Math.abs(r) > 0.95) high.push({ a: names[j], b: names[k], r });
    }
  }
  return { covariance, esd, correlation, high };
}
