/**
 * Element data against an independent reference: test/fixtures/reference/elements.tsv, a copy of
 * ../shared/reference/elements.tsv made with xrayutilities 1.7.4 (see PROVENANCE.md there).
 *
 * The two sides use different published tables, so agreement is to table precision, not to rounding:
 *  - f0: ours Waasmaier & Kirfel 1995 (5 Gaussians + c); the reference the International Tables
 *    4-Gaussian fits (IT C Table 6.1.1.4). Both fit the same Hartree-Fock / Dirac-Fock tables.
 *  - f', f'': ours Henke/CXRO (semi-empirical, from measured photoabsorption, with Henke's relativistic
 *    correction Z* = Z - (Z/82.5)^2.37); the reference is built from Kissel's RTAB S-matrix values
 *    (xrayutilities reads the DABAX file f1f2_asf_Kissel.dat, although the file header says Henke).
 *  - mu/rho: photoabsorption from f'' on both sides, so it inherits the f'' differences.
 * Every value is asserted; the looser bounds below are listed element by element with the reason.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ANODE_LINES,
  ANODE_LINE_ENERGIES_EV,
  HC_EV_A,
  anomalous,
  atomicMass,
  atomicNumber,
  elementSymbol,
  f0,
  f0Coefficients,
  f0TypeSymbols,
  massAttenuation,
} from '../../src/physics/elements/index.js';
import { InputError } from '../../src/errors.js';
import { HENKE } from '../../src/physics/elements/data/henke.js';
import { SYMBOLS } from '../../src/physics/elements/data/iupac.js';

// ---------------------------------------------------------------------------------------------
// Reference table
// ---------------------------------------------------------------------------------------------
const REF_PATH = fileURLToPath(new URL('../fixtures/reference/elements.tsv', import.meta.url));
const refLines = readFileSync(REF_PATH, 'utf8')
  .split(/\r?\n/)
  .filter((l) => l.trim() !== '' && !l.startsWith('#'));
const header = refLines[0].split('\t');
interface RefRow {
  z: number;
  symbol: string;
  get(column: string): number;
}
const REF: RefRow[] = refLines.slice(1).map((l) => {
  const f = l.split('\t');
  return {
    z: Number(f[0]),
    symbol: f[1],
    get(column: string) {
      const i = header.indexOf(column);
      if (i < 0) throw new Error(`no column ${column}`);
      return Number(f[i]);
    },
  };
});

const S_VALUES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0];
const LINES = ['Cr', 'Fe', 'Co', 'Cu', 'Mo', 'Ag'] as const;

// ---------------------------------------------------------------------------------------------
// Looser bounds, with reasons
// ---------------------------------------------------------------------------------------------

/**
 * f0: default |diff| <= 0.02 e for s <= 0.6 and 0.05 e for s <= 1. Listed: [bound s<=0.6, bound s<=1].
 * Reason (all but H): the reference's 4-Gaussian IT fits carry fit errors of up to ~0.06 e for
 * Z >= 37 (visible at s = 0: reference f0(0) = 76.952 for Ir, 80.942 for Tl, instead of Z), and the
 * 5-Gaussian Waasmaier-Kirfel fits errors of up to ~0.04 e (Os at s = 0); the two fits of the same
 * tables therefore differ by up to 0.06 e. H: the reference is the bonded (Stewart-Davidson-Simpson)
 * hydrogen of IT Table 6.1.1.2; Waasmaier-Kirfel fit the free H atom (checked against the exact
 * 1s form factor below).
 */
