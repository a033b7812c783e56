import { levenbergMarquardt as mlLM } from 'ml-levenberg-marquardt';
import { describe, expect, it } from 'vitest';
import { levenbergMarquardt, type LsqProblem } from '../../src/refine/least-squares.js';

function problemFrom(
  x: Float64Array, y: Float64Array, w: Float64Array,
  f: (p: Float64Array, t: number) => number, x0: number[], names: string[],
): LsqProblem {
  const evaluate = (p: Float64Array, out: Float64Array) => { for (let i = 0; i < x.length; i++) out[i] = f(p, x[i]); };
  return {
    names, x0: Float64Array.from(x0),
    lower: new Float64Array(x0.length).fill(-Infinity), upper: new Float64Array(x0.length).fill(Infinity),
    y, w, evaluate,
    jacobian(p, out, cols) {
      evaluate(p, out);
      const q = Float64Array.from(p);
      for (let j = 0; j < p.length; j++) {
        const h = 1e-7 * Math.max(1, Math.abs(p[j]));
        q[j] = p[j] + h;
        for (let i = 0; i < x.length; i++) cols[j * out.length + i] = (f(q, x[i]) - out[i]) / h;
        q[j] = p[j];
      }
    },
  };
}

describe('Levenberg-Marquardt', () => {
  it('weighted straight line: exact normal-equation solution and esds (closed form)', () => {
    const x = Float64Array.from({ length: 20 }, (_, i) => i);
    const y = Float64Array.from(x, (t, i) => 2 + 0.5 * t + (i % 3 === 0 ? 0.3 : -0.2));
    const w = Float64Array.from(x, (_, i) => 1 + (i % 4));
    const prob = problemFrom(x, y, w, (p, t) => p[0] + p[1] * t, [0, 0], ['a', 'b']);
    const r = levenbergMarquardt(prob);
    // closed form weighted least squares
    let S = 0, Sx = 0, Sy = 0, Sxx = 0, Sxy = 0;
    for (let i = 0; i < x.length; i++) { S += w[i]; Sx += w[i] * x[i]; Sy += w[i] * y[i]; Sxx += w[i] * x[i] * x[i]; Sxy += w[i] * x[i] * y[i]; }
    const D = S * Sxx - Sx * Sx;
    const b = (S * Sxy - Sx * Sy) / D;
    const a = (Sxx * Sy - Sx * Sxy) / D;
    expect(r.x[0]).toBeCloseTo(a, 8);
    expect(r.x[1]).toBeCloseTo(b, 8);
    let chi2 = 0;
    for (let i = 0; i < x.length; i++) chi2 += w[i] * (y[i] - a - b * x[i]) ** 2;
    const red = chi2 / (x.length - 2);
    expect(r.esd[0]).toBeCloseTo(Math.sqrt((red * Sxx) / D), 8);
    expect(r.esd[1]).toBeCloseTo(Math.sqrt((red * S) / D), 8);
    expect(r.converged).toBe(true);
  });

  it('a parameter driven onto its bound is held there and the others reach their constrained optimum', () => {
    // data from y = 1 + 2x - 0.5 x^2; the model's x^2 coefficient is bounded at >= 0, so the constrained optimum
    // is b = 0 with (a0, a1) the straight-line least-squares fit (closed form); a1 and b are strongly coupled, so
    // merely clipping the full step at the bound stalls into ever smaller steps
    const x = Float64Array.from({ length: 41 }, (_, i) => i / 10);
    const y = Float64Array.from(x, (t) => 1 + 2 * t - 0.5 * t * t);
    const w = new Float64Array(x.length).fill(1);
    const prob = problemFrom(x, y, w, (p, t) => p[0] + p[1] * t + p[2] * t * t, [0, 0, 1], ['a0', 'a1', 'b']);
    prob.lower[2] = 0;
    const r = levenbergMarquardt(prob, { maxIterations: 30 });
    let S = 0, Sx = 0, Sy = 0, Sxx = 0, Sxy = 0;
    for (let i = 0; i < x.length; i++) { S += 1; Sx += x[i]; Sy += y[i]; Sxx += x[i] * x[i]; Sxy += x[i] * y[i]; }
    const D = S * Sxx - Sx * Sx;
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThan(15);
    expect(r.x[2]).toBe(0);
    expect(r.x[0]).toBeCloseTo((Sxx * Sy - Sx * Sxy) / D, 6);
    expect(r.x[1]).toBeCloseTo((S * Sxy - Sx * Sy) / D, 6);
  });

  it('leaves a bound where a width entering in quadrature has no slope when the data want it wider', () => {
    // a Gaussian of width sqrt(0.5^2 + b^2), b in [0, 3]: at b = 0 the slope in b vanishes, so the quadratic model
    // sees a minimum there whatever the data; the data are made with b = 1 (and, as a control, with b = 0)
    const x = Float64Array.from({ length: 121 }, (_, i) => -6 + i * 0.1);
    const f = (p: ArrayLike<number>, t: number) => p[0] * Math.exp(-(t * t) / (2 * (0.25 + p[1] * p[1])));
    for (const bTrue of [1, 0]) {
      const y = Float64Array.from(x, (t) => f([10, bTrue], t));
      const prob = problemFrom(x, y, new Float64Array(x.length).fill(1), f, [8, 0], ['height', 'b']);
      prob.lower[1] = 0;
      prob.upper[1] = 3;
      const r = levenbergMarquardt(prob, { maxIterations: 100 });
      expect(r.converged).toBe(true);
      expect(r.x[1]).toBeCloseTo(bTrue, 5);
      expect(r.x[0]).toBeCloseTo(10, 5);
    }
  });

  it('skips a trial point inside the range that the model refuses', () => {
    // as above, with a model that throws beyond b = 0.5 (as a model may for values it cannot evaluate): the trial at
    // 0.9 is skipped, the others lead to the true b = 0.4
    const x = Float64Array.from({ length: 121 }, (_, i) => -6 + i * 0.1);
    const f = (p: ArrayLike<number>, t: number) => {
      if (p[1] > 0.5) throw new Error('out of the model\'s range');
      return p[0] * Math.exp(-(t * t) / (2 * (0.25 + p[1] * p[1])));
    };
    const y = Float64Array.from(x, (t) => f([10, 0.4], t));
    const prob = problemFrom(x, y, new Float64Array(x.length).fill(1), f, [8, 0], ['height', 'b']);
    prob.lower[1] = 0;
    prob.upper[1] = 3;
    const r = levenbergMarquardt(prob, { maxIterations: 100 });
    expect(r.x[1]).toBeCloseTo(0.4, 5);
  });

  it('agrees with ml-levenberg-marquardt on an unweighted Gaussian fit', () => {
    const x = Float64Array.from({ length: 101 }, (_, i) => -5 + i * 0.1);
    const truth = (p: ArrayLike<number>, t: number) => p[0] * Math.exp(-((t - p[1]) ** 2) / (2 * p[2] * p[2]));
    const y = Float64Array.from(x, (t, i) => truth([10, 0.3, 1.2], t) + 0.05 * Math.sin(7 * i));
    const ours = levenbergMarquardt(problemFrom(x, y, new Float64Array(x.length).fill(1), truth, [8, 0, 1], ['h', 'c', 's']));
    const theirs = mlLM({ x: Array.from(x), y: Array.from(y) }, (p: number[]) => (t: number) => truth(p, t), {
      initialValues: [8, 0, 1], maxIterations: 500, errorTolerance: 1e-12, damping: 1e-3,
    });
    for (let j = 0; j < 3; j++) expect(ours.x[j]).toBeCloseTo(theirs.parameterValues[j], 4);
  });

  it('reports fully correlated parameters instead of failing silently', () => {
    const x = Float64Array.from({ length: 30 }, (_, i) => i);
    const y = Float64Array.from(x, (t) => 1 + 2 * t);
    // p0 and p2 enter only as their sum: the normal matrix is singular
    const prob = problemFrom(x, y, new Float64Array(30).fill(1), (p, t) => p[0] + p[2] + p[1] * t, [0, 0, 0], ['a', 'b', 'c']);
    const r = levenbergMarquardt(prob);
    expect(r.highCorrelations.some((h) => h.a === 'a' && h.b === 'c')).toBe(true);
  });

  it('refuses a parameter with no effect, naming it', () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i);
    const prob = problemFrom(x, x, new Float64Array(10).fill(1), (p, t) => p[0] * t, [1, 5], ['slope', 'ghost']);
    expect(() => levenbergMarquardt(prob)).toThrow(/ghost/);
  });
});
