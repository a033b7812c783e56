/**
 * Pseudo-Voigt peak of unit area: pV(x) = eta L(x) + (1 - eta) G(x), both components of FWHM gamma (deg).
 * `pseudoVoigt` returns the value; `pseudoVoigtDerivs` also the partial derivatives with respect to x,
 * gamma and eta, which the refinement chains into every parameter that moves or broadens a peak.
 */
const LN2 = Math.LN2;
const G_NORM = 2 * Math.sqrt(LN2 / Math.PI);
const L_NORM = 2 / Math.PI;

export function pseudoVoigt(x: number, gamma: number, eta: number): number {
  const u = (4 * x * x) / (gamma * gamma);
  return (eta * L_NORM) / (gamma * (1 + u)) + ((1 - eta) * G_NORM * Math.exp(-LN2 * u)) / gamma;
}

/** Value and derivatives, written into out = [value, d/dx, d/dgamma, d/deta]. */
export function pseudoVoigtDerivs(x: number, gamma: number, eta: number, out: Float64Array): void {
  const ig = 1 / gamma;
  const u = 4 * x * x * ig * ig;
  const l = L_NORM * ig / (1 + u);
  const g = G_NORM * ig * Math.exp(-LN2 * u);
  out[0] = eta * l + (1 - eta) * g;
  // dL/dx = -8x/gamma^2 L/(1+u); dG/dx = -8 ln2 x/gamma^2 G
  const k = 8 * x * ig * ig;
  out[1] = -eta * l * k / (1 + u) - (1 - eta) * g * k * LN2;
  // dL/dgamma = L/gamma (u-1)/(u+1); dG/dgamma = G/gamma (2 ln2 u - 1)
  out[2] = eta * l * ig * (u - 1) / (u + 1) + (1 - eta) * g * ig * (2 * LN2 * u - 1);
  out[3] = l - g;
}
