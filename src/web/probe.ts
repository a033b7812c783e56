/**
 * What the page measured, on `window.__xrd` for the end-to-end test (and the curious): redraw timings of
 * the live pattern, the last calculated pattern and the last refinement.
 */
import type { Tick } from './live.js';
import type { Plot } from './plot.js';
import type { RietveldResult } from '../rietveld/result.js';

export interface Probe {
  redraws: { ms: number; calcMs: number; drawMs: number; points: number; phases: number }[];
  sim: { twoTheta: Float64Array; total: Float64Array; ticks: Tick[]; lambda: number } | null;
  refine: { result: RietveldResult; refineMs: number; wallMs: number; progressPosts: number } | null;
  /** the plot of each view */
  plots: { structure: Plot; refine: Plot } | null;
}

export const probe: Probe = { redraws: [], sim: null, refine: null, plots: null };
(globalThis as unknown as { __xrd: Probe }).__xrd = probe;
