/**
 * A measured or calculated powder pattern, as every reader returns it and the model consumes it.
 * Angles in degrees 2theta, intensities in counts (after any attenuator factor), sigma in counts.
 */
import { ParseError } from '../errors.js';

/** One emission line: wavelength in A and relative weight (Ka1 = 1). */
export interface Wavelength {
  lambda: number;
  weight: number;
  label?: string;
}

/** Where an instrument value came from, for the report ("file", "instrument file", "default"; "option": given to the command or the library call). */
export type ValueSource = 'file' | 'instrument' | 'recipe' | 'option' | 'default';

/** A specimen in reflection (flat, Bragg-Brentano) or in transmission (a capillary, Debye-Scherrer). */
export type Geometry = 'reflection' | 'transmission';
export const GEOMETRIES: readonly Geometry[] = ['reflection', 'transmission'];

export interface PatternMetadata {
  /** Format id, e.g. "xye", "bruker-raw-v3", "xrdml", "brml", "rigaku-ras". */
  format: string;
  /** Anode element if the file says, e.g. "Cu". */
  anode?: string;
  /** Emission lines found in the file (Ka1, Ka2 with ratio); absent when the file does not say. */
  wavelengths?: Wavelength[];
  /** Nominal step in degrees 2theta (absent for variable steps). */
  stepDeg?: number;
  /** Counting time per step in seconds. */
  countTimeS?: number;
  /** Goniometer radius in mm. */
  goniometerRadiusMm?: number;
  sampleName?: string;
  /** Monochromator 2theta angle in degrees, when the file records one. */
  monochromatorTwoThetaDeg?: number;
  /** Axial Soller collimators in the incident and diffracted beams, deg as quoted, when the file records them. */
  primarySollerDeg?: number;
  secondarySollerDeg?: number;
  /** An incident-beam monochromator's kind when the file names it, e.g. "johansson". */
  incidentMonochromator?: string;
  /** The specimen's geometry when the file shows it (a .brml detector scan on a capillary stage: transmission). */
  geometry?: Geometry;
  /**
   * Set when the scan moved the detector alone, the specimen held at this angle (deg): not a Bragg-Brentano
   * theta-2theta scan, which moves both.
   */
  detectorScanSampleDeg?: number;
  /** Any further key/value pairs worth showing to a user. */
  extra?: Record<string, string | number>;
}

export interface Pattern {
  /** 2theta in degrees, strictly increasing. */
  twoTheta: Float64Array;
  /**
   * Intensity in counts (may be scaled counts for 'intensities' files). From a reader: not all zero; a negative
   * count or a zero among counts of 20 or more is listed in badPoints.
   */
  counts: Float64Array;
  /** One standard uncertainty per point, > 0. */
  sigma: Float64Array;
  meta: PatternMetadata;
  /**
   * Points a counter cannot have given (formats/common.ts: a negative count; a zero among counts of 20 or more,
   * a dropped reading), each with the error naming its file and line. The file still reads, so that a range or
   * an exclusion can leave them out; a fit that uses one refuses it (refuseBadPoints). Absent when there are none.
   */
  badPoints?: BadPoint[];
}

export interface BadPoint {
  /** index into twoTheta / counts */
  index: number;
  /** what is wrong with it, without the location */
  message: string;
  file: string;
  line?: number;
  offset?: number;
}

/**
 * Throws the first bad point that `used` (by index) says a fit uses, with how to leave it out: weighted by counting
 * statistics such a point is wrong (a zero with sigma 1 among counts of hundreds dominated a fit silently).
 */
export function refuseBadPoints(pattern: Pattern, used: (index: number) => boolean): void {
  for (const b of pattern.badPoints ?? []) {
    if (!used(b.index)) continue;
    const t = pattern.twoTheta[b.index];
    const near = (k: number) => pattern.twoTheta[Math.min(Math.max(k, 0), pattern.twoTheta.length - 1)];
    const lo = Number(((t + near(b.index - 1)) / 2).toFixed(5));
    const hi = Number(((t + near(b.index + 1)) / 2).toFixed(5));
    throw new ParseError(`${b.message}; leave it out with --exclude ${lo}:${hi} (or --range), or correct the file`, { file: b.file, line: b.line, offset: b.offset });
  }
}

/** A file may hold several scans (Bruker RAW v4 ranges, Rigaku RAS multi-scan). */
export interface PatternFile {
  file: string;
  format: string;
  scans: Pattern[];
}
