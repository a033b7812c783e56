/**
 * `xrd simulate --phase CIF[:wt%[:sizeNm]] ... [--instrument FILE] [--range 10:90:0.01] [--noise SEED]
 *  [--background COUNTS] [--max-counts N] --out FILE.xye [--plot FILE.svg]`
 */
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { writeCsv, writeFxye, writeXye } from '../../io/formats/index.js';
import type { Pattern } from '../../io/pattern.js';
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

/** The formats `xrd convert` writes, by extension: a .csv or .fxye name got .xye text. */
const WRITERS: Record<string, (p: Pattern) => string> = { '.xye': writeXye, '.csv': writeCsv, '.fxye': (p) => writeFxye(p) };

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
    .option('--capillary-mu-r <x>', 'a capillary\'s mu r, with an instrument file of geometry transmission: its absorption on the intensities')
    .requiredOption('--out <file.xye>', 'output pattern')
    .option('--plot <file.svg>', 'also draw the pattern with tick marks')
    .action(async (o: { phase: string[]; instrument?: string; range: string; maxCounts: string; background: string; noise?: string; capillaryMuR?: string; out: string; plot?: string }) => {
      const [start, end, step] = rangeOption(o.range, '--range', 3);
      if (!(start >= 0 && end < 180)) throw new InputError(`--range ${o.range}: 2theta must lie from 0 to below 180 deg`);
      const ext = extname(o.out).toLowerCase();
      const write = WRITERS[ext];
      if (!write) throw new InputError(`--out ${o.out}: the extension names the format: .xye, .csv or .fxye, not "${ext || '(none)'}"`);
      if (o.plot !== undefined) {
        if (extname(o.plot).toLowerCase() !== '.svg') throw new InputError(`--plot ${o.plot}: the plot is SVG: give a name ending in .svg`);
        if (resolve(o.plot) === resolve(o.out)) throw new InputError(`--plot ${o.plot} is the --out file: the plot would overwrite the pattern`);
      }
      // a seed is what the generator takes: a whole number 0 to 2^32 - 1 (-1, 1.5 and 1e30 were taken as some other seed)
      let noiseSeed: number | undefined;
      if (o.noise !== undefined) {
        noiseSeed = numberOption(o.noise, '--noise');
        if (!(Number.isInteger(noiseSeed) && noiseSeed >= 0 && noiseSeed < 2 ** 32)) throw new InputError(`--noise must be a seed: a whole number from 0 to ${2 ** 32 - 1}, not ${o.noise}`);
      }
      // counts below zero, or none at all, are what the pattern readers refuse: refuse writing them too
      const maxCounts = numberOption(o.maxCounts, '--max-counts');
      if (!(maxCounts > 0)) throw new InputError(`--max-counts must be above 0, not ${o.maxCounts}`);
      const background = numberOption(o.background, '--background');
      if (background < 0) throw new InputError(`--background cannot be negative (${o.background})`);
      const specs = o.phase.map(parsePhaseSpec);
      if (specs.length === 1 && specs[0].wt === 0) throw new InputError(`--phase ${o.phase[0]}: a weight of 0 % leaves nothing to simulate`);
      const phases: SimulatePhase[] = [];
      for (const s of specs) phases.push({ structure: await loadStructure(s.path), weightPercent: s.wt, sizeNm: s.size });
      const instrument = o.instrument ? await loadInstrument(o.instrument) : undefined;
      const sim = simulatePattern(phases, {
        range: [start, end, step], instrument, maxCounts, background,
        noiseSeed, capillaryMuR: o.capillaryMuR !== undefined ? numberOption(o.capillaryMuR, '--capillary-mu-r') : undefined,
      });
      const files = [{ path: o.out, data: write(sim.pattern) }];
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
      await writeAll(files, [...specs.map((s) => s.path), ...(o.instrument ? [o.instrument] : [])]);
      process.stderr.write(`wrote ${files.map((f) => f.path).join(', ')}\n`);
    });
}
