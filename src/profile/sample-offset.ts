/**
 * Peak shifts of a transmission (Debye-Scherrer) specimen, a capillary on the goniometer axis, that sits off the
 * axis by x along the incident beam and y across it (in the diffraction plane, towards the side the detector
 * scans), both in mm, with the detector on a circle of radius R about the axis.
 *
 * A ray scattered at 2theta from a point p meets the detector circle at 2theta + (p . n) / R to first order,
 * where n = (-sin 2theta, cos 2theta) is the unit vector across the scattered ray: a shift of
 * (-x sin 2theta + y cos 2theta) / R rad. That is the whole shift for a parallel incident beam (the form of GSAS-II's
 * Debye-Scherrer shift; its DisplaceY is along the beam, its DisplaceX across it with the opposite sign, both in um,
 * and its constant is half this one). An incident beam that converges on the detector circle
 * at 2theta = 0 (a focusing monochromator set for transmission) reaches the offset point tilted by -y / R, which
 * adds -y / R: the shift becomes -(x sin 2theta + y (1 - cos 2theta)) / R. The two forms differ by a constant,
 * so with the zero refined they give the same fit; with the zero held they do not.
 *
 * Unlike a flat specimen in reflection, the specimen's absorption does not move the lines of a focusing
 * transmission geometry to first order: the absorption-weighted centre of a cylinder lies on the line through
 * the axis along the scattering vector, which is perpendicular to the direction that shifts the line.
 */

const RAD2DEG = 180 / Math.PI;

/** d(shift)/dx and d(shift)/dy in deg of 2theta per mm at twoThetaDeg. */
export function sampleOffsetSlopes(twoThetaDeg: number, radiusMm: number, convergent: boolean): { dx: number; dy: number } {
  const t = (twoThetaDeg * Math.PI) / 180;
  return {
    dx: (-RAD2DEG * Math.sin(t)) / radiusMm,
    dy: (RAD2DEG * (Math.cos(t) - (convergent ? 1 : 0))) / radiusMm,
  };
}

/** The shift in deg of 2theta of a line at twoThetaDeg from a specimen off the axis by (xMm, yMm). */
export function sampleOffsetShiftDeg(twoThetaDeg: number, xMm: number, yMm: number, radiusMm: number, convergent: boolean): number {
  const s = sampleOffsetSlopes(twoThetaDeg, radiusMm, convergent);
  return s.dx * xMm + s.dy * yMm;
}
