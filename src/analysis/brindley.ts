/**
 * Brindley microabsorption correction (Brindley, Phil. Mag. 36 (1945) 347), as offered by TOPAS.
 * A particle of phase p with linear absorption mu_p in a solid of mean absorption mu_bar diffracts
 * tau_p times what a non-absorbing-contrast particle would: tau_p = (1/V) int exp(-(mu_p - mu_bar) x) dV,
 * x the path within the particle. For spheres of radius R, taking x as the chord through each point along
 * the beam: tau = (3 / R^3) int_0^R t^2 exp(-2 (mu_p - mu_bar) t) dt (closed form below).
 * mu_p = rho_p sum_i w_i (mu/rho)_i, rho_p from the cell mass and volume; mu_bar = sum v_p mu_p over the
 * solid volume fractions v_p, which themselves depend on tau (solved by fixed-point iteration).
 */
import { InputError } from '../errors.js';
import { atomicMass, elementSymbol, massAttenuation } from '../physics/elements/index.js';
import type { PhaseSetup } from '../model/phase-setup.js';
import { expandSites } from '../crystal/sites.js';

const AMU_G = 1.66053906660e-24; // g per u (CODATA 2018)

/**
 * Largest particle radius, um: the correction is for powders (Brindley's fine to coarse classes reach about
 * 100 um); beyond 1 mm it is not a powder. The CLI, recipes and refinePattern all hold to it.
 */
export const MAX_BRINDLEY_RADIUS_UM = 1000;

/**
 * Largest |mu_p - mu_bar| R the correction is used for. Brindley's classes end with coarse powders (mu R up to
 * about 0.5); at |(mu_p - mu_bar) R| = 1 tau is already 0.24 or 4.8, and beyond it grows as exp(2 |a|) (a radius
 * of 1e9 um made tau Infinity and a phase 0 wt%): the spheres model no longer describes the sample.
 */
export const MAX_BRINDLEY_CONTRAST = 1;

/** tau for a sphere with (mu_p - mu_bar) R = a (dimensionless). */
export function brindleySphereTau(a: number): number {
  const k = 2 * a;
  if (Math.abs(k) < 0.5) {
    // 3 sum_n (-k)^n / (n! (n + 3)): the closed form below loses every digit to cancellation for small k
    let term = 1;
    let sum = 1 / 3;
    for (let n = 1; n < 40; n++) {
      term *= -k / n;
      const add = term / (n + 3);
      sum += add;
      if (Math.abs(add) < 1e-17) break;
    }
    return 3 * sum;
  }
  // 3 int_0^1 u^2 exp(-k u) du = 3 [2 - e^{-k}(k^2 + 2k + 2)] / k^3
  return (3 * (2 - Math.exp(-k) * (k * k + 2 * k + 2))) / (k * k * k);
}

/** Linear absorption coefficient (1/cm) of a phase at wavelength lambdaA, from its cell contents and volume (A^3). */
export function linearAbsorption(ph: PhaseSetup, volumeA3: number, lambdaA: number): number {
  let massAtten = 0; // sum over atoms of mass * mu/rho
  let mass = 0;
  for (const s of expandSites(ph.structure)) {
    const el = elementSymbol(s.element).element;
    const m = s.occupancy * atomicMass(el);
    mass += m;
    massAtten += m * massAttenuation(el, lambdaA);
  }
  const rho = (mass * AMU_G) / (volumeA3 * 1e-24); // g/cm^3
  return (rho * massAtten) / mass;
}

/**
 * tau of every phase, particle radius per phase in um (undefined: no correction for that phase, tau 1, though it
 * still counts in the mean absorption), at lambdaA; volumes (A^3) and the refined scales give the volume
 * fractions (S V^2 / tau). tau and the mean absorption depend on each other: solved by fixed-point iteration.
 */
export function brindleyTaus(phases: PhaseSetup[], radiiUm: (number | undefined)[], lambdaA: number, volumes: number[], scales: number[]): number[] {
  const mu = phases.map((ph, i) => linearAbsorption(ph, volumes[i], lambdaA));
  let tau = phases.map(() => 1);
  for (let iter = 0; iter < 50; iter++) {
    const v = phases.map((_, i) => (scales[i] * volumes[i] ** 2) / tau[i]);
    const sum = v.reduce((a, b) => a + b, 0);
    const muBar = v.reduce((s, vi, i) => s + (vi / sum) * mu[i], 0);
    const next = mu.map((m, i) => (radiiUm[i] ? brindleySphereTau((m - muBar) * radiiUm[i]! * 1e-4) : 1));
    const change = Math.max(...next.map((t, i) => Math.abs(t - tau[i])));
    tau = next;
    if (change < 1e-12) break;
  }
  const v = phases.map((_, i) => (scales[i] * volumes[i] ** 2) / tau[i]);
  const sum = v.reduce((a, b) => a + b, 0);
  const muBar = v.reduce((s, vi, i) => s + (vi / sum) * mu[i], 0);
  phases.forEach((ph, i) => {
    const a = (mu[i] - muBar) * (radiiUm[i] ?? 0) * 1e-4;
    if (!(Math.abs(a) <= MAX_BRINDLEY_CONTRAST)) {
      throw new InputError(`Brindley correction: phase ${ph.name} with particle radius ${radiiUm[i]} um has (mu - mu_mean) R = ${a.toPrecision(3)} (mu ${mu[i].toFixed(0)}/cm, mean ${muBar.toFixed(0)}/cm), beyond the ${MAX_BRINDLEY_CONTRAST} up to which the correction holds: give a smaller radius, or none for particles this coarse`);
    }
  });
  return tau;
}
