/**
 * `xrd simulate --phase CIF[:wt%[:sizeNm]] ... [--instrument FILE] [--range 10:90:0.01] [--noise SEED]
 *  [--background COUNTS] [--max-counts N] --out FILE.xye [--plot FILE.svg]`
 */
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { writeXye } from '../../io/formats/index.js';
import { patternSvg } from '../../io/plot/rietveld-svg.js';
import { simulatePattern, type SimulatePhase } from '../../model/simulate.js';
import { collect, loadInstrument, loadStructure, numberOption, rangeOption, writeAll } from '../io.js';

/** "path.cif", "path.cif:20", "path.cif:20:35" (weight %, size nm); a Windows drive letter is not a field. */
export function parsePhaseSpec(spec: string): { path: string; wt?: number; size?: number } {
  const m = /^(.*?\.cif)(?::([^:]*))?(?::([^:]*))?$/i.exec(spec);
  if (!m) return { path: spec };
  const out: { path: string; wt?: number; size?: number } = { path: m[1] };
  if (m[2] !== undefined && m[2] !== '') out.wt = numberOption(m[2], `--phase ${spec} (weight %)`);
  if (m[3] !== undefined && m[3] !== '') out.size = numberOption(m[3], `--phase ${spec} (size nm)`);
  if (out.wt !== undefined && !(out.wt >= 0 && out.wt <= 100)) throw new InputError(`--phase ${spec}: weight % must be 0-100`);
  if (out.size !== undefined && !(out.size > 0)) throw new InputError(`--phase ${spec}: size must be positive (nm)`);
  return out;
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description('calculate the pattern of a mixture of phases')
    .requiredOption('--phase <cif[:wt%[:sizeNm]]>', 'phase, optionally with weight % and Lorentzian crystallite size (repeatable)', collect)
    .option('--instrument <file>', 'instrument file (JSON or GSAS-II .instprm)')
    .option('--range <start:end:step>', '2theta range in deg', '10:90:0.01')
    .option('--max-counts <n>', 'counts of the strongest point above background', '10000')
    .option('--background <counts>', 'flat background in counts', '0')
    .option('--noise <seed>', 'add Poisson noise from this seed')
    .requiredOption('--out <file.xye>', 'output pattern')
    .option('--plot <file.svg>', 'also draw the pattern with tick marks')
    .action(async (o: { phase: string[]; instrument?: string; range: string; maxCounts: string; background: string; noise?: string; out: string; plot?: string }) => {
      const [start, end, step] = rangeOption(o.range, '--range', 3);
      // counts below zero, or none at all, are what the pattern readers refuse: refuse writing them too
      const maxCounts = numberOption(o.maxCounts, '--max-counts');
      if (!(maxCounts > 0)) throw new InputError(`--max-counts must be above 0, not ${o.maxCounts}`);
      const background = numberOption(o.background, '--background');
      if (background < 0) throw new InputError(`--background cannot be negative (${o.background})`);
      const specs = o.phase.map(parsePhaseSpec);
      const phases: SimulatePhase[] = [];
      for (const s of specs) phases.push({ structure: await loadStructure(s.path), weightPercent: s.wt, sizeNm: s.size });
      const instrument = o.instrument ? await loadInstrument(o.instrument) : undefined;
      const sim = simulatePattern(phases, {
        range: [start, end, step], instrument, maxCounts, background,
        noiseSeed: o.noise !== undefined ? numberOption(o.noise, '--noise') : undefined,
      });
      const files = [{ path: o.out, data: writeXye(sim.pattern) }];
      if (o.plot) {
        files.push({
          path: o.plot,
          data: patternSvg({
            twoTheta: sim.pattern.twoTheta, y: sim.pattern.counts,
            phases: phases.map((p, i) => ({ name: p.structure.name, ticks: sim.ticks[i], curve: phases.length > 1 ? sim.phaseCurves[i] : undefined })),
            title: `simulated: ${phases.map((p) => p.structure.name).join(' + ')}`,
          }),
        });
      }
      await writeAll(files);
      process.stderr.write(`wrote ${files.map((f) => f.path).join(', ')}\n`);
    });
}