const F0_LOOSE: Record<string, [number, number]> = {
  H: [0.1, 0.1], // SDS bonded H vs free H atom: max 0.087 at s = 0.2
  Rb: [0.03, 0.05], // max 0.023 / 0.023
  Nb: [0.03, 0.05], // 0.024
  Mo: [0.035, 0.05], // 0.026
  Cs: [0.035, 0.06], // 0.025 / 0.050
  Ba: [0.035, 0.065], // 0.028 / 0.055
  La: [0.035, 0.05], // 0.025 / 0.048
  Ce: [0.04, 0.065], // 0.031 / 0.055
  Pr: [0.03, 0.05], // 0.024 / 0.040
  Nd: [0.035, 0.05], // 0.026 / 0.045
  Pm: [0.03, 0.05], // 0.021 / 0.037
  Eu: [0.03, 0.05], // 0.023 / 0.038
  Gd: [0.035, 0.05], // 0.028 / 0.040
  Tb: [0.035, 0.05], // 0.028
  Dy: [0.035, 0.05], // 0.029
  Ho: [0.035, 0.05], // 0.029
  Er: [0.035, 0.05], // 0.027
  Tm: [0.035, 0.05], // 0.026
  Yb: [0.035, 0.05], // 0.028
  Lu: [0.035, 0.05], // 0.028
  Hf: [0.035, 0.05], // 0.029
  Ta: [0.035, 0.05], // 0.026
  W: [0.035, 0.05], // 0.025
  Re: [0.03, 0.05], // 0.020 / 0.024
  Ir: [0.06, 0.06], // 0.050 (reference f0(0) = 76.952)
  Tl: [0.07, 0.07], // 0.059 (reference f0(0) = 80.942)
  Pb: [0.065, 0.065], // 0.053
  Bi: [0.055, 0.055], // 0.047
  Po: [0.05, 0.05], // 0.039
  At: [0.035, 0.05], // 0.029
  Rn: [0.035, 0.05], // 0.026 / 0.037
  Fr: [0.05, 0.065], // 0.039 / 0.055
  Ra: [0.045, 0.05], // 0.037 / 0.042
  Ac: [0.045, 0.05], // 0.038 / 0.043
  Th: [0.045, 0.05], // 0.036 / 0.046
  Pa: [0.045, 0.05], // 0.036 / 0.048
  U: [0.04, 0.05], // 0.033 / 0.047
};

/**
 * f', f'': default |diff| <= 0.15 e. Listed: the lines where an element needs more, and the bound
 * used for those lines (other lines of the element keep 0.15). Two reasons:
 *  EDGE  the line lies within ~5 % of an absorption edge of the element, where f' changes by
 *        electrons over tens of eV and the two tables place and shape the edge differently
 *        (Henke's grid is ~1.6 % wide there; ours interpolates f1 in ln|E - E_edge| next to an edge).
 *  HEAVY Z >= 48: Henke (measured photoabsorption, relativistic term -(Z/82.5)^2.37) vs Kissel RTAB
 *        (S-matrix theory, its own relativistic term): f' differs by a near-constant 0.2-0.7 e for
 *        Z >= 73, f'' by 3-10 % above the L and M edges (Cr..Cu lines lie above the L edges of the
 *        lanthanides and the M edges of Z >= 73).
 */
