/**
 * Characteristic K emission lines of the usual X-ray tube anodes.
 *
 * Energies (eV) are the experimental values of the NIST X-ray transition energies database,
 * R. D. Deslattes, E. G. Kessler Jr., P. Indelicato, L. de Billy, E. Lindroth & J. Anton,
 * "X-ray transition energies: new approach to a comprehensive evaluation", Rev. Mod. Phys. 75 (2003)
 * 35-99 (NIST SRD 128). For Cr, Fe, Co and Cu these are the peak energies measured by
 * G. Hoelzer, M. Fritsch, M. Deutsch, J. Haertwig & E. Foerster, "Kalpha1,2 and Kbeta1,3 x-ray
 * emission lines of the 3d transition metals", Phys. Rev. A 56 (1997) 4554-4568 (their ref. 7).
 *   ka1 = K-L3, ka2 = K-L2, kb = K-M2,3 (Kbeta1,3, unresolved blend).
 * Wavelengths are lambda = hc / E with hc = 12398.419843320026 eV A (CODATA 2018, exact).
 *
 * ratioKa2 = I(Kalpha2) / I(Kalpha1) = 0.5, the conventional value used by Rietveld programs
 * (the 2p1/2 : 2p3/2 statistical weight); measured integrated ratios are 0.50-0.52.
 */

/** hc in eV A (CODATA 2018: h, c and e are exact). */
export const HC_EV_A = 12398.419843320026;

export type AnodeName = 'Cr' | 'Fe' | 'Co' | 'Cu' | 'Mo' | 'Ag';

export interface AnodeLines {
  /** K-alpha1 wavelength, A. */
  ka1: number;
  /** K-alpha2 wavelength, A. */
  ka2: number;
  /** K-beta1,3 wavelength, A. */
  kb?: number;
  /** Intensity ratio K-alpha2 / K-alpha1. */
  ratioKa2?: number;
}

/** Emission energies in eV: [K-L3 (Ka1), K-L2 (Ka2), K-M2,3 (Kb1,3)]. */
export const ANODE_LINE_ENERGIES_EV: Readonly<Record<AnodeName, readonly [number, number, number]>> = {
  Cr: [5414.8045, 5405.5384, 5946.823], // Hoelzer et al. 1997 (via Deslattes et al. 2003)
  Fe: [6404.0062, 6391.0264, 7058.175], // Hoelzer et al. 1997
  Co: [6930.378, 6915.538, 7649.445], // Hoelzer et al. 1997
  Cu: [8047.8227, 8027.8416, 8905.413], // Hoelzer et al. 1997
  Mo: [17479.372, 17374.29, 19608.34], // Deslattes et al. 2003 (experimental)
  Ag: [22162.917, 21990.3, 24942.42], // Deslattes et al. 2003 (experimental)
};

function lines(name: AnodeName): AnodeLines {
  const [a1, a2, b] = ANODE_LINE_ENERGIES_EV[name];
  return { ka1: HC_EV_A / a1, ka2: HC_EV_A / a2, kb: HC_EV_A / b, ratioKa2: 0.5 };
}

/**
 * Wavelengths in A, e.g. Cu: ka1 1.540593, ka2 1.544428, kb 1.392234;
 * Mo: ka1 0.709317, ka2 0.713607, kb 0.632303.
 */
export const ANODE_LINES: Readonly<Record<AnodeName, Readonly<AnodeLines>>> = {
  Cr: lines('Cr'),
  Fe: lines('Fe'),
  Co: lines('Co'),
  Cu: lines('Cu'),
  Mo: lines('Mo'),
  Ag: lines('Ag'),
};
