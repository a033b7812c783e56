/**
 * The reflection list of a structure at one wavelength, as `xrd reflections` prints it (SPEC.md section 3):
 * hkl, multiplicity, d (A), 2theta (deg), |F|^2 (f' f'' and each atom's B included), LP, I_rel (strongest = 100)
 * and I_abs = m |F|^2 LP / V^2 (per unit volume, comparable between phases).
 */
import { braggTwoThetaDeg, cellVolume, inverseDSquared, reciprocalMetric } from '../crystal/cell.js';
import { structureFactorSquared } from '../crystal/structure-factor.js';
import type { CrystalStructure } from '../crystal/types.js';
import { lorentzPolarization } from '../physics/lorentz-polarization.js';
import { setupPhase } from './phase-setup.js';

export interface ReflectionRow {
  hkl: [number, number, number];
  multiplicity: number;
  d: number;
  twoTheta: number;
  F2: number;
  lp: number;
  iRel: number;
  iAbs: number;
}

export function reflectionTable(
  structure: CrystalStructure,
  opts: { wavelength?: number; maxTwoTheta?: number; monochromatorTwoThetaDeg?: number | null } = {},
): ReflectionRow[] {
  const lambda = opts.wavelength ?? 1.54056;
  const maxTT = opts.maxTwoTheta ?? 150;
  const ph = setupPhase(structure, { lambdaRefA: lambda, lambdaMaxA: lambda, twoThetaMaxDeg: maxTT });
  const A = reciprocalMetric(structure.cell);
  const v2 = cellVolume(structure.cell) ** 2;
  const rows: ReflectionRow[] = [];
  for (const r of ph.reflections) {
    const q = inverseDSquared(A, ...r.hkl);
    const d = 1 / Math.sqrt(q);
    const tt = braggTwoThetaDeg(d, lambda);
    if (!(tt <= maxTT)) continue;
    let mF2 = 0;
    for (const part of r.parts) mF2 += part.multiplicity * structureFactorSquared(ph.atoms, part.hkl, q / 4);
    const lp = lorentzPolarization(tt, opts.monochromatorTwoThetaDeg ?? null);
    rows.push({ hkl: r.hkl, multiplicity: r.multiplicity, d, twoTheta: tt, F2: mF2 / r.multiplicity, lp, iRel: 0, iAbs: (mF2 * lp) / v2 });
  }
  const max = Math.max(...rows.map((r) => r.iAbs), 0);
  for (const r of rows) r.iRel = max > 0 ? (100 * r.iAbs) / max : 0;
  return rows;
}
