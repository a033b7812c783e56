/**
 * `xrd convert FILE OUT.{xye,csv,fxye} [--scan N|merge]`: any supported pattern to a plain
 * format. The output is written to a temporary name next to OUT and renamed, so a failed run
 * leaves no partial file behind.
 */
import { extname } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { selectScan, writeCsv, writeFxye, writeXye } from '../../io/formats/index.js';
import { loadPatternFile } from '../../io/formats/load.js';
import type { Pattern } from '../../io/pattern.js';
import { parseScanOption, writeAtomically } from '../io.js';

const WRITERS: Record<string, (p: Pattern) => string> = {
  '.xye': writeXye,
  '.csv': writeCsv,
  '.fxye': (p) => writeFxye(p),
};


export function register(program: Command): void {
  program
    .command('convert')
    .description('convert a pattern file to .xye, .csv or GSAS .fxye')
    .argument('<file>', 'pattern file in any supported format')
    .argument('<out>', 'output file; the extension picks the format: .xye, .csv or .fxye')
    .option('--scan <n>', 'scan to write (1-based) or "merge" to join all scans; needed when the file holds several')
    .action(async (file: string, out: string, opts: { scan?: string }) => {
      const ext = extname(out).toLowerCase();
      const write = WRITERS[ext];
      if (!write) throw new InputError(`output must end in .xye, .csv or .fxye, not "${ext || '(none)'}"`, { file: out });
      const scan = parseScanOption(opts.scan);
      const pf = await loadPatternFile(file);
      const p = selectScan(pf, scan);
      await writeAtomically(out, write(p), [file]);
      const which = pf.scans.length > 1 ? (scan === 'merge' ? `${pf.scans.length} scans merged` : `scan ${scan}`) : '1 scan';
      process.stdout.write(`wrote ${out}: ${p.twoTheta.length} points from ${pf.format} (${which})\n`);
    });
}
