/**
 * Weight fractions by Hill & Howard (J. Appl. Cryst. 1987, 20, 467): with intensities per unit cell
 * (no 1/V^2 in the model), W_p = S_p (ZMV)_p / sum_i S_i (ZMV)_i, Z M the mass of the cell contents (u),
 * V the cell volume (A^3). With the Brindley correction each term is divided by the particle absorption
 * factor tau_p.
 */
export interface PhaseQuantity {
  scale: number;
  /** mass of the unit-cell contents, u */
  cellMass: number;
  /** cell volume, A^3 */
  volume: number;
  /** Brindley particle absorption factor (1 = no correction) */
  tau?: number;
}

/** Weight fractions in percent. */
export function weightPercents(phases: PhaseQuantity[]): number[] {
  const t = phases.map((p) => (p.scale * p.cellMass * p.volume) / (p.tau ?? 1));
  const sum = t.reduce((a, b) => a + b, 0);
  return t.map((v) => (sum > 0 ? (100 * v) / sum : NaN));
}

/** Volume fractions in percent: S V^2 / sum (the 1/V^2 of the intensity per unit volume). */
export function volumePercents(phases: PhaseQuantity[]): number[] {
  const t = phases.map((p) => (p.scale * p.volume * p.volume) / (p.tau ?? 1));
  const sum = t.reduce((a, b) => a + b, 0);
  return t.map((v) => (sum > 0 ? (100 * v) / sum : NaN));
}
