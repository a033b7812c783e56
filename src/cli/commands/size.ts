/**
 * `xrd size PATTERN [--peak 28.44] [--instrument FILE] [--json FILE] [--k 0.89] [--lambda 1.541853] [--phase CIF]`:
 * single-peak Scherrer size, raw (the source study's) and corrected (doublet resolved, instrument removed).
 */
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { fitPeak } from '../../analysis/single-peak.js';
import { formatEsd } from '../../io/report/esd.js';
import { reflectionTable } from '../../model/reflection-table.js';
import { loadInstrument, loadPattern, loadStructure, numberOption, parseScanOption, scherrerOption, writeAll } from '../io.js';

export function register(program: Command): void {
  program
    .command('size')
    .description('crystallite size from one reflection (Scherrer), raw and instrument-corrected')
    .argument('<pattern>', 'measured pattern')
    .option('--peak <deg>', 'approximate 2theta of the reflection, deg', '28.44')
    .option('--instrument <file>', 'instrument file: its widths are removed in the corrected value')
    .option('--k <K>', 'Scherrer constant', '0.89')
    .option('--lambda <A>', 'wavelength for the raw value, A', '1.541853')
    .option('--phase <cif>', 'structure, to name the reflection (hkl)')
    .option('--json <file>', 'write the result as JSON')
    .option('--scan <n|merge>', 'scan of a multi-scan file')
    .action(async (patternPath: string, o: { peak: string; instrument?: string; k: string; lambda: string; phase?: string; json?: string; scan?: string }) => {
      const k = scherrerOption(o.k);
      const lambda = numberOption(o.lambda, '--lambda');
      if (!(lambda > 0)) throw new InputError(`--lambda must be above 0 A, not ${o.lambda}`);
      if (!(lambda >= 0.1 && lambda <= 5)) throw new InputError(`--lambda must be an X-ray wavelength, 0.1 to 5 A, not ${o.lambda}`);
      const pattern = await loadPattern(patternPath, parseScanOption(o.scan));
      const instrument = o.instrument ? await loadInstrument(o.instrument) : undefined;
      const r = fitPeak(pattern, { peakDeg: numberOption(o.peak, '--peak'), instrument, k, lambda });
      // a fit on noise, or beside a peak, still returns a width: a size of it was reported with exit 0
      const { area, fwhmDeg } = r.raw;
      if (!(area.value > 5 * area.esd) || !(fwhmDeg.esd < fwhmDeg.value)) {
        throw new InputError(`--peak ${o.peak}: no significant peak near ${r.peak.twoTheta.toFixed(2)} deg (fitted area ${formatEsd(area.value, area.esd)}, FWHM ${formatEsd(fwhmDeg.value, fwhmDeg.esd)} deg): is there a reflection there?`, { file: patternPath });
      }
      let hkl: number[] | null = null;
      if (o.phase) {
        const rows = reflectionTable(await loadStructure(o.phase), { wavelength: (instrument?.wavelengths ?? pattern.meta.wavelengths ?? [{ lambda: 1.54056, weight: 1 }])[0].lambda, maxTwoTheta: r.peak.twoTheta + 5 });
        const best = rows.reduce((a, b) => (Math.abs(b.twoTheta - r.peak.twoTheta) < Math.abs(a.twoTheta - r.peak.twoTheta) ? b : a), rows[0]);
        if (best && Math.abs(best.twoTheta - r.peak.twoTheta) < 0.5) hkl = best.hkl;
      }
      const json = {
        peak: { twoTheta: r.peak.twoTheta, hkl },
        raw: { fwhmDeg: r.raw.fwhmDeg.value, lvolFWHM: r.raw.lvolFWHM.value, fwhmEsd: r.raw.fwhmDeg.esd, lvolFWHMEsd: r.raw.lvolFWHM.esd, eta: r.raw.eta, k: r.k, lambda: r.lambda },
        // an unbroadened peak has an infinite size (JSON null): the status says so
        corrected: { fwhmDeg: r.corrected.fwhmDeg, lvolFWHM: r.corrected.lvolFWHM, status: Number.isFinite(r.corrected.lvolFWHM.value) ? 'resolved' : 'notResolved', instrumentRemoved: r.corrected.instrumentRemoved },
      };
      if (o.json) await writeAll([{ path: o.json, data: JSON.stringify(json, null, 1) + '\n' }], [patternPath, ...(o.instrument ? [o.instrument] : []), ...(o.phase ? [o.phase] : [])]);
      const lines = [
        `peak at ${r.peak.twoTheta.toFixed(3)} deg${hkl ? ` (${hkl.join(' ')})` : ''}`,
        `raw (one pseudo-Voigt over the Ka doublet, lambda ${r.lambda} A, K ${r.k}): FWHM ${formatEsd(r.raw.fwhmDeg.value, r.raw.fwhmDeg.esd)} deg, L ${formatEsd(r.raw.lvolFWHM.value, r.raw.lvolFWHM.esd)} nm`,
        `corrected (doublet resolved${r.corrected.instrumentRemoved ? ', instrument width removed' : '; no instrument file: instrument width NOT removed'}): sample FWHM ${formatEsd(r.corrected.fwhmDeg.value, r.corrected.fwhmDeg.esd)} deg, L ${Number.isFinite(r.corrected.lvolFWHM.value) ? `${formatEsd(r.corrected.lvolFWHM.value, r.corrected.lvolFWHM.esd)} nm` : 'not resolved (no sample broadening beyond the instrument)'}`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
    });
}