const ANOMALOUS_LOOSE: Record<string, { lines: string; fp: number; fpp: number; why: string }> = {
  V: { lines: 'Cr', fp: 0.95, fpp: 0.15, why: 'EDGE Cr Ka1 5415 eV is 0.9 % below the V K edge 5465 eV' },
  Mn: { lines: 'Fe', fp: 0.3, fpp: 0.15, why: 'EDGE Fe Ka1 6404 eV is 2.1 % below the Mn K edge 6539 eV' },
  Fe: { lines: 'Co', fp: 0.25, fpp: 0.15, why: 'EDGE Co Ka1 6930 eV is 2.6 % below the Fe K edge 7112 eV' },
  Y: { lines: 'Mo', fp: 0.25, fpp: 0.15, why: 'EDGE Mo Ka1 17479 eV is 2.5 % above the Y K edge 17038 eV' },
  Ru: { lines: 'Ag', fp: 0.55, fpp: 0.15, why: 'EDGE Ag Ka1 22163 eV is 46 eV (0.2 %) above the Ru K edge 22117 eV' },
  Cd: { lines: 'Cr', fp: 0.15, fpp: 0.25, why: 'HEAVY f\'\' above the L edges (3.5-4.0 keV)' },
  In: { lines: 'Cr', fp: 0.15, fpp: 0.2, why: 'HEAVY f\'\' above the L edges (3.7-4.2 keV)' },
  Sb: { lines: 'Cr Fe Co Cu', fp: 0.2, fpp: 0.55, why: 'HEAVY f\'\' above the L edges' },
  Te: { lines: 'Cr Fe Co Cu', fp: 0.4, fpp: 0.7, why: 'HEAVY f\'\' above the L edges' },
  I: { lines: 'Cr', fp: 0.15, fpp: 0.25, why: 'EDGE Cr Ka1 is 4 % above the I L1 edge 5188 eV' },
  Xe: { lines: 'Cr Fe Co Cu', fp: 2.95, fpp: 0.65, why: 'EDGE Cr Ka1 is 38 eV below the Xe L1 edge 5453 eV; HEAVY f\'\' elsewhere' },
  Cs: { lines: 'Cr Fe Co Cu', fp: 0.85, fpp: 0.65, why: 'EDGE Cr Ka1 is 1 % above the Cs L2 edge 5359 eV; HEAVY' },
  Ba: { lines: 'Cr Fe Co Cu', fp: 0.85, fpp: 0.75, why: 'EDGE Cr Ka1 3 % above the Ba L3 edge 5247 eV and 4 % below L2 5624 eV; HEAVY' },
  La: { lines: 'Cr Fe Co Cu', fp: 0.6, fpp: 1.05, why: 'EDGE Cr Ka1 1.3 % below the La L3 edge 5483 eV, Fe Ka1 2.2 % above L1 6266 eV; HEAVY' },
  Ce: { lines: 'Fe Co Cu', fp: 0.3, fpp: 0.65, why: 'EDGE Fe Ka1 between the Ce L1 6549 and L2 6164 eV edges; HEAVY' },
  Pr: { lines: 'Cr Fe Co Cu', fp: 0.7, fpp: 0.3, why: 'EDGE Fe Ka1 0.6 % below the Pr L2 edge 6440 eV, Co Ka1 1.4 % above L1 6835 eV' },
  Nd: { lines: 'Cr Fe Co Cu', fp: 0.75, fpp: 0.6, why: 'EDGE Fe, Co Ka1 within 3 % of the Nd L edges 6208, 6722, 7126 eV' },
  Pm: { lines: 'Cr Fe Co Cu', fp: 0.95, fpp: 0.35, why: 'EDGE Fe Ka1 0.9 % below the Pm L3 edge 6459 eV, Co Ka1 1.2 % below L2 7013 eV' },
  Sm: { lines: 'Cr Fe Co Cu Mo Ag', fp: 1.05, fpp: 1.05, why: 'EDGE Co Ka1 3 % above the Sm L3 edge 6716 eV, Cu Ka1 4 % above L1 7737 eV; HEAVY' },
  Eu: { lines: 'Co Cu', fp: 1.45, fpp: 1.7, why: 'EDGE Cu Ka1 8048 eV is 4 eV below the Eu L1 edge 8052 eV; Co Ka1 0.7 % below L3 6977 eV' },
  Gd: { lines: 'Cr Fe Co Cu Mo Ag', fp: 0.75, fpp: 1.4, why: 'EDGE Cu Ka1 1.5 % above the Gd L2 edge 7930 eV; HEAVY' },
  Ho: { lines: 'Cr Fe Co Cu Mo Ag', fp: 4.2, fpp: 0.4, why: 'EDGE Cu Ka1 8048 eV is 23 eV below the Ho L3 edge 8071 eV; HEAVY f\'\'' },
  Tm: { lines: 'Cr Fe Co Cu Mo', fp: 0.15, fpp: 0.3, why: 'HEAVY f\'\' above the L3 edge' },
  Yb: { lines: 'Cr Fe Co Cu Mo', fp: 0.15, fpp: 0.3, why: 'HEAVY f\'\' above the L3 edge' },
  Lu: { lines: 'Cr Fe Co Cu Mo Ag', fp: 0.2, fpp: 0.4, why: 'HEAVY' },
  Hf: { lines: 'Cr Fe Co Cu Mo', fp: 0.2, fpp: 0.3, why: 'HEAVY' },
  Ta: { lines: 'Cr Fe Co Cu', fp: 0.4, fpp: 0.2, why: 'HEAVY relativistic term: f\' offset ~0.3 e' },
  W: { lines: 'Cr Fe Co Cu Mo', fp: 0.55, fpp: 0.25, why: 'HEAVY relativistic term: f\' offset ~0.4 e' },
  Re: { lines: 'Cr Fe Co Cu Mo', fp: 0.55, fpp: 0.25, why: 'HEAVY relativistic term: f\' offset ~0.45 e' },
  Os: { lines: 'Cr Fe Co Cu', fp: 0.45, fpp: 0.15, why: 'HEAVY relativistic term: f\' offset ~0.3 e' },
  Ir: { lines: 'Cr Fe Co Cu', fp: 0.55, fpp: 0.35, why: 'HEAVY' },
  Pt: { lines: 'Cr Fe Co Cu', fp: 0.45, fpp: 0.4, why: 'HEAVY' },
  Au: { lines: 'Cr Fe Co Cu Mo Ag', fp: 0.45, fpp: 0.85, why: 'HEAVY (f\'\' from Cr to Cu Ka1: CXRO revised the Au data for 2-6.5 keV in 1994)' },
  Hg: { lines: 'Cr Fe Co Cu Ag', fp: 0.6, fpp: 0.65, why: 'HEAVY' },
  Tl: { lines: 'Cr Fe Co Cu Mo Ag', fp: 0.55, fpp: 0.6, why: 'HEAVY' },
  Pb: { lines: 'Cr Fe Co Cu Mo Ag', fp: 0.55, fpp: 0.65, why: 'HEAVY' },
  Bi: { lines: 'Cr Fe Co Cu Mo', fp: 0.5, fpp: 0.55, why: 'HEAVY' },
  Po: { lines: 'Cr Fe Co Cu Ag', fp: 0.4, fpp: 0.45, why: 'HEAVY' },
  At: { lines: 'Cr Fe Co Cu Mo Ag', fp: 2.5, fpp: 1.05, why: 'EDGE Mo Ka1 17479 eV is 14 eV below the At L3 edge 17493 eV; HEAVY' },
  Rn: { lines: 'Cr Fe Co Cu Mo Ag', fp: 0.7, fpp: 1.25, why: 'EDGE Mo Ka1 0.8 % above the Rn L3 edge 17337 eV; HEAVY' },
  Fr: { lines: 'Cr Fe Co Cu Mo Ag', fp: 0.85, fpp: 1.3, why: 'EDGE Mo Ka1 2.4 % below the Fr L3 edge 17907 eV; HEAVY' },
  Ra: { lines: 'Cr Fe Co Cu Mo Ag', fp: 0.75, fpp: 1.35, why: 'HEAVY' },
  Ac: { lines: 'Cr Fe Co Cu Mo Ag', fp: 0.75, fpp: 1.05, why: 'HEAVY' },
  Th: { lines: 'Cr Fe Co Cu Mo Ag', fp: 0.8, fpp: 1.55, why: 'HEAVY (Cr Ka1 4.5 % above the Th M1 edge 5182 eV)' },
  Pa: { lines: 'Cr Fe Co Cu Mo Ag', fp: 0.55, fpp: 2.15, why: 'EDGE Cr Ka1 0.9 % above the Pa M1 edge 5367 eV; HEAVY' },
  U: { lines: 'Cr Fe Co Cu Mo Ag', fp: 1.95, fpp: 0.75, why: 'EDGE U M edges 3.55-5.18 keV below Cr..Co Ka1; Mo, Ag Ka1 1.8 % above L3 17166 / L1 21757 eV; HEAVY' },
};

