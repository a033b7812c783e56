/** Batch refinement: runBatch and what it reports (see docs/recipes.md and docs/api.md). */
export { runBatch, removeStaleTemporaries, outputBases, type BatchOptions, type BatchResult } from './run.js';
export { summaryCsv, summaryHeader, parseSummaryCsv, type SummaryRow, type PhaseSummary, type BatchStatus } from './summary.js';
export { progressPrinter, type ProgressEvent, type ProgressMode } from './progress.js';
export { trendSvg, type TrendData } from './trend-svg.js';
export { refinementFiles, plotOf, type RefinementFilesRequest } from './outputs.js';
