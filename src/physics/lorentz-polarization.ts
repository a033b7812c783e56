/**
 * Lorentz-polarization factor for Bragg-Brentano powder diffraction (SPEC.md section 2).
 * Without monochromator: (1 + cos^2 2theta) / (sin^2 theta cos theta).
 * With a monochromator at 2theta_M: (1 + cos^2 2theta_M cos^2 2theta) / ((1 + cos^2 2theta_M) sin^2 theta cos theta).
 */
const DEG = Math.PI / 180;

/** LP at scattering angle twoThetaDeg; monochromatorTwoThetaDeg null or undefined for none. */
export function lorentzPolarization(twoThetaDeg: number, monochromatorTwoThetaDeg?: number | null): number {
  const th = (twoThetaDeg * DEG) / 2;
  const s = Math.sin(th);
  const c2 = Math.cos(2 * th);
  const lorentz = 1 / (s * s * Math.cos(th));
  if (monochromatorTwoThetaDeg === null || monochromatorTwoThetaDeg === undefined) return (1 + c2 * c2) * lorentz;
  const cm = Math.cos(monochromatorTwoThetaDeg * DEG);
  const cm2 = cm * cm;
  return ((1 + cm2 * c2 * c2) / (1 + cm2)) * lorentz;
}