/**
 * mu/rho (photoabsorption, Cu Ka1): default |rel diff| <= 3 % (plus 0.005 cm^2/g for the rounding
 * of the reference to 0.01). Listed: bound in %. Reason: mu/rho = 2 r_e lambda f'' N_A / M on both
 * sides, so these are the f'' differences above (Henke's measured photoabsorption vs Kissel's theory:
 * 3-5 % for most elements, 7-12 % for La, Sm, Eu, Gd, Pa near their L/M edges). For H, He, Li the
 * photoabsorption at 8 keV is tiny (< 0.3 cm^2/g) and the two tables differ by 10-12 %.
 */
const MU_LOOSE: Record<string, number> = {
  H: 50, // 0.0058 vs 0.01 (reference rounded to 0.01: anything 0.005-0.015)
  He: 15, // -12.5 %
  Li: 12, // -10.2 %
  Be: 4, // 3.7 %
  Na: 5, // -3.9 %
  Al: 4.5, // -3.5 %
  Si: 4, // -3.3 %
  K: 4, // 3.0 %
  Sc: 5.5, // 4.5 %
  Ti: 4, // 3.2 %
  V: 5, // 4.0 %
  Kr: 4.5, // -3.5 %
  Rb: 4.5, // -3.6 %
  Sb: 6, // -4.8 %
  Te: 6.5, // 5.6 %
  Xe: 5.5, // 4.4 %
  Cs: 4.5, // 3.8 %
  Ba: 7.5, // 6.1 %
  La: 8.5, // 7.4 %
  Ce: 5, // 4.0 %
  Nd: 4, // 3.4 %
  Sm: 8, // 6.6 %
  Eu: 13, // -11.5 % (Cu Ka1 4 eV below the Eu L1 edge)
  Gd: 12, // 10.4 %
  Ho: 7, // 5.7 % (23 eV below the Ho L3 edge)
  Tm: 4.5, // 3.8 %
  Yb: 5, // 4.2 %
  Lu: 5.5, // 4.5 %
  Hf: 4.5, // 3.6 %
  Au: 4.5, // 3.7 %
  At: 4.5, // 3.7 %
  Rn: 6, // 4.8 %
  Fr: 5.5, // 4.4 %
  Ra: 5, // 4.2 %
  Th: 6, // 4.8 %
  Pa: 8.5, // 7.3 %
};

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('elementSymbol', () => {
  it.each([
    ['Al3+', 'Al', 3],
    ['O2-', 'O', -2],
    ['Fe', 'Fe', 0],
    ['FE', 'Fe', 0],
    ['fe', 'Fe', 0],
    ['Si0+', 'Si', 0],
    ['D', 'H', 0],
    ['Na+', 'Na', 1],
    ['Cl1-', 'Cl', -1],
    ['Fe+2', 'Fe', 2],
    ['O-2', 'O', -2],
    [' Ca2+ ', 'Ca', 2],
    ['U6+', 'U', 6],
    ['CA', 'Ca', 0],
    ['Og', 'Og', 0],
  ])('%s -> %s %d', (t, element, charge) => {
    const r = elementSymbol(t);
    expect(r.element).toBe(element);
    expect(r.charge).toBe(charge);
    expect(Object.is(r.charge, -0)).toBe(false);
  });

  it.each(['Oh', 'Xx', 'Cval', 'Q', 'Abc'])('throws "unknown element" for %s', (t) => {
    expect(() => elementSymbol(t)).toThrow(InputError);
    expect(() => elementSymbol(t)).toThrow(`unknown element '${t}'`);
  });

  it('rejects a suffix that is not a charge', () => {
    expect(() => elementSymbol('')).toThrow(/unknown element/);
    expect(() => elementSymbol('Fe2+x')).toThrow(/invalid charge/);
    expect(() => elementSymbol('O1')).toThrow(/invalid charge/);
    expect(() => elementSymbol('3+')).toThrow(Error);
  });
});

