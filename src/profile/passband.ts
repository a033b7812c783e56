/**
 * The emission line passed by an incident-beam bent-crystal (Johansson) monochromator, after the model of
 * M. H. Mendenhall, D. Black & J. P. Cline, "The optics of focusing bent-crystal monochromators on X-ray powder
 * diffractometers with application to lattice parameter determination and microstructure analysis",
 * J. Appl. Cryst. 52 (2019), doi:10.1107/S1600576719010951.
 *
 * The crystal passes a band of wavelengths: the source's spectrum (Cu K-alpha as four Lorentzians) times a
 * flat-topped window with arctan edges. The monochromator's own dispersion adds to the specimen's, so a
 * wavelength offset dlambda/lambda from the fiducial K-alpha11 appears at D dlambda/lambda rad of 2theta with
 * D = 2 tan theta + (b / R) tan theta_M (b: monochromator-to-focus distance, taken equal to the goniometer
 * radius R, as on the instruments the paper describes). The window's full width `width` is in dlambda/lambda,
 * its edges' softness `shoulder` and its centre `mistune` in units of its half-width.
 *
 * The line about its mean is carried as shift nodes (composed with the other aberrations on the peak's grid);
 * the mean belongs to the peak position. The mistune moves the mean as a wavelength error does: it is not
 * determined by a pattern whose cell is refined, and is held (at 0, a window centred on K-alpha11) unless a
 * calibration on a standard fixed it.
 */
import { CU_KA_SPECTRUM } from '../physics/elements/cu-ka-spectrum.js';
import type { ShiftNodes } from './compose-nodes.js';

const DEG = Math.PI / 180;
/** points for the mean and variance (independent of the grid step, so the position does not move with it) */
const MOMENT_POINTS = 600;
/** points per grid cell for the nodes */
const CELL_POINTS = 4;

export interface Passband {
  /** full width of the window, dlambda / lambda */
  width: number;
  /** arctan edge width, in half-widths of the window */
  shoulder: number;
  /** window centre relative to K-alpha11, in half-widths */
  mistune: number;
}

export interface PassbandLine {
  /** mean position relative to the fiducial line's Bragg angle, deg */
  meanDeg: number;
  varianceDeg2: number;
}

/**
 * The 2theta of a Ge(111) Johansson crystal (a = 5.6575 A, d = a / sqrt 3) at lambda: 27.28 deg at Cu K-alpha1.
 * Bruker's and NIST's Johansson optics are Ge(111).
 */
export function johanssonGe111TwoThetaDeg(lambda: number): number {
  const d = 5.6575 / Math.sqrt(3);
  return (2 * Math.asin(lambda / (2 * d)) * 180) / Math.PI;
}

/** The monochromator's term of the dispersion, (b / R) tan theta_M with b = R. */
export function monochromatorDispersion(monochromatorTwoThetaDeg: number): number {
  return Math.tan((monochromatorTwoThetaDeg * DEG) / 2);
}

/** Density of the passed line at x deg from the fiducial position, unnormalised. */
function densityAt(twoThetaDeg: number, pb: Passband, dispersionConst: number) {
  const D = 2 * Math.tan((twoThetaDeg * DEG) / 2) + dispersionConst; // rad of 2theta per unit dlambda/lambda
  const ref = CU_KA_SPECTRUM[0].lambda;
  const half = (D * Math.max(pb.width, 1e-7)) / 2 / DEG; // window half-width, deg
  const centre = pb.mistune * half;
  const soft = Math.max(pb.shoulder, 1e-3) * half;
  const lines = CU_KA_SPECTRUM.map((l) => ({ x: (D * (l.lambda - ref)) / ref / DEG, hw: (D * l.fwhm) / ref / 2 / DEG, a: l.intensity }));
  const f = (x: number) => {
    let s = 0;
    for (const l of lines) s += (l.a * l.hw) / ((x - l.x) * (x - l.x) + l.hw * l.hw);
    return s * (Math.atan((x - centre + half) / soft) - Math.atan((x - centre - half) / soft));
  };
  // past the window the line falls as (edge width) / x^3: followed for 12 edge widths, at most 3 half-widths
  const reach = half + Math.min(12 * soft, 3 * half) + 4 * lines[0].hw;
  return { f, lo: centre - reach, hi: centre + reach };
}

/** The passed line's mean and variance at twoThetaDeg (Bragg angle of the fiducial line). */
export function passbandLine(twoThetaDeg: number, pb: Passband, dispersionConst: number): PassbandLine {
  const { f: density, lo, hi } = densityAt(twoThetaDeg, pb, dispersionConst);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  const dx = (hi - lo) / MOMENT_POINTS;
  for (let k = 0; k < MOMENT_POINTS; k++) {
    const x = lo + (k + 0.5) * dx;
    const w = density(x);
    (s0 += w), (s1 += w * x), (s2 += w * x * x);
  }
  const mean = s1 / s0;
  return { meanDeg: mean, varianceDeg2: Math.max(s2 / s0 - mean * mean, 0) };
}

/**
 * The passed line about its own mean as nodes on the grid of stepDeg (the composition gathers them on that grid:
 * finer nodes would only cost).
 */
export function passbandNodes(twoThetaDeg: number, pb: Passband, dispersionConst: number, stepDeg: number): ShiftNodes {
  const { f: density, lo, hi } = densityAt(twoThetaDeg, pb, dispersionConst);
  const h = stepDeg;
  const k0 = Math.floor(lo / h);
  const k1 = Math.ceil(hi / h);
  const shift = new Float64Array(k1 - k0 + 1);
  const weight = new Float64Array(k1 - k0 + 1);
  let total = 0;
  let m = 0;
  // each cell of the grid holds its share of the line (four midpoints) at its own mean position, so the nodes keep
  // the line's mean and, to a cell, its spread (point samples were 5-30 % off in variance for narrow windows)
  for (let k = k0; k <= k1; k++) {
    let w = 0;
    let wx = 0;
    for (let q = 0; q < CELL_POINTS; q++) {
      const x = (k - 0.5 + (q + 0.5) / CELL_POINTS) * h;
      const d = density(x);
      (w += d), (wx += d * x);
    }
    shift[k - k0] = w > 0 ? wx / w : k * h;
    weight[k - k0] = w;
    (total += w), (m += wx);
  }
  m /= total;
  for (let i = 0; i < shift.length; i++) (shift[i] -= m), (weight[i] /= total);
  return { shift, weight };
}
