/**
 * Structure factors (SPEC.md section 2):
 * F(hkl) = sum_j occ_j (f0_j(s) + f'_j + i f''_j) exp(-B_j s^2) exp(2 pi i h.x_j), s = sin(theta)/lambda = 1/(2d),
 * over all atoms of the unit cell. For powders the Friedel mates are averaged: |F|^2 = (|F(h)|^2 + |F(-h)|^2) / 2,
 * which differ only when f'' != 0 and the structure lacks a centre of symmetry.
 */
import type { Hkl } from './reflections.js';

/** One atom of the unit cell with its scattering data resolved. */
export interface ScatteringAtom {
  x: number;
  y: number;
  z: number;
  occupancy: number;
  /** isotropic B in A^2 */
  b: number;
  /** f0 fit: sum a_i exp(-b_i s^2) + c */
  fa: Float64Array;
  fb: Float64Array;
  fc: number;
  /** anomalous dispersion at the wavelength in use, electrons */
  fp: number;
  fpp: number;
}

export function f0FromFit(atom: ScatteringAtom, s2: number): number {
  let f = atom.fc;
  for (let i = 0; i < atom.fa.length; i++) f += atom.fa[i] * Math.exp(-atom.fb[i] * s2);
  return f;
}

/**
 * |F|^2 (electrons^2) of one hkl at s^2 = 1/(4 d^2), with an extra overall B (A^2) added to every atom.
 */
export function structureFactorSquared(atoms: readonly ScatteringAtom[], hkl: Hkl, s2: number, extraB = 0): number {
  const [h, k, l] = hkl;
  // F(h) = sum (f + i f'') (cos + i sin) T ; F(-h) = sum (f + i f'') (cos - i sin) T
  let reP = 0, imP = 0, reM = 0, imM = 0;
  for (const a of atoms) {
    const f = f0FromFit(a, s2) + a.fp;
    const t = a.occupancy * Math.exp(-(a.b + extraB) * s2);
    const phase = 2 * Math.PI * (h * a.x + k * a.y + l * a.z);
    const c = Math.cos(phase);
    const sn = Math.sin(phase);
    const fr = f * t;
    const fi = a.fpp * t;
    reP += fr * c - fi * sn;
    imP += fr * sn + fi * c;
    reM += fr * c + fi * sn;
    imM += -fr * sn + fi * c;
  }
  return 0.5 * (reP * reP + imP * imP + reM * reM + imM * imM);
}