describe('atomic numbers and weights', () => {
  it('numbers', () => {
    expect(atomicNumber('H')).toBe(1);
    expect(atomicNumber('Fe')).toBe(26);
    expect(atomicNumber('Fe3+')).toBe(26);
    expect(atomicNumber('U')).toBe(92);
    expect(atomicNumber('Cf')).toBe(98);
    expect(atomicNumber('Og')).toBe(118);
    expect(() => atomicNumber('Xx')).toThrow("unknown element 'Xx'");
  });

  it('IUPAC 2021 values', () => {
    expect(atomicMass('H')).toBe(1.008);
    expect(atomicMass('C')).toBe(12.011);
    expect(atomicMass('O2-')).toBe(15.999);
    expect(atomicMass('Cu')).toBe(63.546);
    expect(atomicMass('Pb')).toBe(207.2);
    expect(atomicMass('U')).toBe(238.02891);
    expect(atomicMass('Tc')).toBe(98);
    expect(atomicMass('Cf')).toBe(251);
    expect(() => atomicMass('Es')).toThrow(/no atomic weight/);
  });

  it('match the reference within 0.01 u for Z = 1..92', () => {
    expect(REF.length).toBe(92);
    let worst = 0;
    for (const r of REF) {
      expect(atomicNumber(r.symbol)).toBe(r.z);
      const d = Math.abs(atomicMass(r.symbol) - r.get('mass_u'));
      worst = Math.max(worst, d);
      expect(d, r.symbol).toBeLessThanOrEqual(0.01);
    }
    expect(worst).toBeLessThan(0.0095); // Yb: 173.045 (IUPAC 2015+) vs 173.054
  });
});

