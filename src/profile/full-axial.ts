/**
 * The full axial-divergence model (Cheary & Coelho, J. Appl. Cryst. 31 (1998) 851; the "full axial model" of
 * TOPAS and of NIST's FPA): a line source of length Ls, a specimen of axial length Lx and a receiving slit of
 * length Lr, each at the goniometer radius R, with primary and secondary Soller collimators. A ray leaves the
 * source at height z_s, meets the specimen at z_x and reaches the slit at z_r; its incident and diffracted axial
 * angles are beta = (z_x - z_s)/R and gamma = (z_r - z_x)/R, each weighted by its Soller's triangular
 * transmission. A cone of half-angle 2theta is recorded at 2phi with
 *   cos 2phi = (cos 2theta - sin beta sin gamma) / (cos beta cos gamma).
 * The shift distribution comes from Gauss-Legendre quadrature over z_x, beta and gamma, then is gathered into
 * bins a fraction of the peak width wide, so that a peak is a short sum of shifted symmetric profiles.
 */
import type { AxialNodes } from './axial-divergence.js';
import { gaussLegendre } from './gauss-legendre.js';

const DEG = Math.PI / 180;

export interface AxialGeometry {
  /** axial lengths, mm */
  sourceMm: number;
  sampleMm: number;
  receiverMm: number;
  radiusMm: number;
  /** Soller collimator angles as quoted, deg (transmission falls to zero at half of it; 0: none) */
  primarySollerDeg: number;
  secondarySollerDeg: number;
}

const ORDER = 8;

export function fullAxialNodes(twoThetaDeg: number, g: AxialGeometry, fwhmDeg: number): AxialNodes {
  const { x, w } = gaussLegendre(ORDER);
  const R = g.radiusMm;
  // a Soller collimator quoted as Delta passes axial angles up to Delta/2, with triangular transmission
  const tp = (g.primarySollerDeg * DEG) / 2;
  const ts = (g.secondarySollerDeg * DEG) / 2;
  const soller = (angle: number, limit: number) => (limit > 0 ? Math.max(0, 1 - Math.abs(angle) / limit) : 1);
  const c2t = Math.cos(twoThetaDeg * DEG);
  const shifts: number[] = [];
  const weights: number[] = [];
  // integrate over the specimen height, then the incident and diffracted angles that reach it
  for (let a = 0; a < ORDER; a++) {
    const zx = (x[a] * g.sampleMm) / 2;
    const wx = w[a];
    // incident angles: source heights in [-Ls/2, Ls/2], limited by the primary Soller
    let bLo = (zx - g.sourceMm / 2) / R;
    let bHi = (zx + g.sourceMm / 2) / R;
    if (tp > 0) (bLo = Math.max(bLo, -tp)), (bHi = Math.min(bHi, tp));
    let gLo = (-g.receiverMm / 2 - zx) / R;
    let gHi = (g.receiverMm / 2 - zx) / R;
    if (ts > 0) (gLo = Math.max(gLo, -ts)), (gHi = Math.min(gHi, ts));
    if (!(bHi > bLo) || !(gHi > gLo)) continue;
    for (let b = 0; b < ORDER; b++) {
      const beta = (bLo + bHi) / 2 + ((bHi - bLo) / 2) * x[b];
      const wb = (w[b] * (bHi - bLo)) / 2 * soller(beta, tp);
      const sb = Math.sin(beta);
      const cb = Math.cos(beta);
      for (let c = 0; c < ORDER; c++) {
        const gamma = (gLo + gHi) / 2 + ((gHi - gLo) / 2) * x[c];
        const wg = (w[c] * (gHi - gLo)) / 2 * soller(gamma, ts);
        const cos2phi = (c2t - sb * Math.sin(gamma)) / (cb * Math.cos(gamma));
        if (!(cos2phi > -1 && cos2phi < 1)) continue;
        shifts.push(Math.acos(cos2phi) / DEG - twoThetaDeg);
        weights.push(wx * wb * wg);
      }
    }
  }
  return binNodes(shifts, weights, fwhmDeg / 6);
}

/** Gathers weighted shifts into bins of the given width (deg); each bin keeps its weight and mean shift. */
function binNodes(shifts: number[], weights: number[], width: number): AxialNodes {
  let total = 0;
  let mean = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < shifts.length; i++) {
    total += weights[i];
    mean += weights[i] * shifts[i];
    lo = Math.min(lo, shifts[i]);
    hi = Math.max(hi, shifts[i]);
  }
  if (!(total > 0)) return { shift: new Float64Array([0]), weight: new Float64Array([1]), meanShift: 0, maxShift: 0 };
  mean /= total;
  const nb = Math.max(1, Math.min(64, Math.ceil((hi - lo) / Math.max(width, 1e-9))));
  const sw = new Float64Array(nb);
  const ss = new Float64Array(nb);
  for (let i = 0; i < shifts.length; i++) {
    const k = Math.min(nb - 1, Math.floor(((shifts[i] - lo) / (hi - lo || 1)) * nb));
    sw[k] += weights[i];
    ss[k] += weights[i] * shifts[i];
  }
  const shift: number[] = [];
  const weight: number[] = [];
  for (let k = 0; k < nb; k++) {
    if (sw[k] <= 0) continue;
    shift.push(ss[k] / sw[k]);
    weight.push(sw[k] / total);
  }
  const maxShift = Math.abs(lo) > Math.abs(hi) ? lo : hi;
  return { shift: Float64Array.from(shift), weight: Float64Array.from(weight), meanShift: mean, maxShift, span: [Math.min(0, lo), Math.max(0, hi)] };
}
