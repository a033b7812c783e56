/**
 * The free lattice parameters of a crystal system, and the map from them to a full cell.
 * Cubic: a. Tetragonal, hexagonal, trigonal on hexagonal axes: a, c. Rhombohedral axes: a, alpha.
 * Orthorhombic: a, b, c. Monoclinic: a, b, c and the one angle that is not 90 deg. Triclinic: all six.
 */
import type { Cell, CrystalSystem } from './types.js';

export type CellParamName = 'a' | 'b' | 'c' | 'alpha' | 'beta' | 'gamma';

export interface CellParameterization {
  names: CellParamName[];
  /** Build the full cell from the free values (same order as names). */
  toCell(values: ArrayLike<number>): Cell;
}

const close = (x: number, y: number) => Math.abs(x - y) < 1e-6;

/** Which free parameters a cell has, given the crystal system (and the cell, for the setting). */
export function cellParameterization(cell: Cell, system: CrystalSystem): CellParameterization {
  switch (system) {
    case 'cubic':
      return { names: ['a'], toCell: (v) => ({ a: v[0], b: v[0], c: v[0], alpha: 90, beta: 90, gamma: 90 }) };
    case 'tetragonal':
      return { names: ['a', 'c'], toCell: (v) => ({ a: v[0], b: v[0], c: v[1], alpha: 90, beta: 90, gamma: 90 }) };
    case 'hexagonal':
    case 'trigonal':
      if (close(cell.gamma, 120) || system === 'hexagonal') {
        return { names: ['a', 'c'], toCell: (v) => ({ a: v[0], b: v[0], c: v[1], alpha: 90, beta: 90, gamma: 120 }) };
      }
      return {
        names: ['a', 'alpha'],
        toCell: (v) => ({ a: v[0], b: v[0], c: v[0], alpha: v[1], beta: v[1], gamma: v[1] }),
      };
    case 'orthorhombic':
      return { names: ['a', 'b', 'c'], toCell: (v) => ({ a: v[0], b: v[1], c: v[2], alpha: 90, beta: 90, gamma: 90 }) };
    case 'monoclinic': {
      const angle: CellParamName = !close(cell.alpha, 90) ? 'alpha' : !close(cell.gamma, 90) ? 'gamma' : 'beta';
      return {
        names: ['a', 'b', 'c', angle],
        toCell: (v) => ({ a: v[0], b: v[1], c: v[2], alpha: 90, beta: 90, gamma: 90, [angle]: v[3] }) as Cell,
      };
    }
    case 'triclinic':
      return {
        names: ['a', 'b', 'c', 'alpha', 'beta', 'gamma'],
        toCell: (v) => ({ a: v[0], b: v[1], c: v[2], alpha: v[3], beta: v[4], gamma: v[5] }),
      };
  }
}

/** The free values of a cell in the order of the parameterization. */
export function cellValues(cell: Cell, p: CellParameterization): number[] {
  return p.names.map((n) => cell[n]);
}