describe('f0 (Waasmaier & Kirfel 1995)', () => {
  it('has all neutral atoms H..Cf and the ions of the table', () => {
    const types = f0TypeSymbols();
    for (let z = 1; z <= 98; z++) {
      expect(types).toContain(SYMBOLS[z - 1]);
    }
    expect(types.length).toBe(209); // 98 atoms + 111 ions
    for (const ion of ['H1-', 'O1-', 'O2-', 'F1-', 'Al3+', 'Si4+', 'Fe2+', 'Fe3+', 'Cu1+', 'Cu2+', 'U6+', 'Pu6+']) {
      expect(types).toContain(ion);
    }
  });

  it('matches the reference (IT fits) within 0.02 e for s <= 0.6 and 0.05 e to s = 1', () => {
    const worst = { lo: 0, hi: 0 };
    for (const r of REF) {
      const [loTol, hiTol] = F0_LOOSE[r.symbol] ?? [0.02, 0.05];
      for (const s of S_VALUES) {
        const d = Math.abs(f0(r.symbol, s) - r.get(`f0_s${s.toFixed(1)}`));
        if (s <= 0.6) worst.lo = Math.max(worst.lo, d);
        else worst.hi = Math.max(worst.hi, d);
        expect(d, `${r.symbol} s=${s}`).toBeLessThanOrEqual(s <= 0.6 ? loTol : hiTol);
      }
    }
    // Most elements meet the default bounds; the listed ones are the fit-error cases.
    expect(Object.keys(F0_LOOSE).length).toBeLessThan(40);
  });

  it('H is the free-atom 1s form factor 16 / (4 + (4 pi s a0)^2)^2', () => {
    const a0 = 0.529177210903;
    for (const s of [0, 0.1, 0.2, 0.3, 0.5, 0.8, 1, 1.5]) {
      const q = 4 * Math.PI * s * a0;
      expect(f0('H', s)).toBeCloseTo(16 / (4 + q * q) ** 2, 3);
    }
  });

  it('f0(0) = Z for atoms and Z - charge for every fitted ion, within 0.05', () => {
    for (const t of f0TypeSymbols()) {
      const { element, charge } = elementSymbol(t);
      expect(Math.abs(f0(t, 0) - (atomicNumber(element) - charge)), t).toBeLessThan(0.05);
    }
    expect(f0('O2-', 0)).toBeCloseTo(10, 1);
    expect(f0('Fe3+', 0)).toBeCloseTo(23, 1);
    expect(f0('Al3+', 0)).toBeCloseTo(10, 1);
  });

  it('ions use their own fit; ions without a fit fall back to the neutral atom', () => {
    expect(f0Coefficients('Fe3+')).not.toEqual(f0Coefficients('Fe'));
    expect(f0Coefficients('Fe+3')).toEqual(f0Coefficients('Fe3+'));
    expect(f0Coefficients('Fe5+')).toEqual(f0Coefficients('Fe'));
    expect(f0('S2-', 0.3)).toBe(f0('S', 0.3)); // no S2- fit in the table
    expect(f0('Si0+', 0.4)).toBe(f0('Si', 0.4));
    expect(f0('D', 0.2)).toBe(f0('H', 0.2));
    const c = f0Coefficients('O2-');
    expect(c.a).toHaveLength(5);
    expect(c.b).toHaveLength(5);
    const s = 0.37;
    const manual = c.c + c.a.reduce((acc, a, i) => acc + a * Math.exp(-c.b[i] * s * s), 0);
    expect(f0('O2-', s)).toBeCloseTo(manual, 12);
    c.a[0] = 1e9; // a copy: the table is not changed
    expect(f0('O2-', 0)).toBeCloseTo(10, 1);
  });

  it('throws for elements without a fit', () => {
    expect(() => f0('Es', 0.1)).toThrow(/no X-ray scattering factor/);
    expect(() => f0('Xx', 0.1)).toThrow("unknown element 'Xx'");
  });
});

describe("f', f'' (Kissel RTAB, the default table)", () => {
  // The reference (xrayutilities 1.7.4) reads the same published table (DABAX f1f2_asf_Kissel); what is checked
  // here is our compaction and interpolation of it. Where a line sits within a few eV of an absorption edge
  // or a bound-bound resonance, the small difference between the reference's line energy and ours (Hoelzer
  // 1997 / Deslattes 2003) matters: those three are listed with their bound.
  const NEAR_EDGE: Record<string, { line: string; bound: number }> = {
    Xe: { line: 'Cr', bound: 0.2 }, // L1 edge 5.45 keV, Cr Ka1 5.41 keV
    Ho: { line: 'Cu', bound: 0.1 }, // L3 edge 8.07 keV, Cu Ka1 8.05 keV
    At: { line: 'Mo', bound: 6.5 }, // L1 edge 17.49 keV, Mo Ka1 17.48 keV: resonance
  };
  it('match the reference within 0.01 e at every anode line, but for three lines at edges', () => {
    for (const r of REF) {
      for (const line of LINES) {
        const { fp, fpp } = anomalous(r.symbol, ANODE_LINES[line].ka1);
        const edge = NEAR_EDGE[r.symbol]?.line === line ? NEAR_EDGE[r.symbol].bound : 0.01;
        expect(Math.abs(fp - r.get(`fp_${line}Ka1`)), `${r.symbol} f' at ${line}`).toBeLessThanOrEqual(edge);
        expect(Math.abs(fpp - r.get(`fpp_${line}Ka1`)), `${r.symbol} f'' at ${line}`).toBeLessThanOrEqual(edge);
      }
    }
  });

  it('Ni at Cu Ka1, just below the Ni K edge, differs between the tables (Kissel -3.12, Henke -2.99)', () => {
    expect(anomalous('Ni', 1.54056).fp).toBeCloseTo(-3.12, 2);
    expect(anomalous('Ni', 1.54056, 'henke').fp).toBeCloseTo(-2.99, 2);
  });
});

