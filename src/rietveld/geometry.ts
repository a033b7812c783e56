/**
 * The specimen's geometry in a refinement: reflection (a flat specimen, Bragg-Brentano) or transmission (a
 * capillary, Debye-Scherrer). Where it comes from, and the settings that belong to one geometry and are refused in
 * the other (they would otherwise be dropped, or applied to the wrong specimen).
 *
 * A mismatch is an error of the settings (SettingsError: wrong whatever the pattern) when the geometry was given
 * (option, recipe, instrument file); when it came from the pattern file or the default it is this pattern's
 * (InputError), since another pattern of the same batch may have the other geometry.
 */
import { InputError, SettingsError } from '../errors.js';
import type { InstrumentFile } from '../io/instrument.js';
import type { Geometry, Pattern, ValueSource } from '../io/pattern.js';
import type { InstrumentKey, InstrumentParams } from '../model/parameters.js';
import { MAX_CAPILLARY_MU_R } from '../physics/cylinder-absorption.js';
import type { RefineOptions } from './options.js';

/** the parameters that belong to each geometry (held at zero in the other) */
export const GEOMETRY_PARAMS: Record<Geometry, readonly InstrumentKey[]> = {
  reflection: ['displacement', 'slit', 'transparency'],
  transmission: ['sampleX', 'sampleY'],
};

/** the geometry that is not this one */
export function otherGeometry(g: Geometry): Geometry {
  return g === 'transmission' ? 'reflection' : 'transmission';
}

export interface ChosenGeometry {
  geometry: Geometry;
  source: ValueSource;
}

/** The option (command line, recipe or call), else the instrument file's, else the pattern file's, else reflection. */
export function chooseGeometry(pattern: Pattern, instrument: InstrumentFile | undefined, opts: RefineOptions): ChosenGeometry {
  if (opts.geometry) return { geometry: opts.geometry, source: 'option' };
  if (instrument?.geometry) return { geometry: instrument.geometry, source: 'instrument' };
  if (pattern.meta.geometry) return { geometry: pattern.meta.geometry, source: 'file' };
  return { geometry: 'reflection', source: 'default' };
}

/** A scan that moved the detector alone, refined as reflection: Bragg-Brentano focusing needs both to move. */
export function geometryWarnings(pattern: Pattern, geometry: Geometry): string[] {
  const held = pattern.meta.detectorScanSampleDeg;
  if (geometry !== 'reflection' || held === undefined) return [];
  return [`the pattern file's scan moved the detector alone (specimen held at ${held} deg), which is not a Bragg-Brentano theta-2theta scan: for a capillary give the transmission geometry (--geometry transmission)`];
}

function mismatch(chosen: ChosenGeometry, message: string, file?: string): Error {
  const given = chosen.source === 'option' || chosen.source === 'instrument';
  const where = chosen.source === 'file' ? 'as the pattern file says' : chosen.source === 'default' ? 'by default' : 'as given';
  const text = `${message} (the geometry is ${chosen.geometry}, ${where}: --geometry, a recipe's geometry or the instrument file's sets it)`;
  return given ? new SettingsError(text, { file }) : new InputError(text, { file });
}

/** mu r of a capillary (--capillary-mu-r, a recipe's capillaryMuR): transmission only, in (0, MAX_CAPILLARY_MU_R]. */
export function checkCapillaryMuR(muR: number | undefined, chosen: ChosenGeometry): number | undefined {
  if (muR === undefined) return undefined;
  if (!(muR > 0 && muR <= MAX_CAPILLARY_MU_R)) {
    throw new SettingsError(`the capillary's mu r (--capillary-mu-r, a recipe's capillaryMuR) must be above 0 and at most ${MAX_CAPILLARY_MU_R}, not ${muR}`);
  }
  if (chosen.geometry !== 'transmission') throw mismatch(chosen, `the capillary's mu r (--capillary-mu-r, a recipe's capillaryMuR) = ${muR} applies to a capillary in transmission`);
  return muR;
}

/** Instrument-file values of the other geometry (non-zero) are refused. */
export function checkGeometryValues(chosen: ChosenGeometry, instrument: InstrumentFile | undefined): void {
  const wrong = chosen.geometry === 'transmission'
    ? ([['displacementMm', instrument?.displacementMm], ['profile slitDeg', instrument?.profile?.slitDeg]] as const)
    : ([['sampleXMm', instrument?.sampleXMm], ['sampleYMm', instrument?.sampleYMm]] as const);
  for (const [key, v] of wrong) {
    if (v !== undefined && v !== 0) {
      throw mismatch(chosen, `instrument ${key} = ${v} belongs to the ${otherGeometry(chosen.geometry)} geometry`, instrument?.source);
    }
  }
}

/** Parameters of the other geometry stay at zero, held: set, freed or tied by name they are refused, naming them. */
export function checkGeometryParams(chosen: ChosenGeometry, ins: InstrumentParams, ties: string[] = []): void {
  const other = GEOMETRY_PARAMS[otherGeometry(chosen.geometry)];
  const set = other.filter((k) => ins[k].refine || ins[k].value !== 0 || ties.includes(k));
  if (set.length === 0) return;
  const why = chosen.geometry === 'transmission'
    ? 'a flat specimen\'s (reflection) terms; a capillary in transmission moves its lines by its offsets sampleX and sampleY'
    : 'a capillary\'s (transmission) offsets; a flat specimen in reflection moves its lines by its displacement';
  throw mismatch(chosen, `${set.join(', ')}: ${why}`);
}
