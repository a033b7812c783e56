/**
 * The library API of the engine: everything the `xrd` command does, callable from a script.
 * Angles in degrees 2theta, lengths in A, sizes in nm, displacement in mm. See docs/api.md.
 *
 *   import { loadPattern, loadStructure, refine } from 'xrd-engine';
 *   const pattern = await loadPattern('patterns/dev_SiNi.xye');
 *   const phases = [await loadStructure('structures/Si.cif'), await loadStructure('structures/Ni.cif')];
 *   const { result } = refine(pattern, phases, await loadInstrument('patterns/instrument.json'));
 *   console.log(result.phases.map((p) => `${p.name} ${p.weightPercent.value} wt%`));
 */
import { readCifFile } from './io/cif/index.js';
import { readTextFile } from './io/read-text-file.js';
import { selectScan } from './io/formats/index.js';
import { loadPatternFile } from './io/formats/load.js';
import { parseInstrument, type InstrumentFile } from './io/instrument.js';
import type { Pattern } from './io/pattern.js';
import type { CrystalStructure } from './crystal/types.js';

export { refinePattern as refine } from './rietveld/refine.js';
export type { RefinementOutput } from './rietveld/refine.js';
export type { RietveldResult, PhaseResult, ValueEsd } from './rietveld/result.js';
export { DEFAULT_STAGES, PER_PHASE_BEQ_STAGES } from './rietveld/options.js';
export type { RefineOptions, ParamSetting } from './rietveld/options.js';
export { calibrateInstrument } from './rietveld/calibrate.js';
export type { CalibrationOptions, CalibrationOutput } from './rietveld/calibrate.js';
export { simulatePattern as simulate } from './model/simulate.js';
export type { SimulatePhase, SimulateOptions, Simulation } from './model/simulate.js';
export { fitPeak, scherrerNm } from './analysis/single-peak.js';
export type { SinglePeakOptions, SinglePeakResult } from './analysis/single-peak.js';
export { lvolFromSizes } from './analysis/crystallite-size.js';
export { weightPercents } from './analysis/weight-fractions.js';
export { reflectionTable } from './model/reflection-table.js';
export type { ReflectionRow } from './model/reflection-table.js';
export { parseCif, writeCif } from './io/cif/index.js';
export { readPatternFile, detectFormat, selectScan, writeXye, writeCsv, writeFxye } from './io/formats/index.js';
export { parseInstrument, writeInstrumentJson } from './io/instrument.js';
export type { InstrumentFile, InstrumentProfile } from './io/instrument.js';
export type { Pattern, PatternFile, PatternMetadata, Wavelength } from './io/pattern.js';
export type { CrystalStructure, Cell, AtomSite, SpaceGroup } from './crystal/types.js';
export { resolveSpaceGroup, spaceGroupFromSymbol, spaceGroupFromNumber } from './crystal/spacegroup/index.js';
export { InputError, ParseError, RefinementError } from './errors.js';
export { formatEsd } from './io/report/esd.js';
export { loadRecipe, parseRecipe, refineOptionsFor, type LoadedRecipe, type Recipe } from './recipe/index.js';
export { runBatch, type BatchOptions, type BatchResult, type SummaryRow } from './batch/index.js';

/** Reads a pattern file of any supported format (Node). Multi-scan files need `scan` (1-based) or 'merge'. */
export async function loadPattern(path: string, scan?: number | 'merge'): Promise<Pattern> {
  return selectScan(await loadPatternFile(path), scan);
}

/** Reads a CIF (Node); the phase is named after the file unless `name` is given. */
export async function loadStructure(path: string, name?: string): Promise<CrystalStructure> {
  return readCifFile(path, name ? { name } : {});
}

/** Reads an instrument file: the project's JSON or a GSAS-II .instprm (Node). */
export async function loadInstrument(path: string): Promise<InstrumentFile> {
  // a regular UTF-8 file (a device, a folder or UTF-16 text is refused by name, as for every other input)
  return parseInstrument(await readTextFile(path, 'instrument'), path);
}
