/**
 * A measured or calculated powder pattern, as every reader returns it and the model consumes it.
 * Angles in degrees 2theta, intensities in counts (after any attenuator factor), sigma in counts.
 */

/** One emission line: wavelength in A and relative weight (Ka1 = 1). */
export interface Wavelength {
  lambda: number;
  weight: number;
  label?: string;
}

/** Where an instrument value came from, for the report ("file", "instrument file", "default"). */
export type ValueSource = 'file' | 'instrument' | 'recipe' | 'default';

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
  /** Any further key/value pairs worth showing to a user. */
  extra?: Record<string, string | number>;
}

export interface Pattern {
  /** 2theta in degrees, strictly increasing. */
  twoTheta: Float64Array;
  /** Intensity in counts (may be scaled counts for 'intensities' files). */
  counts: Float64Array;
  /** One standard uncertainty per point, > 0. */
  sigma: Float64Array;
  meta: PatternMetadata;
}

/** A file may hold several scans (Bruker RAW v4 ranges, Rigaku RAS multi-scan). */
export interface PatternFile {
  file: string;
  format: string;
  scans: Pattern[];
}
