/**
 * Flat-specimen aberration of a divergence slit of full equatorial angle alpha (Klug & Alexander;
 * Wilson): the profile is convolved with eps^(-1/2) on [eps_m, 0], eps_m = -(alpha^2 / 2) cot theta
 * (rad of 2theta). We carry its mean, eps_m / 3 = -(alpha^2 / 6) cot theta, as a shift and its variance,
 * 4 eps_m^2 / 45, as added Gaussian width (FWHM^2 = 8 ln 2 variance).
 */
const DEG = Math.PI / 180;

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
