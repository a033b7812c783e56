/**
 * The refinement worker: runs refinePattern off the page's thread and posts, after each accepted
 * iteration, the calculated pattern so the plot follows the fit.
 */
import { PatternModel } from '../model/pattern-model.js';
import { refinePattern } from '../rietveld/refine.js';
import type { RefineRequest, WorkerMessage, WorkerTick } from './protocol.js';

const post = (m: WorkerMessage, transfer: Transferable[] = []) =>
  (self as unknown as { postMessage(m: unknown, t: Transferable[]): void }).postMessage(m, transfer);

// refinePattern's onIteration reports chi^2 only; the model it evaluates is caught here, when the least
// squares asks it for the pattern and derivatives (at the accepted step, just before onIteration fires)
let current: PatternModel | null = null;
const jacobian = PatternModel.prototype.jacobian;
PatternModel.prototype.jacobian = function (this: PatternModel, ...args: Parameters<PatternModel['jacobian']>) {
  current = this;
  return jacobian.apply(this, args);
};

self.addEventListener('message', (e: MessageEvent<RefineRequest>) => {
  if (e.data?.type !== 'refine') return;
  const { pattern, structures, instrument } = e.data;
  const t0 = performance.now();
  let step = 0;
  try {
    current = null;
    const out = refinePattern(pattern, structures, instrument, {
      onIteration: (info) => {
        step++;
        if (!current) return;
        const ycalc = current.calculate(new Float64Array(current.n));
        const background = current.background();
        post({ type: 'progress', step, stage: info.stage, chi2: info.chi2, ycalc, background, elapsedMs: performance.now() - t0 }, [ycalc.buffer, background.buffer]);
      },
    });
    const refineMs = performance.now() - t0;
    const model = out.built.model;
    const ticks: WorkerTick[] = model.peaks
      .filter((p) => p.line === 0)
      .map((p) => ({ phase: p.phase, twoTheta: p.twoTheta, hkl: model.phases[p.phase].reflections[p.reflection].hkl }));
    const { twoTheta, yobs, ycalc, background, phases } = out.curves;
    post({ type: 'done', result: out.result, curves: { twoTheta, yobs, ycalc, background, phases }, ticks, refineMs });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
});
