/**
 * What the model needs of a crystal structure, computed once: the atoms of the unit cell with their
 * scattering data at the wavelength in use, the reflection list, the free cell parameters and the
 * mass of the cell contents (Z M, for weight fractions).
 */
import { cellParameterization, type CellParameterization } from '../crystal/cell-params.js';
import { inverseDSquared, reciprocalMetric } from '../crystal/cell.js';
import { checkReflectionCount, listReflections, type Reflection } from '../crystal/reflections.js';
import { structureFactorSquared } from '../crystal/structure-factor.js';
import { expandSites } from '../crystal/sites.js';
import type { ScatteringAtom } from '../crystal/structure-factor.js';
import type { CrystalStructure } from '../crystal/types.js';
import { anomalous, atomicMass, f0Coefficients } from '../physics/elements/index.js';

export interface PhaseSetup {
  name: string;
  structure: CrystalStructure;
  atoms: ScatteringAtom[];
  reflections: Reflection[];
  cellParam: CellParameterization;
  /** mass of the unit-cell contents, u (= Z M of Hill & Howard) */
  cellMass: number;
}

/**
 * Prepare a phase for wavelengths up to lambdaMaxA (A) and angles up to twoThetaMaxDeg.
 * f' and f'' are taken at lambdaRefA, the strongest line.
 */
export function setupPhase(
  structure: CrystalStructure,
  opts: { lambdaRefA: number; lambdaMaxA: number; twoThetaMaxDeg: number },
): PhaseSetup {
  // reflections 3 deg beyond the range: their tails reach into it
  const thMax = (Math.min(opts.twoThetaMaxDeg + 3, 179) * Math.PI) / 360;
  const dMin = opts.lambdaMaxA / (2 * Math.sin(thMax));
  // refused before anything is computed, in the terms the user gave (2theta and wavelength)
  checkReflectionCount(structure, dMin * 0.98, `2theta up to ${Number(opts.twoThetaMaxDeg.toFixed(3))} deg at ${opts.lambdaMaxA} A`);
  const cellAtoms = expandSites(structure);
  const atoms: ScatteringAtom[] = cellAtoms.map((s) => {
    const fit = f0Coefficients(s.charge ? `${s.element}${Math.abs(s.charge)}${s.charge > 0 ? '+' : '-'}` : s.element);
    const an = anomalous(s.element, opts.lambdaRefA);
    return {
      x: s.x,
      y: s.y,
      z: s.z,
      occupancy: s.occupancy,
      b: s.bIso,
      fa: Float64Array.from(fit.a),
      fb: Float64Array.from(fit.b),
      fc: fit.c,
      fp: an.fp,
      fpp: an.fpp,
    };
  });
  const cellMass = cellAtoms.reduce((m, s) => m + s.occupancy * atomicMass(s.element), 0);
  // atomic coordinates are held in a refinement, so a reflection whose |F|^2 vanishes by the atoms' special
  // positions (Si 222, 442 on the diamond sites) vanishes for every parameter value: leave it out of the model
  const A = reciprocalMetric(structure.cell);
  const all = listReflections(structure, dMin * 0.98);
  const strength = all.map((r) => r.parts.reduce((sum, part) => sum + part.multiplicity * structureFactorSquared(atoms, part.hkl, inverseDSquared(A, ...part.hkl) / 4), 0));
  const strongest = Math.max(0, ...strength);
  return {
    name: structure.name,
    structure,
    atoms,
    reflections: all.filter((_, i) => strength[i] > 1e-10 * strongest),
    cellParam: cellParameterization(structure.cell, structure.spaceGroup.crystalSystem),
    cellMass,
  };
}
