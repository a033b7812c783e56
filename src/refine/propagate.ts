/**
 * esd of a derived quantity q(x) from the covariance of the refined parameters:
 * sigma_q^2 = chi2_red g^T C g, g = dq/dx by central differences with steps of a tenth of each esd.
 */
import type { Matrix } from 'ml-matrix';

export function propagateEsd(
  q: (x: Float64Array) => number, x: Float64Array, covariance: Matrix, chi2Reduced: number, esd: Float64Array,
): number {
  const p = x.length;
  const g = new Float64Array(p);
  const t = Float64Array.from(x);
  const base = q(x);
  for (let j = 0; j < p; j++) {
    const h = esd[j] > 0 ? esd[j] * 0.1 : Math.max(Math.abs(x[j]) * 1e-6, 1e-9);
    t[j] = x[j] + h;
    const up = q(t);
    t[j] = x[j] - h;
    const down = q(t);
    t[j] = x[j];
    // near a singularity of q (an inverse size close to zero) one side may leave q's domain: one-sided then
    if (Number.isFinite(up) && Number.isFinite(down)) g[j] = (up - down) / (2 * h);
    else if (Number.isFinite(up)) g[j] = (up - base) / h;
    else if (Number.isFinite(down)) g[j] = (base - down) / h;
    else g[j] = NaN;
  }
  let s = 0;
  for (let j = 0; j < p; j++) {
    if (g[j] === 0) continue;
    for (let k = 0; k < p; k++) s += g[j] * covariance.get(j, k) * g[k];
  }
  // NaN (not 0) when the quantity cannot be differentiated here: reported as null, never as a false zero
  return Number.isFinite(s) ? Math.sqrt(Math.max(s, 0) * chi2Reduced) : NaN;
}
