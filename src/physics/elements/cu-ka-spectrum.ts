/**
 * The Cu K-alpha emission spectrum as four Lorentzians (K-alpha11, K-alpha12, K-alpha21, K-alpha22): wavelength
 * (A), relative integrated intensity and FWHM (A). Values as tabulated in NIST's Fundamental Parameters code
 * (M. H. Mendenhall, atan_windowed_FP_profile.py, 2019, "from Cu kalpha paper": M. H. Mendenhall et al.,
 * J. Phys. B 50 (2017) 115004), the spectrum NIST's SRM certifications rest on; the four-line description is
 * G. Hoelzer et al., Phys. Rev. A 56 (1997) 4554.
 */
export interface SpectrumLine {
  lambda: number;
  intensity: number;
  fwhm: number;
}

export const CU_KA_SPECTRUM: readonly SpectrumLine[] = [
  { lambda: 1.5405925, intensity: 3.91, fwhm: 0.000436 },
  { lambda: 1.5410769, intensity: 0.474, fwhm: 0.000558 },
  { lambda: 1.5443873, intensity: 1.53, fwhm: 0.000487 },
  { lambda: 1.5446782, intensity: 0.754, fwhm: 0.00063 },
];