describe("f', f'' (Henke/CXRO)", () => {
  it('match the reference within 0.15 e, with the listed edge and heavy-atom exceptions', () => {
    const worst = { fp: 0, fpp: 0 };
    for (const r of REF) {
      const loose = ANOMALOUS_LOOSE[r.symbol];
      for (const line of LINES) {
        const special = loose !== undefined && loose.lines.split(' ').includes(line);
        const { fp, fpp } = anomalous(r.symbol, ANODE_LINES[line].ka1, 'henke');
        const dfp = Math.abs(fp - r.get(`fp_${line}Ka1`));
        const dfpp = Math.abs(fpp - r.get(`fpp_${line}Ka1`));
        if (!special) {
          worst.fp = Math.max(worst.fp, dfp);
          worst.fpp = Math.max(worst.fpp, dfpp);
        }
        expect(dfp, `${r.symbol} f' at ${line} Ka1`).toBeLessThanOrEqual(special ? loose.fp : 0.15);
        expect(dfpp, `${r.symbol} f'' at ${line} Ka1`).toBeLessThanOrEqual(special ? loose.fpp : 0.15);
      }
    }
    // The exceptions are a minority: 46 of 92 elements, and for those only the lines listed.
    expect(Object.keys(ANOMALOUS_LOOSE).length).toBeLessThanOrEqual(46);
    expect(Math.max(worst.fp, worst.fpp)).toBeLessThanOrEqual(0.15);
  });

  it('known values at Cu Ka1', () => {
    // Henke tables at 8047.8 eV: Si f' 0.25, f'' 0.33; Fe f' -1.13, f'' 3.20; Cu f' -1.97, f'' 0.59
    expect(anomalous('Si', ANODE_LINES.Cu.ka1, 'henke').fp).toBeCloseTo(0.25, 1);
    expect(anomalous('Fe', ANODE_LINES.Cu.ka1, 'henke').fpp).toBeCloseTo(3.2, 1);
    expect(anomalous('Cu', ANODE_LINES.Cu.ka1, 'henke').fpp).toBeCloseTo(0.59, 1);
    expect(anomalous('Fe3+', ANODE_LINES.Cu.ka1, 'henke')).toEqual(anomalous('Fe', ANODE_LINES.Cu.ka1, 'henke'));
  });

  it('does not interpolate across an absorption edge', () => {
    // Fe K edge: Henke points at 7111.9 and 7112.1 eV.
    const below = anomalous('Fe', HC_EV_A / 7111.95, 'henke');
    const above = anomalous('Fe', HC_EV_A / 7112.05, 'henke');
    expect(below.fpp).toBeLessThan(0.5);
    expect(above.fpp).toBeGreaterThan(3.8);
    // Just below and above the edge the values are those of the same side, not a blend.
    expect(anomalous('Fe', HC_EV_A / 7100, 'henke').fpp).toBeLessThan(0.5);
    expect(anomalous('Fe', HC_EV_A / 7120, 'henke').fpp).toBeGreaterThan(3.8);
    // f' dips towards the edge from both sides.
    expect(anomalous('Fe', HC_EV_A / 7105, 'henke').fp).toBeLessThan(anomalous('Fe', HC_EV_A / 7000, 'henke').fp);
    expect(anomalous('Fe', HC_EV_A / 7120, 'henke').fp).toBeLessThan(anomalous('Fe', HC_EV_A / 7190, 'henke').fp);
  });

  it('interpolates f\'\' log-log between grid points and reproduces the grid', () => {
    const [es, f1s, f2s] = HENKE[13]; // Si
    for (let i = 1; i < es.length; i += 17) {
      const r = anomalous('Si', HC_EV_A / es[i], 'henke');
      expect(r.fp).toBeCloseTo(f1s[i] - 14, 6);
      expect(r.fpp).toBeCloseTo(f2s[i], 6);
    }
    const i = 40;
    const e = Math.sqrt(es[i] * es[i + 1]); // geometric mid-point
    expect(anomalous('Si', HC_EV_A / e, 'henke').fpp).toBeCloseTo(Math.sqrt(f2s[i] * f2s[i + 1]), 9);
  });

  it('every Henke table spans 2-30 keV with increasing energies', () => {
    expect(HENKE.length).toBe(92);
    for (const [es, f1s, f2s] of HENKE) {
      expect(es[0]).toBeLessThanOrEqual(2000);
      expect(es[es.length - 1]).toBe(30000);
      expect(f1s.length).toBe(es.length);
      expect(f2s.length).toBe(es.length);
      for (let i = 1; i < es.length; i++) expect(es[i]).toBeGreaterThan(es[i - 1]);
    }
  });

  it('throws outside the tables', () => {
    expect(() => anomalous('Fe', 0.3, 'henke')).toThrow(/outside the dispersion tables/);
    expect(() => anomalous('Fe', 7, 'henke')).toThrow(/outside the dispersion tables/);
    expect(() => anomalous('Fe', -1, 'henke')).toThrow(/invalid wavelength/);
    expect(() => anomalous('Np', 1.54, 'henke')).toThrow(/Z = 1..92/);
    expect(() => massAttenuation('Pu', 1.54)).toThrow(/Z = 1..92/);
  });
});

