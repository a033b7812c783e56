/**
 * The Voigt function (convolution of a Gaussian and a Lorentzian, both of unit area) and its breadths.
 * Integral breadth (Langford; Balzar): beta = beta_G exp(-k^2) / erfc(k), k = beta_L / (sqrt(pi) beta_G),
 * with beta_G = FWHM_G sqrt(pi / (4 ln 2)) and beta_L = (pi / 2) FWHM_L.
 * The FWHM is found numerically from the profile itself (no approximation formula).
 */
import { erfcx } from './erf.js';
import { gaussLegendre } from './gauss-legendre.js';

const GAUSS_IB = Math.sqrt(Math.PI / (4 * Math.LN2)); // 1.0645 FWHM

/** Integral breadth (same unit as the FWHMs) of the Voigt with Gaussian and Lorentzian FWHMs fG, fL. */
export function voigtIntegralBreadth(fG: number, fL: number): number {
  const bG = GAUSS_IB * fG;
  const bL = (Math.PI / 2) * fL;
  if (bG === 0) return bL;
  if (bL === 0) return bG;
  const k = bL / (Math.sqrt(Math.PI) * bG);
  return bG / erfcx(k); // exp(-k^2)/erfc(k) = 1/erfcx(k)
}

/** Voigt profile value at x for FWHMs fG, fL (unit area), by Gauss-Legendre quadrature over the Gaussian. */
export function voigtProfile(x: number, fG: number, fL: number): number {
  const g = fL / 2; // Lorentzian half width
  if (fG === 0) return g / (Math.PI * (x * x + g * g));
  const sigma = fG / (2 * Math.sqrt(2 * Math.LN2));
  if (fL === 0) return Math.exp(-(x * x) / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
  // integrate G(t) L(x - t) over t in [-9 sigma, 9 sigma], split into panels narrow against both widths
  const span = 9 * sigma;
  // panels narrow against both widths, at most 20000 (reached only when one width is below 1e-4 of the other,
  // where the narrow component moves the FWHM by less than 1e-4 relative anyway)
  const panels = Math.min(20000, Math.max(8, Math.ceil((2 * span) / Math.min(sigma, g)) * 2));
  const { x: nodes, w } = gaussLegendre(8);
  const h = (2 * span) / panels;
  let sum = 0;
  for (let p = 0; p < panels; p++) {
    const mid = -span + (p + 0.5) * h;
    for (let i = 0; i < nodes.length; i++) {
      const t = mid + (h / 2) * nodes[i];
      const gt = Math.exp(-(t * t) / (2 * sigma * sigma));
      const d = x - t;
      sum += w[i] * (h / 2) * gt * (g / (Math.PI * (d * d + g * g)));
    }
  }
  return sum / (sigma * Math.sqrt(2 * Math.PI));
}

/** FWHM of the Voigt with Gaussian and Lorentzian FWHMs fG, fL (bisection on the exact profile). */
export function voigtFwhm(fG: number, fL: number): number {
  if (fG === 0) return fL;
  if (fL === 0) return fG;
  // one component below 1e-9 of the other changes the FWHM by less than 1e-9 relative: the pure profile then
  // (the quadrature would need ever more panels to resolve the narrow component)
  if (fL < 1e-9 * fG) return fG;
  if (fG < 1e-9 * fL) return fL;
  const half = voigtProfile(0, fG, fL) / 2;
  let lo = 0;
  let hi = fG + fL; // the half width never exceeds (fG + fL)/2
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const m = (lo + hi) / 2;
    if (voigtProfile(m, fG, fL) > half) lo = m;
    else hi = m;
  }
  return lo + hi; // 2 x half width
}
