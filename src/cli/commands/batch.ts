/**
 * `xrd batch --recipe FILE --out DIR [--jobs N] [--sequential] [--png] [--curves] [--force] PATTERN...`
 * Refines every pattern with one recipe (docs/recipes.md) in worker threads; writes per-pattern JSON,
 * reports, plots and refined CIFs, DIR/summary.csv and (sequential) DIR/trend.svg. A rerun skips the
 * patterns whose result is up to date. Exit 0 all ok, 1 some pattern failed or did not converge, 2 bad input.
 */
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { progressPrinter, type ProgressMode } from '../../batch/progress.js';
import { runBatch } from '../../batch/run.js';

interface BatchCliOptions {
  recipe: string;
  out: string;
  jobs?: string;
  sequential?: boolean;
  png?: boolean;
  curves?: boolean;
  force?: boolean;
  progress: string;
}

export function register(program: Command): void {
  program
    .command('batch')
    .description('refine many patterns with one recipe, in parallel; summary.csv, per-pattern results, reruns skip finished work')
    .argument('<patterns...>', 'pattern files (any supported format)')
    .requiredOption('--recipe <file>', 'recipe (JSON or YAML): phases, instrument, ranges, stages, parameter settings')
    .requiredOption('--out <dir>', 'output folder')
    .option('--jobs <n>', 'worker threads (default: the number of cores)')
    .option('--sequential', 'refine in the order given, each pattern starting from the previous result; writes trend.svg')
    .option('--png', 'also write each Rietveld plot as PNG')
    .option('--curves', 'also write each pattern\'s observed/calculated curves as CSV')
    .option('--force', 'refine every pattern again, even those whose result is up to date')
    .option('--progress <mode>', 'progress on stderr: auto (a bar on a terminal, lines otherwise), bar, lines, none', 'auto')
    .action(async (patterns: string[], o: BatchCliOptions) => {
      process.exitCode = await runBatchCli(patterns, o);
    });
}

export async function runBatchCli(patterns: string[], o: BatchCliOptions): Promise<number> {
  let jobs: number | undefined;
  if (o.jobs !== undefined) {
    jobs = Number(o.jobs);
    if (!/^\s*\d+\s*$/.test(o.jobs) || !(jobs >= 1)) throw new InputError(`--jobs must be a whole number of at least 1, not "${o.jobs}"`);
  }
  if (!['auto', 'bar', 'lines', 'none'].includes(o.progress)) throw new InputError(`--progress must be auto, bar, lines or none, not "${o.progress}"`);
  const r = await runBatch({
    recipe: o.recipe, patterns, out: o.out, jobs, sequential: o.sequential, png: o.png, curves: o.curves, force: o.force,
    onProgress: progressPrinter(o.progress as ProgressMode),
  });
  process.stderr.write(`wrote ${r.summaryPath}${r.trendPath ? ` and ${r.trendPath}` : ''}: ${r.total} pattern(s), ${r.refined} refined, ${r.skipped} up to date, ${r.failed} not ok (${(r.elapsedMs / 1000).toFixed(1)} s)\n`);
  return r.exitCode;
}
