/**
 * Instrument files: the project's JSON (SPEC.md section 3) and GSAS-II .instprm.
 * Units: wavelengths A; U V W P deg^2; X Y deg; SL HL fractions of the goniometer radius; slit deg;
 * zero deg 2theta; radius mm.
 */
import { InputError } from '../errors.js';
import { clip } from './formats/common.js';
import { GEOMETRIES, type Geometry, type Wavelength } from './pattern.js';

export interface InstrumentProfile {
  U?: number;
  V?: number;
  W?: number;
  P?: number;
  X?: number;
  Y?: number;
  SL?: number;
  HL?: number;
  /** equatorial divergence slit (deg) for the flat-specimen aberration */
  slitDeg?: number;
  /** Soller collimator angle (deg, as quoted; transmission falls to zero at half of it) limiting the FCJ divergence */
  sollerDeg?: number;
  /**
   * full axial model (Cheary & Coelho 1998) in place of S/L, H/L: axial lengths of the source, the specimen and the
   * receiving slit (mm) and the primary and secondary Soller angles (deg); used when sampleLengthMm is given.
   * Without sampleLengthMm, primarySollerDeg alone gives the incident beam's axial divergence, which the FCJ
   * description (an axially parallel incident beam) leaves out (src/profile/incident-axial.ts)
   */
  sourceLengthMm?: number;
  sampleLengthMm?: number;
  receiverLengthMm?: number;
  primarySollerDeg?: number;
  secondarySollerDeg?: number;
  /**
   * an incident-beam Johansson monochromator's passband (src/profile/passband.ts): full width in dlambda/lambda,
   * edge softness and centre in half-widths; given, the emission line is the Cu K-alpha spectrum through it
   */
  passbandWidth?: number;
  passbandShoulder?: number;
  passbandMistune?: number;
}

export interface InstrumentFile {
  wavelengths?: Wavelength[];
  monochromatorTwoThetaDeg?: number | null;
  goniometerRadiusMm?: number;
  zeroDeg?: number;
  displacementMm?: number;
  /**
   * 'reflection' (a flat specimen, Bragg-Brentano) or 'transmission' (a capillary, Debye-Scherrer); absent: what
   * the pattern file says, else reflection
   */
  geometry?: Geometry;
  /** a transmission specimen's offsets from the goniometer axis, along and across the incident beam, mm */
  sampleXMm?: number;
  sampleYMm?: number;
  profile?: InstrumentProfile;
  /** where it came from, for reports */
  source?: string;
}

const PROFILE_KEYS = ['U', 'V', 'W', 'P', 'X', 'Y', 'SL', 'HL', 'slitDeg', 'sollerDeg', 'sourceLengthMm', 'sampleLengthMm', 'receiverLengthMm', 'primarySollerDeg', 'secondarySollerDeg', 'passbandWidth', 'passbandShoulder', 'passbandMistune'] as const;
const TOP_KEYS = ['wavelengths', 'monochromatorTwoThetaDeg', 'goniometerRadiusMm', 'zeroDeg', 'displacementMm', 'geometry', 'sampleXMm', 'sampleYMm', 'profile', 'source', 'comment', '$schema', 'calibration'];

function num(v: unknown, key: string, file: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`instrument key '${key}' must be a finite number`, { file });
  return v;
}

