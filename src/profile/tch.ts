/**
 * Thompson-Cox-Hastings pseudo-Voigt widths (J. Appl. Cryst. 1987, 20, 79), SPEC.md section 2.
 * Gaussian FWHM^2 = U tan^2 theta + V tan theta + W + P / cos^2 theta (deg^2),
 * Lorentzian FWHM = X tan theta + Y / cos theta (deg); sample terms are added by the caller.
 * The total FWHM and the mixing eta follow from the TCH fifth-order polynomial.
 */

export interface TchWidths {
  /** total FWHM (deg) */
  fwhm: number;
  eta: number;
  /** partial derivatives of fwhm and eta with respect to the Gaussian and Lorentzian FWHMs */
  dFwhmDG: number;
  dFwhmDL: number;
  dEtaDG: number;
  dEtaDL: number;
}

const C1 = 2.69269;
const C2 = 2.42843;
const C3 = 4.47163;
const C4 = 0.07842;

/** Combine Gaussian FWHM g and Lorentzian FWHM l (both deg, >= 0) into the TCH pseudo-Voigt. */
export function tchCombine(g: number, l: number, out?: TchWidths): TchWidths {
  const g2 = g * g, g3 = g2 * g, g4 = g3 * g;
  const l2 = l * l, l3 = l2 * l, l4 = l3 * l;
  const poly = g4 * g + C1 * g4 * l + C2 * g3 * l2 + C3 * g2 * l3 + C4 * g * l4 + l4 * l;
  const fwhm = Math.pow(poly, 0.2);
  const f4 = 5 * fwhm * fwhm * fwhm * fwhm;
  const dFwhmDG = (5 * g4 + 4 * C1 * g3 * l + 3 * C2 * g2 * l2 + 2 * C3 * g * l3 + C4 * l4) / f4;
  const dFwhmDL = (C1 * g4 + 2 * C2 * g3 * l + 3 * C3 * g2 * l2 + 4 * C4 * g * l3 + 5 * l4) / f4;
  const q = l / fwhm;
  const eta = 1.36603 * q - 0.47719 * q * q + 0.11116 * q * q * q;
  const dEtaDq = 1.36603 - 2 * 0.47719 * q + 3 * 0.11116 * q * q;
  const dqDL = 1 / fwhm - (l / (fwhm * fwhm)) * dFwhmDL;
  const dqDG = -(l / (fwhm * fwhm)) * dFwhmDG;
  const r = out ?? ({} as TchWidths);
  r.fwhm = fwhm;
  r.eta = eta;
  r.dFwhmDG = dFwhmDG;
  r.dFwhmDL = dFwhmDL;
  r.dEtaDG = dEtaDq * dqDG;
  r.dEtaDL = dEtaDq * dqDL;
  return r;
}
