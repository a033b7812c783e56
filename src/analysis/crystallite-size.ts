/**
 * Volume-weighted column heights from size broadening (TOPAS / Balzar double-Voigt conventions, SPEC.md):
 * the size profile in reciprocal space is a Voigt with FWHMs 1/CS_G and 1/CS_L (nm^-1);
 * LVol-IB = 1 / (its integral breadth) (k = 1); LVol-FWHM = 0.89 / (its FWHM).
 * CS_L, CS_G in nm; Infinity for a component that is absent.
 */
import { voigtFwhm, voigtIntegralBreadth } from '../profile/voigt.js';

export interface ColumnHeights {
  lvolIB: number;
  lvolFWHM: number;
}

export function lvolFromSizes(csLNm: number, csGNm: number): ColumnHeights {
  const fL = Number.isFinite(csLNm) && csLNm > 0 ? 1 / csLNm : 0;
  const fG = Number.isFinite(csGNm) && csGNm > 0 ? 1 / csGNm : 0;
  if (fL === 0 && fG === 0) return { lvolIB: Infinity, lvolFWHM: Infinity };
  return { lvolIB: 1 / voigtIntegralBreadth(fG, fL), lvolFWHM: 0.89 / voigtFwhm(fG, fL) };
}

/** Same from inverse sizes (1/nm), the form the refinement carries. */
export function lvolFromInverseSizes(invL: number, invG: number): ColumnHeights {
  return lvolFromSizes(invL > 0 ? 1 / invL : Infinity, invG > 0 ? 1 / invG : Infinity);
}
