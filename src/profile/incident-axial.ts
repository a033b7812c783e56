/**
 * Axial divergence of the incident beam, for the Finger-Cox-Jephcoat description. FCJ (J. Appl. Cryst. 27
 * (1994) 892) takes the incident beam as axially parallel and spreads the line by the heights of the specimen
 * and the receiving slit; a laboratory beam also diverges axially, as far as the primary Soller collimator lets
 * it. A ray inclined by beta to the equatorial plane, diffracted at 2theta and received in that plane, is
 * recorded at 2phi with cos 2phi = cos 2theta / cos beta (to second order, 2phi - 2theta = -(beta^2 / 2) cot
 * 2theta: to low angle below 90 deg, to high angle above). The Soller quoted as Delta passes |beta| up to
 * Delta / 2 with triangular transmission (the convention of the full axial model, full-axial.ts), so the mean
 * shift is -(Delta^2 / 48) cot 2theta rad to second order.
 *
 * The distribution of beta is cut into slices, each replaced by the mean shift of its rays (sub-sampled): the
 * mean is that of the exact shift (to the sub-sampling), and the shape (like the flat specimen's, a one-sided
 * eps^-1/2 law) is carried as shift nodes about the mean.
 */
import type { ShiftNodes } from './compose-nodes.js';

const DEG = Math.PI / 180;
const SLICES = 32;
const SUB = 4;

/**
 * |beta| / (Delta / 2) cut into SLICES equal widths (the shift grows as beta^2, so equal widths keep the nodes
 * at most 2 / SLICES of the largest shift apart, also in the thin tail), SUB points in each with their share of
 * the triangular density 2 (1 - v).
 */
const V = new Float64Array(SLICES * SUB);
const VW = new Float64Array(SLICES * SUB);
const SLICE_W = new Float64Array(SLICES);
for (let j = 0; j < SLICES; j++) {
  for (let k = 0; k < SUB; k++) {
    const v = (j + (k + 0.5) / SUB) / SLICES;
    V[j * SUB + k] = v;
    VW[j * SUB + k] = (2 * (1 - v)) / (SLICES * SUB);
    SLICE_W[j] += VW[j * SUB + k];
  }
}

export interface IncidentAxial {
  /** mean shift, deg 2theta */
  meanDeg: number;
  /** variance about the mean, deg^2 */
  varianceDeg2: number;
  /** the shape about the mean */
  nodes: ShiftNodes;
}

/** The exact shift (deg) of a ray inclined by betaRad at Bragg angle twoThetaDeg. */
export function incidentRayShiftDeg(twoThetaDeg: number, betaRad: number): number {
  const c = Math.cos(twoThetaDeg * DEG) / Math.cos(betaRad);
  return Math.acos(Math.max(-1, Math.min(1, c))) / DEG - twoThetaDeg;
}

/** The incident-beam axial divergence line shape at twoThetaDeg for a primary Soller quoted as sollerDeg. */
export function incidentAxial(twoThetaDeg: number, sollerDeg: number): IncidentAxial {
  const half = (sollerDeg * DEG) / 2;
  const slice = new Float64Array(SLICES);
  let mean = 0;
  for (let j = 0; j < SLICES; j++) {
    let s = 0;
    for (let k = 0; k < SUB; k++) s += VW[j * SUB + k] * incidentRayShiftDeg(twoThetaDeg, half * V[j * SUB + k]);
    slice[j] = s / SLICE_W[j];
    mean += s;
  }
  const shift = new Float64Array(SLICES);
  const weight = Float64Array.from(SLICE_W);
  let variance = 0;
  for (let j = 0; j < SLICES; j++) (shift[j] = slice[j] - mean), (variance += weight[j] * shift[j] * shift[j]);
  return { meanDeg: mean, varianceDeg2: variance, nodes: { shift, weight } };
}
