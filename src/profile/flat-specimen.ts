/**
 * Flat-specimen aberration of a divergence slit of full equatorial angle alpha (Klug & Alexander;
 * Wilson): the profile is convolved with eps^(-1/2) on [eps_m, 0], eps_m = -(alpha^2 / 2) cot theta
 * (rad of 2theta). The Rietveld model carries its mean, eps_m / 3 = -(alpha^2 / 6) cot theta, as a shift and
 * its shape about the mean as shift nodes (flatSpecimenNodes); a single-peak correction uses its variance,
 * 4 eps_m^2 / 45, as added Gaussian width (FWHM^2 = 8 ln 2 variance).
 */
import type { ShiftNodes } from './compose-nodes.js';

const DEG = Math.PI / 180;
const SLICES = 16;

/** Peak shift in deg 2theta for slit angle alphaDeg at Bragg angle twoThetaDeg. */
export function flatSpecimenShiftDeg(twoThetaDeg: number, alphaDeg: number): number {
  const a = alphaDeg * DEG;
  const cot = 1 / Math.tan((twoThetaDeg * DEG) / 2);
  return (-(a * a) / 6) * cot / DEG;
}

/** Added Gaussian FWHM^2 in deg^2. */
export function flatSpecimenGaussFwhm2(twoThetaDeg: number, alphaDeg: number): number {
  const a = alphaDeg * DEG;
  const epsM = ((a * a) / 2) / Math.tan((twoThetaDeg * DEG) / 2) / DEG;
  return 8 * Math.LN2 * (4 / 45) * epsM * epsM;
}

/**
 * The flat-specimen shape about its mean, as nodes: with eps = eps_m u^2 and u uniform on [0, 1], the density of
 * eps is the eps^(-1/2) law; u is cut into equal slices, each replaced by the conditional mean of u^2 in it,
 * (a^2 + a b + b^2) / 3, so the mean (eps_m / 3) is exact.
 */
export function flatSpecimenNodes(twoThetaDeg: number, alphaDeg: number): ShiftNodes {
  const a = alphaDeg * DEG;
  const epsM = -((a * a) / 2) / Math.tan((twoThetaDeg * DEG) / 2) / DEG;
  const shift = new Float64Array(SLICES);
  const weight = new Float64Array(SLICES).fill(1 / SLICES);
  for (let j = 0; j < SLICES; j++) {
    const lo = j / SLICES;
    const hi = (j + 1) / SLICES;
    shift[j] = epsM * ((lo * lo + lo * hi + hi * hi) / 3 - 1 / 3);
  }
  return { shift, weight };
}