describe('mu/rho (photoabsorption, from f\'\')', () => {
  it('matches the reference at Cu Ka1 within 3 %, with the listed exceptions', () => {
    let worst = 0;
    for (const r of REF) {
      const ref = r.get('mu_rho_photo_CuKa1_cm2_g');
      const mu = massAttenuation(r.symbol, ANODE_LINES.Cu.ka1);
      const rel = (Math.abs(mu - ref) - 0.005) / ref; // reference rounded to 0.01 cm^2/g
      const tol = (MU_LOOSE[r.symbol] ?? 3) / 100;
      if (!(r.symbol in MU_LOOSE)) worst = Math.max(worst, rel);
      expect(rel, `${r.symbol}: ${mu.toFixed(2)} vs ${ref}`).toBeLessThanOrEqual(tol);
    }
    expect(worst).toBeLessThanOrEqual(0.03);
  });

  it('is 2 r_e lambda f\'\' N_A / M', () => {
    const lambda = ANODE_LINES.Cu.ka1;
    const mu = massAttenuation('Ni', lambda);
    const expected = (2 * 2.8179403262e-13 * lambda * 1e-8 * anomalous('Ni', lambda).fpp * 6.02214076e23) / 58.6934;
    expect(mu).toBeCloseTo(expected, 10);
    // Ni at Cu Ka1 below its K edge (8333 eV): about 46 cm^2/g photoabsorption; Fe above its K edge ~300.
    expect(mu).toBeGreaterThan(40);
    expect(mu).toBeLessThan(52);
    expect(massAttenuation('Fe', lambda)).toBeGreaterThan(280);
  });
});

describe('anode lines', () => {
  it('are hc / E of the published energies', () => {
    // Hoelzer et al. 1997: Cu Ka1 8047.8227 eV = 1.540593 A, Ka2 8027.8416 eV = 1.544428 A.
    expect(ANODE_LINES.Cu.ka1).toBeCloseTo(1.540593, 6);
    expect(ANODE_LINES.Cu.ka2).toBeCloseTo(1.544428, 6);
    expect(ANODE_LINES.Cu.kb).toBeCloseTo(1.392234, 6);
    expect(ANODE_LINES.Mo.ka1).toBeCloseTo(0.709317, 6);
    expect(ANODE_LINES.Co.ka1).toBeCloseTo(1.788996, 6);
    expect(ANODE_LINES.Fe.ka1).toBeCloseTo(1.936041, 6);
    expect(ANODE_LINES.Cr.ka1).toBeCloseTo(2.289726, 6);
    expect(ANODE_LINES.Ag.ka1).toBeCloseTo(0.559422, 6);
    for (const name of LINES) {
      const l = ANODE_LINES[name];
      expect(l.ka2).toBeGreaterThan(l.ka1);
      expect(l.kb!).toBeLessThan(l.ka1);
      expect(l.ratioKa2).toBe(0.5);
      expect(l.ka1 * ANODE_LINE_ENERGIES_EV[name][0]).toBeCloseTo(HC_EV_A, 6);
    }
  });
});
