/**
 * Element symbols (Z = 1..118) and atomic weights (Z = 1..98).
 *
 * Atomic weights: IUPAC/CIAAW standard atomic weights 2021, T. Prohaska et al., "Standard atomic
 * weights of the elements 2021 (IUPAC Technical Report)", Pure Appl. Chem. 94 (2022) 573-600,
 * Table 1 (numbers as tabulated by CIAAW, e.g. the ciaaw project's data/src/saw_2021.txt).
 *  - Elements with a single standard atomic weight: that value (uncertainty dropped).
 *  - Elements whose standard atomic weight is an interval (H, Li, B, C, N, O, Mg, Si, S, Cl, Ar,
 *    Br, Tl, Pb): the IUPAC conventional value of the same report (H 1.008, Li 6.94, B 10.81,
 *    C 12.011, N 14.007, O 15.999, Mg 24.305, Si 28.085, S 32.06, Cl 35.45, Ar 39.95, Br 79.904,
 *    Tl 204.38, Pb 207.2).
 *  - Elements without a standard atomic weight (Tc, Pm, Po..Ac, Np..Cf): the mass number of the
 *    commonly quoted longest-lived isotope, the bracketed value of IUPAC periodic tables
 *    ([98], [145], [209], [210], [222], [223], [226], [227], [237], [244], [243], [247], [247], [251]).
 * Unit: u (unified atomic mass units) = g/mol.
 */

export const SYMBOLS: readonly string[] = (
  'H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr ' +
  'Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb ' +
  'Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf ' +
  'Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og'
).split(' ');

/** ATOMIC_WEIGHTS[Z - 1], u, for Z = 1..98. */
export const ATOMIC_WEIGHTS: readonly number[] = [
  1.008, 4.002602, 6.94, 9.0121831, 10.81, 12.011, 14.007, 15.999, 18.998403162, 20.1797, // H..Ne
  22.98976928, 24.305, 26.9815384, 28.085, 30.973761998, 32.06, 35.45, 39.95, // Na..Ar
  39.0983, 40.078, 44.955907, 47.867, 50.9415, 51.9961, 54.938043, 55.845, 58.933194, 58.6934, // K..Ni
  63.546, 65.38, 69.723, 72.63, 74.921595, 78.971, 79.904, 83.798, // Cu..Kr
  85.4678, 87.62, 88.905838, 91.224, 92.90637, 95.95, 98, 101.07, 102.90549, 106.42, // Rb..Pd
  107.8682, 112.414, 114.818, 118.71, 121.76, 127.6, 126.90447, 131.293, // Ag..Xe
  132.90545196, 137.327, 138.90547, 140.116, 140.90766, 144.242, 145, 150.36, 151.964, 157.25, // Cs..Gd
  158.925354, 162.5, 164.930329, 167.259, 168.934219, 173.045, 174.9668, // Tb..Lu
  178.486, 180.94788, 183.84, 186.207, 190.23, 192.217, 195.084, 196.96657, 200.592, // Hf..Hg
  204.38, 207.2, 208.9804, 209, 210, 222, // Tl..Rn
  223, 226, 227, 232.0377, 231.03588, 238.02891, 237, 244, 243, 247, 247, 251, // Fr..Cf
];
