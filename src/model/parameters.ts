/**
 * Refinable parameters: each is one small record (value, bounds, refine flag), as in mljs/spectra-fitting.
 * Units: cell A and deg; scale arbitrary; B A^2; inverse sizes 1/nm; strains dimensionless (FWHM = strain tan theta
 * in rad of 2theta); zero deg 2theta; displacement, sampleX, sampleY mm; U V W P deg^2; X Y deg; SL HL fractions of the radius;
 * slit deg.
 */

export interface Param {
  value: number;
  min: number;
  max: number;
  refine: boolean;
  /** standard uncertainty after a refinement (same unit as value) */
  esd?: number;
}

export function param(value: number, opts: { min?: number; max?: number; refine?: boolean } = {}): Param {
  return { value, min: opts.min ?? -Infinity, max: opts.max ?? Infinity, refine: opts.refine ?? false };
}

export interface PhaseParams {
  /** scale factor of the phase: intensity = scale m |F|^2 LP (per unit cell, no 1/V^2) */
  scale: Param;
  /** free lattice parameters in the order of the phase's cell parameterization */
  cell: Param[];
  /** overall B (A^2) added to every atom's own B */
  bOverall: Param;
  /** inverse Lorentzian crystallite size 1/CS_L (1/nm): FWHM_L = lambda / (CS_L cos theta) */
  invSizeL: Param;
  /** inverse Gaussian crystallite size 1/CS_G (1/nm) */
  invSizeG: Param;
  /** Lorentzian strain: FWHM = strainL tan theta (rad of 2theta) */
  strainL: Param;
  /** Gaussian strain: FWHM = strainG tan theta */
  strainG: Param;
}

export interface InstrumentParams {
  zero: Param;
  /** specimen displacement (mm) of a flat specimen in reflection (Bragg-Brentano): -(360/pi)(s/R) cos theta deg */
  displacement: Param;
  /**
   * offsets (mm) of a transmission specimen (a capillary) from the goniometer axis, along the incident beam (x) and
   * across it (y): src/profile/sample-offset.ts. Held at zero in reflection, as displacement is in transmission
   */
  sampleX: Param;
  sampleY: Param;
  U: Param;
  V: Param;
  W: Param;
  P: Param;
  X: Param;
  Y: Param;
  /** axial divergence (Finger-Cox-Jephcoat): sample half-height / radius, slit half-height / radius */
  SL: Param;
  HL: Param;
  /** equatorial divergence slit, deg: the flat-specimen aberration */
  slit: Param;
  /** Soller collimator angle, deg (0: none) limiting the axial divergence */
  soller: Param;
  /**
   * specimen transparency: the mean penetration depth 1/mu (mm) of a thick, weakly absorbing specimen; peaks
   * shift by -(sin 2theta) / (2 mu R) rad (SPEC.md section 2), which matters for light samples such as Si
   */
  transparency: Param;
  /**
   * an incident-beam Johansson monochromator's passband (src/profile/passband.ts): full width in dlambda/lambda,
   * edge softness and centre (relative to K-alpha11) in half-widths; used when the model's config has a passband
   */
  passbandWidth: Param;
  passbandShoulder: Param;
  passbandMistune: Param;
  /**
   * overall B (A^2) shared by all phases, on top of each phase's: absorbs the angle dependence of intensity
   * common to every phase (surface roughness, the instrument's axial acceptance), which per-phase B of minor,
   * overlapped phases cannot carry without biasing their scales
   */
  bShared: Param;
}

export interface ModelParams {
  instrument: InstrumentParams;
  background: Param[];
  phases: PhaseParams[];
}

export const INSTRUMENT_KEYS = ['zero', 'displacement', 'sampleX', 'sampleY', 'transparency', 'U', 'V', 'W', 'P', 'X', 'Y', 'SL', 'HL', 'slit', 'soller', 'passbandWidth', 'passbandShoulder', 'passbandMistune', 'bShared'] as const;
export type InstrumentKey = (typeof INSTRUMENT_KEYS)[number];
export const PHASE_SCALARS = ['scale', 'bOverall', 'invSizeL', 'invSizeG', 'strainL', 'strainG'] as const;
export type PhaseScalarKey = (typeof PHASE_SCALARS)[number];

/** What a parameter is, so the model knows its derivative. */
export type ParamRef =
  | { kind: 'instrument'; key: InstrumentKey }
  | { kind: 'background'; index: number }
  | { kind: 'phase'; phase: number; key: PhaseScalarKey }
  | { kind: 'cell'; phase: number; index: number };

export interface ParamEntry {
  /** display name, e.g. "Si.a", "Ni.scale", "zero", "bkg3" */
  name: string;
  /** refinement group: scale, background, cell, zero, displacement, profile, axial, slit, passband, size, strain, beq (shared), beqPhase */
  group: string;
  ref: ParamRef;
  p: Param;
}

const INSTRUMENT_GROUP: Record<InstrumentKey, string> = {
  zero: 'zero', displacement: 'displacement', sampleX: 'displacement', sampleY: 'displacement', transparency: 'transparency', U: 'profile', V: 'profile', W: 'profile', P: 'profile',
  X: 'profile', Y: 'profile', SL: 'axial', HL: 'axial', slit: 'slit', soller: 'soller', bShared: 'beq',
  passbandWidth: 'passband', passbandShoulder: 'passband', passbandMistune: 'passband',
};
const PHASE_GROUP: Record<PhaseScalarKey, string> = {
  scale: 'scale', bOverall: 'beqPhase', invSizeL: 'size', invSizeG: 'size', strainL: 'strain', strainG: 'strain',
};

/** Every parameter of the model in a fixed order, with display names. */
export function listParams(params: ModelParams, phaseNames: string[], cellNames: string[][]): ParamEntry[] {
  const out: ParamEntry[] = [];
  for (const key of INSTRUMENT_KEYS) out.push({ name: key, group: INSTRUMENT_GROUP[key], ref: { kind: 'instrument', key }, p: params.instrument[key] });
  params.background.forEach((p, index) => out.push({ name: `bkg${index}`, group: 'background', ref: { kind: 'background', index }, p }));
  params.phases.forEach((ph, phase) => {
    const n = phaseNames[phase];
    for (const key of PHASE_SCALARS) out.push({ name: `${n}.${key}`, group: PHASE_GROUP[key], ref: { kind: 'phase', phase, key }, p: ph[key] });
    ph.cell.forEach((p, index) => out.push({ name: `${n}.${cellNames[phase][index]}`, group: 'cell', ref: { kind: 'cell', phase, index }, p }));
  });
  return out;
}
