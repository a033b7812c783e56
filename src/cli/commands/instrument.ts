/**
 * `xrd instrument STANDARD --phase CIF --out FILE [--certified-a A] [--divergence-slit DEG]`: the instrument
 * profile from a line-profile standard, its cell held at the certified value.
 */
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { writeInstrumentJson } from '../../io/instrument.js';
import { calibrateInstrument } from '../../rietveld/calibrate.js';
import { collect, loadInstrument, loadPattern, loadStructure, numberOption, parseScanOption, rangeOption, writeAll } from '../io.js';

export function register(program: Command): void {
  program
    .command('instrument')
    .description("calibrate the instrument's profile on a line-profile standard (LaB6, Si) with its cell fixed")
    .argument('<standard>', 'pattern of the standard')
    .requiredOption('--phase <cif>', 'structure of the standard (one)', collect)
    .requiredOption('--out <file.json>', 'instrument file to write')
    .option('--certified-a <A>', 'certified cell edge in A (default: the CIF value; e.g. 4.15689 for LaB6 SRM 660b)')
    .option('--divergence-slit <deg>', 'equatorial divergence slit in deg (flat-specimen aberration)', '0')
    .option('--base <file>', 'instrument file with known wavelengths, radius, monochromator')
    .option('--range <start:end>', '2theta range, deg')
    .option('--exclude <start:end>', '2theta region to leave out, deg (repeatable), e.g. peaks of the sample holder', collect)
    .option('--scan <n|merge>', 'scan of a multi-scan file')
    .action(async (standard: string, o: { phase: string[]; out: string; certifiedA?: string; divergenceSlit: string; base?: string; range?: string; exclude?: string[]; scan?: string }) => {
      // a calibration is on one standard: a second --phase was silently the one used
      if (o.phase.length !== 1) throw new InputError(`--phase: give one standard, not ${o.phase.length} (${o.phase.join(', ')})`);
      const phase = o.phase[0];
      const certifiedA = o.certifiedA !== undefined ? numberOption(o.certifiedA, '--certified-a') : undefined;
      if (certifiedA !== undefined && !(certifiedA > 0)) throw new InputError(`--certified-a must be a cell edge above 0 A, not ${o.certifiedA}`);
      const slit = numberOption(o.divergenceSlit, '--divergence-slit');
      if (!(slit >= 0 && slit <= 5)) throw new InputError(`--divergence-slit must be 0 to 5 deg, not ${o.divergenceSlit}`);
      const pattern = await loadPattern(standard, parseScanOption(o.scan));
      const structure = await loadStructure(phase);
      const base = o.base ? await loadInstrument(o.base) : undefined;
      const range = o.range ? (rangeOption(o.range, '--range', 2) as [number, number]) : undefined;
      const exclude = (o.exclude ?? []).map((e) => rangeOption(e, '--exclude', 2) as [number, number]);
      let cal: ReturnType<typeof calibrateInstrument>;
      try {
        cal = calibrateInstrument(pattern, structure, { certifiedA, divergenceSlitDeg: slit, base, range, exclude });
      } catch (e) {
        // a result that is not an instrument function names the pattern it came from
        if (e instanceof InputError && e.file === undefined && !e.message.startsWith(standard)) throw new InputError(e.message, { file: standard });
        throw e;
      }
      const r = cal.refinement.result;
      // a calibration that did not converge is no instrument file: it was written all the same (U of -9e6)
      if (!r.converged) {
        process.stderr.write(`the calibration did NOT converge (Rwp ${r.statistics.rwp.toFixed(2)}%, GOF ${r.statistics.gof.toFixed(3)}): ${o.out} not written; is ${standard} a line-profile standard of ${structure.name}?\n`);
        process.exitCode = 1;
        return;
      }
      const file = { ...cal.instrument, calibration: { standard, phase, rwp: +r.statistics.rwp.toFixed(3), gof: +r.statistics.gof.toFixed(4), converged: r.converged } };
      await writeAll([{ path: o.out, data: writeInstrumentJson(file as typeof cal.instrument) }], [standard, phase, ...(o.base ? [o.base] : [])]);
      process.stderr.write(`converged: Rwp ${r.statistics.rwp.toFixed(2)}%, GOF ${r.statistics.gof.toFixed(3)}; wrote ${o.out}\n`);
      process.exitCode = 0;
    });
}
