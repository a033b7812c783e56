/**
 * `xrd wh PATTERN --phase CIF [--phase CIF ...] [--instrument FILE] [--plot FILE.svg] [--json FILE]`: Williamson-Hall
 * size and strain of each phase from its isolated reflections fitted one by one.
 */
import type { Command } from 'commander';
import { williamsonHall, type WhResult } from '../../analysis/williamson-hall.js';
import type { CrystalStructure } from '../../crystal/types.js';
import { williamsonHallSvg } from '../../io/plot/rietveld-svg.js';
import { InputError } from '../../errors.js';
import { formatEsd } from '../../io/report/esd.js';
import { collect, loadInstrument, loadPattern, loadPhase, numberOption, parseScanOption, scherrerOption, writeAll } from '../io.js';

export function register(program: Command): void {
  program
    .command('wh')
    .description('Williamson-Hall size and strain from isolated reflections fitted one by one')
    .argument('<pattern>', 'measured pattern')
    .requiredOption('--phase <cif>', 'phase (repeatable); each is analysed, the others mark overlaps', collect)
    .option('--instrument <file>', 'instrument file: its widths are removed')
    .option('--k <K>', 'Scherrer constant', '0.89')
    .option('--min-separation <deg>', 'leave out reflections with a neighbour closer than this', '1.0')
    .option('--plot <file.svg>', 'draw beta cos theta against sin theta with the fitted lines')
    .option('--json <file>', 'write the result as JSON')
    .option('--scan <n|merge>', 'scan of a multi-scan file')
    .action(async (patternPath: string, o: { phase: string[]; instrument?: string; k: string; minSeparation: string; plot?: string; json?: string; scan?: string }) => {
      // as `xrd size`: K <= 0 gave a size of 0 or below; a negative separation left no reflection out
      const k = scherrerOption(o.k);
      const minSeparationDeg = numberOption(o.minSeparation, '--min-separation');
      if (!(minSeparationDeg >= 0)) throw new InputError(`--min-separation must be 0 deg or more, not ${o.minSeparation}`);
      const pattern = await loadPattern(patternPath, parseScanOption(o.scan));
      const instrument = o.instrument ? await loadInstrument(o.instrument) : undefined;
      const phases: CrystalStructure[] = [];
      for (const p of o.phase) phases.push(await loadPhase(p));
      const results: WhResult[] = phases.map((ph) => williamsonHall(pattern, ph, { instrument, others: phases.filter((x) => x !== ph), k, minSeparationDeg }));
      const files: { path: string; data: string }[] = [];
      if (o.json) files.push({ path: o.json, data: JSON.stringify(results, null, 1) + '\n' });
      if (o.plot) {
        files.push({
          path: o.plot,
          data: williamsonHallSvg({
            phases: results.map((r) => ({ name: r.phase, points: r.points.map((p) => ({ x: p.x, y: p.y, hkl: p.hkl.join('') })), fit: { slope: r.fit.slope, intercept: r.fit.intercept } })),
          }),
        });
      }
      await writeAll(files, [patternPath, ...o.phase, ...(o.instrument ? [o.instrument] : [])]);
      for (const r of results) {
        process.stdout.write(
          `${r.phase}: ${r.points.length} reflections (${r.points.map((p) => p.hkl.join('')).join(' ')}); size ${Number.isFinite(r.sizeNm.value) ? `${formatEsd(r.sizeNm.value, r.sizeNm.esd)} nm` : 'not resolved (no size broadening beyond the instrument: intercept <= 0)'} (K ${r.k}), strain ${formatEsd(r.strain.value, r.strain.esd)}${r.instrumentRemoved ? '' : ' (instrument broadening NOT removed: apparent)'}\n` +
            (r.mismatched.length ? `  left out, not at ${r.phase}'s positions: ${r.mismatched.map((m) => `${m.hkl.join('')} (calculated ${m.calculated.toFixed(2)}, fitted ${m.fitted.toFixed(2)} deg)`).join(', ')}\n` : ''),
        );
      }
    });
}