/** Parse the project's JSON instrument file. */
export function parseInstrumentJson(text: string, file: string): InstrumentFile {
  let raw: unknown;
  if (!text.trim()) throw new InputError('instrument file must be a JSON object (the file is empty)', { file });
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // V8 quotes the text around the error, newlines and all: one line, control characters masked
    throw new InputError(`not valid JSON: ${clip((e as Error).message, 200)}`, { file });
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError('instrument file must be a JSON object', { file });
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!TOP_KEYS.includes(k)) throw new InputError(`unknown instrument key '${clip(k)}'`, { file });
  const out: InstrumentFile = { source: file };
  if (o.wavelengths !== undefined) {
    if (!Array.isArray(o.wavelengths) || o.wavelengths.length === 0) throw new InputError("'wavelengths' must be a non-empty list", { file });
    out.wavelengths = o.wavelengths.map((w, i) => {
      const r = w as Record<string, unknown>;
      const lambda = num(r?.lambda, `wavelengths[${i}].lambda`, file);
      const weight = num(r?.weight ?? 1, `wavelengths[${i}].weight`, file);
      if (!(lambda > 0) || weight < 0) throw new InputError(`wavelengths[${i}] needs lambda > 0 and weight >= 0`, { file });
      return { lambda, weight };
    });
    // all weights 0 would give a pattern of no intensity, reported later without the file
    if (!out.wavelengths.some((w) => w.weight > 0)) throw new InputError('at least one wavelength needs a weight above 0', { file });
  }
  if (o.monochromatorTwoThetaDeg !== undefined) {
    out.monochromatorTwoThetaDeg = o.monochromatorTwoThetaDeg === null ? null : num(o.monochromatorTwoThetaDeg, 'monochromatorTwoThetaDeg', file);
    // a crystal's Bragg angle: 0 < 2theta_M < 180 (null: none)
    const m = out.monochromatorTwoThetaDeg;
    if (m !== null && !(m > 0 && m < 180)) throw new InputError(`'monochromatorTwoThetaDeg' must lie between 0 and 180 deg (null for none), not ${m}`, { file });
  }
  if (o.goniometerRadiusMm !== undefined) {
    out.goniometerRadiusMm = num(o.goniometerRadiusMm, 'goniometerRadiusMm', file);
    if (!(out.goniometerRadiusMm > 0)) throw new InputError("'goniometerRadiusMm' must be positive", { file });
  }
  if (o.zeroDeg !== undefined) out.zeroDeg = num(o.zeroDeg, 'zeroDeg', file);
  if (o.displacementMm !== undefined) out.displacementMm = num(o.displacementMm, 'displacementMm', file);
  if (o.geometry !== undefined) {
    if (!GEOMETRIES.includes(o.geometry as Geometry)) throw new InputError(`'geometry' must be "reflection" or "transmission", not ${clip(JSON.stringify(o.geometry))}`, { file });
    out.geometry = o.geometry as Geometry;
  }
  if (o.sampleXMm !== undefined) out.sampleXMm = num(o.sampleXMm, 'sampleXMm', file);
  if (o.sampleYMm !== undefined) out.sampleYMm = num(o.sampleYMm, 'sampleYMm', file);
  if (o.profile !== undefined) {
    const p = o.profile as Record<string, unknown>;
    if (!p || typeof p !== 'object') throw new InputError("'profile' must be an object", { file });
    const prof: InstrumentProfile = {};
    for (const k of Object.keys(p)) {
      if (!(PROFILE_KEYS as readonly string[]).includes(k)) throw new InputError(`unknown profile key '${clip(k)}' (expected ${PROFILE_KEYS.join(', ')})`, { file });
      prof[k as (typeof PROFILE_KEYS)[number]] = num(p[k], `profile.${k}`, file);
    }
    out.profile = prof;
  }
  return out;
}

/**
 * GSAS-II .instprm: U V W in centideg^2, X Y in centideg, its Lorentzian written X / cos theta + Y tan theta,
 * one SH/L = (S + H)/L (taken as S/L = H/L = SH/L / 2), polarization fraction P (K = (1 - P)/P = cos^2 2theta_M).
 */
export function parseInstprm(text: string, file: string): InstrumentFile {
  const kv = new Map<string, string>();
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    const m = /^([^:]+):(.*)$/.exec(t);
    if (!m) throw new InputError(`expected 'key:value'`, { file, line: i + 1 });
    kv.set(m[1].trim(), m[2].trim());
  });
  const get = (k: string): number | undefined => {
    const v = kv.get(k);
    if (v === undefined) return undefined;
    const x = Number(v);
    if (!Number.isFinite(x)) throw new InputError(`'${clip(k)}' is not a number: ${clip(v)}`, { file });
    return x;
  };
  const type = kv.get('Type');
  if (type && !type.startsWith('PX')) throw new InputError(`instrument type '${clip(type)}' is not a lab X-ray powder instrument`, { file });
  const wavelengths: Wavelength[] = [];
  const l1 = get('Lam1') ?? get('Lam');
  if (l1 === undefined) throw new InputError('no wavelength (Lam1 or Lam)', { file });
  wavelengths.push({ lambda: l1, weight: 1 });
  const l2 = get('Lam2');
  const ratio = get('I(L2)/I(L1)');
  if (l2 !== undefined && ratio && ratio > 0) wavelengths.push({ lambda: l2, weight: ratio });
  const pol = get('Polariz.');
  let mono: number | null = null;
  if (pol !== undefined && Math.abs(pol - 0.5) > 1e-6 && pol > 0.5 && pol <= 1) {
    const k = (1 - pol) / pol;
    mono = (Math.acos(Math.sqrt(k)) * 180) / Math.PI;
  }
  const shl = get('SH/L') ?? 0;
  return {
    source: file,
    wavelengths,
    monochromatorTwoThetaDeg: mono,
    zeroDeg: get('Zero') ?? 0,
    profile: {
      U: (get('U') ?? 0) / 1e4,
      V: (get('V') ?? 0) / 1e4,
      W: (get('W') ?? 0) / 1e4,
      X: (get('Y') ?? 0) / 100,
      Y: (get('X') ?? 0) / 100,
      SL: shl / 2,
      HL: shl / 2,
    },
  };
}

/**
 * Pick the parser: JSON for a .json file or text that starts like JSON, else GSAS-II key:value. A leading
 * byte-order mark (Windows editors write one) is dropped first.
 */
export function parseInstrument(text: string, file: string): InstrumentFile {
  const t = text.replace(/^\uFEFF/, '');
  const json = /\.json$/i.test(file) || /^\s*[{[]/.test(t);
  return json ? parseInstrumentJson(t, file) : parseInstprm(t, file);
}

/** Serialize to the project's JSON format. */
export function writeInstrumentJson(inst: InstrumentFile): string {
  const { source: _source, ...rest } = inst;
  return JSON.stringify(rest, null, 2) + '\n';
}
