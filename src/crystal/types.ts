/**
 * Core crystal types shared by the CIF reader, the space-group module and the physics.
 * Lengths in angstrom (A), angles in degrees, displacement parameters in A^2.
 */

/** Unit cell: a, b, c in A; alpha, beta, gamma in degrees. */
export interface Cell {
  a: number;
  b: number;
  c: number;
  alpha: number;
  beta: number;
  gamma: number;
}

/**
 * A space-group operator x' = R x + t acting on fractional coordinates.
 * `r` is the 3x3 rotation part, row-major (r[3*i + j]), integer entries;
 * `t` is the translation in fractions of the cell edges, reduced to [0, 1).
 */
export interface SymOp {
  r: readonly number[];
  t: readonly [number, number, number];
}

export type CrystalSystem =
  | 'triclinic'
  | 'monoclinic'
  | 'orthorhombic'
  | 'tetragonal'
  | 'trigonal'
  | 'hexagonal'
  | 'cubic';

/** A resolved space group in one setting: the full list of operators including centring translations. */
export interface SpaceGroup {
  /** International Tables number, 1..230 (0 when only operators were given and the group was not identified). */
  number: number;
  /** Hermann-Mauguin symbol of this setting, e.g. "F d -3 m :2" or "R -3 c :H". */
  symbol: string;
  /** Hall symbol of this setting where known, e.g. "-F 4vw 2vw 3". */
  hall: string;
  crystalSystem: CrystalSystem;
  /** All operators of the group in this setting (centring included); the first is the identity. */
  operators: SymOp[];
  /** True when the group contains the inversion (centrosymmetric). */
  centrosymmetric: boolean;
}

/** Anisotropic displacement in A^2 (U11 U22 U33 U12 U13 U23, CIF convention). */
export interface UAniso {
  u11: number;
  u22: number;
  u33: number;
  u12: number;
  u13: number;
  u23: number;
}

/** One asymmetric-unit atom site as read from a CIF. */
export interface AtomSite {
  label: string;
  /** Type symbol as given, e.g. "Al3+", "O2-", "Si". */
  typeSymbol: string;
  /** Element symbol with canonical capitalisation, e.g. "Al". */
  element: string;
  /** Formal charge (0 for neutral), e.g. +3 for Al3+. */
  charge: number;
  /** Fractional coordinates. */
  x: number;
  y: number;
  z: number;
  occupancy: number;
  /** Isotropic displacement B in A^2 (B = 8 pi^2 Uiso); from Uaniso the equivalent is used. */
  bIso: number;
  uAniso?: UAniso;
}

/** A crystal structure as the engine uses it. */
export interface CrystalStructure {
  /** Phase name (the CIF file name without extension unless given otherwise). */
  name: string;
  cell: Cell;
  spaceGroup: SpaceGroup;
  sites: AtomSite[];
  /** Where the structure came from (file path, COD id, paper), for reports. */
  source?: string;
}
