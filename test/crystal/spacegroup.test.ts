import { describe, expect, it } from 'vitest';
import {
  equivalentReflections,
  formatSymmetryOperator,
  isSystematicallyAbsent,
  laueClass,
  parseSymmetryOperator,
  resolveSpaceGroup,
  spaceGroupFromHall,
  spaceGroupFromNumber,
  spaceGroupFromOperators,
  spaceGroupFromSymbol,
} from '../../src/crystal/spacegroup/index.js';
import { SETTINGS } from '../../src/crystal/spacegroup/lookup.js';
import type { SpaceGroup, SymOp } from '../../src/crystal/types.js';

/** Point-group order of each geometric crystal class, by the last space-group number of the class (ITA). */
const CLASS_ORDER: [number, number][] = [
  [1, 1], [2, 2], [5, 2], [9, 2], [15, 4], [24, 4], [46, 4], [74, 8], [80, 4], [82, 4], [88, 8], [98, 8],
  [110, 8], [122, 8], [142, 16], [146, 3], [148, 6], [155, 6], [161, 6], [167, 12], [173, 6], [174, 6],
  [176, 12], [182, 12], [186, 12], [190, 12], [194, 24], [199, 12], [206, 24], [214, 24], [220, 24], [230, 48],
];
const pointGroupOrder = (n: number): number => CLASS_ORDER.find(([last]) => n <= last)![1];
/** Lattice points per cell from the centring letter of the H-M symbol (R on hexagonal axes: 3). */
const centringMultiplicity = (hm: string, code: string): number =>
  ({ P: 1, A: 2, B: 2, C: 2, I: 2, F: 4, R: code === 'R' ? 1 : 3 })[hm[0]]!;

const frac = (x: number): number => {
  const f = x - Math.floor(x);
  return f > 1 - 1e-9 ? 0 : f;
};
const apply = (op: SymOp, p: number[]): number[] =>
  [0, 1, 2].map((i) => frac(op.r[3 * i] * p[0] + op.r[3 * i + 1] * p[1] + op.r[3 * i + 2] * p[2] + op.t[i]));
function orbit(sg: SpaceGroup, p: number[]): number[][] {
  const out: number[][] = [];
  for (const op of sg.operators) {
    const q = apply(op, p);
    if (!out.some((o) => o.every((v, i) => Math.abs(v - q[i]) < 1e-9))) out.push(q);
  }
  return out;
}
const hasOp = (sg: SpaceGroup, xyz: string): boolean => {
  const want = parseSymmetryOperator(xyz);
  return sg.operators.some(
    (op) => op.r.every((v, i) => v === want.r[i]) && op.t.every((v, i) => Math.abs(v - want.t[i]) < 1e-9),
  );
};

describe('table of settings', () => {
  it('has the 530 settings of all 230 space groups', () => {
    expect(SETTINGS).toHaveLength(530);
    expect(new Set(SETTINGS.map((s) => s.number)).size).toBe(230);
    expect(new Set(SETTINGS.map((s) => s.symbol)).size).toBe(530);
  });

  it('group order = point-group order x centring multiplicity for every setting', () => {
    for (const s of SETTINGS) {
      const sg = spaceGroupFromHall(s.hall);
      expect(sg.operators.length, `${s.number} ${s.symbol} (${s.hall})`).toBe(
        pointGroupOrder(s.number) * centringMultiplicity(s.hm, s.code),
      );
      expect(sg.number).toBe(s.number);
    }
  });

  it('general-position multiplicities of the default settings', () => {
    const expected: Record<number, number> = {
      1: 1, 2: 2, 14: 4, 15: 8, 62: 8, 63: 16, 70: 32, 141: 32, 148: 18, 166: 36, 167: 36, 194: 24,
      225: 192, 227: 192, 229: 96, 230: 96,
    };
    for (const [n, m] of Object.entries(expected)) expect(spaceGroupFromNumber(Number(n)).operators.length, `#${n}`).toBe(m);
    for (let n = 1; n <= 230; n++) {
      const sg = spaceGroupFromNumber(n);
      expect(sg.operators.length % pointGroupOrder(n)).toBe(0);
      expect(sg.operators[0]).toEqual({ r: [1, 0, 0, 0, 1, 0, 0, 0, 1], t: [0, 0, 0] });
    }
  });

  it('crystal systems from the number ranges', () => {
    expect(spaceGroupFromNumber(2).crystalSystem).toBe('triclinic');
    expect(spaceGroupFromNumber(14).crystalSystem).toBe('monoclinic');
    expect(spaceGroupFromNumber(62).crystalSystem).toBe('orthorhombic');
    expect(spaceGroupFromNumber(141).crystalSystem).toBe('tetragonal');
    expect(spaceGroupFromNumber(167).crystalSystem).toBe('trigonal');
    expect(spaceGroupFromNumber(194).crystalSystem).toBe('hexagonal');
    expect(spaceGroupFromNumber(227).crystalSystem).toBe('cubic');
  });
});

describe('Hall symbols', () => {
  it('origin shifts and screw axes give the ITA coordinates (P 31 1 2, P 61 2 2)', () => {
    const p3112 = spaceGroupFromNumber(151);
    for (const xyz of ['-y,x-y,z+1/3', '-x+y,-x,z+2/3', '-y,-x,-z+2/3', '-x+y,y,-z+1/3', 'x,x-y,-z']) {
      expect(hasOp(p3112, xyz), xyz).toBe(true);
    }
    const p6122 = spaceGroupFromNumber(178);
    for (const xyz of ['x-y,x,z+1/6', 'y,x,-z+1/3', 'x-y,-y,-z', '-x,-x+y,-z+2/3', '-y,-x,-z+5/6', '-x+y,y,-z+1/2', 'x,x-y,-z+1/6']) {
      expect(hasOp(p6122, xyz), xyz).toBe(true);
    }
  });

  it('P 3 2 is P312 and P 3 2" is P321', () => {
    expect(hasOp(spaceGroupFromHall('P 3 2'), '-y,-x,-z')).toBe(true);
    expect(hasOp(spaceGroupFromHall('P 3 2"'), 'y,x,-z')).toBe(true);
    expect(spaceGroupFromHall('P 3 2=').number).toBe(150);
  });

  it('identifies equivalent spellings and rejects garbage', () => {
    expect(spaceGroupFromHall('  -f 4vw   2vw 3 ').number).toBe(227);
    expect(spaceGroupFromHall('A -2yab').number).toBe(9); // spglib/sgtbx spell this one differently
    expect(spaceGroupFromHall('P 31 2 (0 0 4)').number).toBe(151);
    expect(() => spaceGroupFromHall('Q 2')).toThrow(/Hall symbol "Q 2"/);
    expect(() => spaceGroupFromHall('P 5')).toThrow(/not recognised/);
    expect(() => spaceGroupFromHall('P 2k')).toThrow(/unknown character/);
  });
});

describe('Fd-3m origin choices', () => {
  const o1 = spaceGroupFromSymbol('F d -3 m :1');
  const o2 = spaceGroupFromSymbol('F d -3 m :2');

  it('inversion at (1/8,1/8,1/8) in choice 1, at the origin in choice 2', () => {
    expect(hasOp(o2, '-x,-y,-z')).toBe(true);
    expect(hasOp(o1, '-x,-y,-z')).toBe(false);
    expect(hasOp(o1, '-x+1/4,-y+1/4,-z+1/4')).toBe(true);
    expect(o1.centrosymmetric && o2.centrosymmetric).toBe(true);
    expect(o1.hall).toBe('F 4d 2 3 -1d');
    expect(o2.hall).toBe('-F 4vw 2vw 3');
  });

  it('Si at 8a: (0,0,0) in choice 1, (1/8,1/8,1/8) in choice 2, 8 positions each', () => {
    expect(orbit(o1, [0, 0, 0])).toHaveLength(8);
    expect(orbit(o2, [1 / 8, 1 / 8, 1 / 8])).toHaveLength(8);
    expect(orbit(o2, [0, 0, 0])).toHaveLength(16); // 16c in choice 2
    expect(orbit(o1, [0, 0, 0]).some((p) => p.every((v) => Math.abs(v - 1 / 4) < 1e-9))).toBe(true);
  });
});

describe('R groups', () => {
  it('R-3c :H has 36 operators with R centring, :R 12', () => {
    const h = spaceGroupFromSymbol('R -3 c :H');
    expect(h.operators).toHaveLength(36);
    expect(hasOp(h, 'x+2/3,y+1/3,z+1/3')).toBe(true);
    expect(hasOp(h, 'x+1/3,y+2/3,z+2/3')).toBe(true);
    const r = spaceGroupFromSymbol('R -3 c :R');
    expect(r.operators).toHaveLength(12);
    expect(r.operators.filter((op) => op.r.join() === '1,0,0,0,1,0,0,0,1')).toHaveLength(1);
    expect(spaceGroupFromSymbol('R-3c').symbol).toBe('R -3 c :H');
  });
});

describe('systematic absences', () => {
  const absent = (sg: SpaceGroup, hkl: [number, number, number]): boolean => isSystematicallyAbsent(sg, ...hkl);

  it('Fd-3m (diamond glide)', () => {
    for (const sg of [spaceGroupFromSymbol('Fd-3m'), spaceGroupFromSymbol('Fd-3m:1')]) {
      expect(absent(sg, [2, 0, 0])).toBe(true);
      expect(absent(sg, [1, 1, 1])).toBe(false);
      // 222 obeys hhl: h+l=2n, so it is not a space-group absence (spinel shows it); it vanishes for
      // diamond-type Si only because of the special position 8a (condition h+k+l=4n there)
      expect(absent(sg, [2, 2, 2])).toBe(false);
      expect(absent(sg, [2, 2, 0])).toBe(false);
      expect(absent(sg, [4, 4, 2])).toBe(false);
      expect(absent(sg, [4, 2, 0])).toBe(true);
      expect(absent(sg, [4, 0, 0])).toBe(false);
      expect(absent(sg, [3, 3, 1])).toBe(false);
      expect(absent(sg, [2, 1, 0])).toBe(true); // mixed parity: F centring
    }
  });

  it('Si at 8a: 222 and 200 have zero structure factor, 111 and 220 not (special-position extinction)', () => {
    for (const [sg, site] of [
      [spaceGroupFromSymbol('Fd-3m:1'), [0, 0, 0]],
      [spaceGroupFromSymbol('Fd-3m:2'), [1 / 8, 1 / 8, 1 / 8]],
    ] as [SpaceGroup, number[]][]) {
      const atoms = orbit(sg, site);
      const f = (h: number[]): number => {
        let re = 0;
        let im = 0;
        for (const p of atoms) {
          const phase = 2 * Math.PI * (h[0] * p[0] + h[1] * p[1] + h[2] * p[2]);
          re += Math.cos(phase);
          im += Math.sin(phase);
        }
        return Math.hypot(re, im);
      };
      expect(f([2, 2, 2])).toBeLessThan(1e-9);
      expect(f([2, 0, 0])).toBeLessThan(1e-9);
      expect(f([1, 1, 1])).toBeCloseTo(Math.sqrt(32), 9);
      expect(f([2, 2, 0])).toBeCloseTo(8, 9);
    }
  });

  it('Im-3m: h+k+l = 2n', () => {
    const sg = spaceGroupFromSymbol('Im-3m');
    expect(absent(sg, [1, 0, 0])).toBe(true);
    expect(absent(sg, [1, 1, 0])).toBe(false);
    expect(absent(sg, [1, 1, 1])).toBe(true);
    expect(absent(sg, [2, 1, 1])).toBe(false);
  });

  it('P63/mmc: 000l l=2n, hh-2hl l=2n', () => {
    const sg = spaceGroupFromSymbol('P 63/m m c');
    expect(absent(sg, [0, 0, 1])).toBe(true);
    expect(absent(sg, [0, 0, 2])).toBe(false);
    expect(absent(sg, [1, 1, 1])).toBe(true);
    expect(absent(sg, [1, 1, 2])).toBe(false);
    expect(absent(sg, [1, -1, 1])).toBe(false);
    expect(absent(sg, [1, 0, 1])).toBe(false);
  });

  it('Pnma: 0kl k+l=2n, hk0 h=2n, h00, 0k0, 00l even', () => {
    const sg = spaceGroupFromSymbol('Pnma');
    expect(absent(sg, [0, 1, 2])).toBe(true);
    expect(absent(sg, [0, 1, 1])).toBe(false);
    expect(absent(sg, [1, 1, 0])).toBe(true);
    expect(absent(sg, [2, 1, 0])).toBe(false);
    expect(absent(sg, [1, 0, 0])).toBe(true);
    expect(absent(sg, [0, 1, 0])).toBe(true);
    expect(absent(sg, [0, 0, 1])).toBe(true);
    expect(absent(sg, [1, 0, 1])).toBe(false);
    expect(absent(sg, [1, 1, 1])).toBe(false);
    // the same group in the P b n m setting (cab): b glide perpendicular to a, n glide perpendicular to b
    const pbnm = spaceGroupFromSymbol('P b n m');
    expect(pbnm.number).toBe(62);
    expect(absent(pbnm, [1, 1, 0])).toBe(false);
    expect(absent(pbnm, [0, 1, 1])).toBe(true); // 0kl: k=2n
    expect(absent(pbnm, [0, 2, 1])).toBe(false);
    expect(absent(pbnm, [1, 0, 2])).toBe(true); // h0l: h+l=2n
    expect(absent(pbnm, [1, 0, 1])).toBe(false);
  });

  it('P21/c: h0l l=2n, 0k0 k=2n', () => {
    const sg = spaceGroupFromSymbol('P21/c');
    expect(absent(sg, [1, 0, 1])).toBe(true);
    expect(absent(sg, [1, 0, 2])).toBe(false);
    expect(absent(sg, [0, 1, 0])).toBe(true);
    expect(absent(sg, [1, 1, 1])).toBe(false);
  });
});

describe('equivalent reflections and multiplicities', () => {
  const mult = (sg: SpaceGroup, h: number, k: number, l: number): number => equivalentReflections(sg, h, k, l).length;

  it('cubic m-3m', () => {
    const sg = spaceGroupFromSymbol('Fm-3m');
    expect([[1, 0, 0], [1, 1, 0], [1, 1, 1], [2, 1, 0], [2, 1, 1], [3, 2, 1]].map(([h, k, l]) => mult(sg, h, k, l))).toEqual([
      6, 12, 8, 24, 24, 48,
    ]);
  });

  it('cubic m-3 (Pa-3): 210 and 120 are different families', () => {
    const sg = spaceGroupFromSymbol('Pa-3');
    expect(mult(sg, 2, 1, 0)).toBe(12);
    expect(mult(sg, 3, 2, 1)).toBe(24);
  });

  it('hexagonal 6/mmm', () => {
    const sg = spaceGroupFromSymbol('P6_3/mmc');
    expect([mult(sg, 1, 0, 0), mult(sg, 0, 0, 1), mult(sg, 1, 0, 1), mult(sg, 1, 1, 0), mult(sg, 1, 2, 3)]).toEqual([6, 2, 12, 6, 24]);
  });

  it('trigonal -3m (corundum, R-3c hexagonal axes)', () => {
    const sg = spaceGroupFromSymbol('R -3 c :H');
    expect(mult(sg, 1, 0, 4)).toBe(6);
    expect(mult(sg, 0, 1, 2)).toBe(6);
    expect(mult(sg, 1, 1, 0)).toBe(6);
    expect(mult(sg, 1, 1, 3)).toBe(12);
    expect(mult(sg, 0, 0, 6)).toBe(2);
    expect(mult(sg, 1, 1, 6)).toBe(12);
  });

  it('monoclinic 2/m and triclinic', () => {
    expect(mult(spaceGroupFromSymbol('P21/c'), 1, 2, 3)).toBe(4);
    expect(mult(spaceGroupFromSymbol('P21/c'), 1, 0, 3)).toBe(2);
    expect(mult(spaceGroupFromSymbol('P21/c'), 0, 2, 0)).toBe(2);
    expect(mult(spaceGroupFromSymbol('P 1'), 1, 2, 3)).toBe(2);
    expect(mult(spaceGroupFromSymbol('P -1'), 1, 2, 3)).toBe(2);
    const list = equivalentReflections(spaceGroupFromSymbol('P 1'), 1, 2, 3);
    expect(list).toContainEqual([-1, -2, -3]);
    expect(list).toContainEqual([1, 2, 3]);
  });
});

describe('Laue classes', () => {
  it('names', () => {
    const cases: [string, string][] = [
      ['Fd-3m', 'm-3m'], ['Pa-3', 'm-3'], ['P63/mmc', '6/mmm'], ['P 63/m', '6/m'], ['R -3 c :H', '-3m1'],
      ['R -3 c :R', '-3m'], ['P -3 1 m', '-31m'], ['P 3 2 1', '-3m1'], ['P 3 1 2', '-31m'], ['R 3 :H', '-3'],
      ['I 41/a m d :2', '4/mmm'], ['P 4/n', '4/m'], ['Pnma', 'mmm'], ['C 2/c', '2/m'], ['P 1', '-1'],
    ];
    for (const [hm, laue] of cases) expect(laueClass(spaceGroupFromSymbol(hm)), hm).toBe(laue);
  });
});

describe('parseSymmetryOperator / formatSymmetryOperator', () => {
  it('reads varied spellings', () => {
    const a = parseSymmetryOperator('x,y+1/2,-z');
    expect(a.r).toEqual([1, 0, 0, 0, 1, 0, 0, 0, -1]);
    expect(a.t).toEqual([0, 0.5, 0]);
    const b = parseSymmetryOperator(' -x+y, -x, z+2/3 ');
    expect(b.r).toEqual([-1, 1, 0, -1, 0, 0, 0, 0, 1]);
    expect(b.t[2]).toBeCloseTo(2 / 3, 12);
    expect(parseSymmetryOperator('1/2+x,y,z')).toEqual(parseSymmetryOperator('x+1/2,y,z'));
    expect(parseSymmetryOperator('+X, +Y, +Z')).toEqual(parseSymmetryOperator('x,y,z'));
    expect(parseSymmetryOperator('x-y,x,z+0.5')).toEqual(parseSymmetryOperator('x-y,x,z+1/2'));
    expect(parseSymmetryOperator('0.5+x,y,z')).toEqual(parseSymmetryOperator('x+1/2,y,z'));
    expect(parseSymmetryOperator("'-y, x-y, z+0.3333'")).toEqual(parseSymmetryOperator('-y,x-y,z+1/3'));
    expect(parseSymmetryOperator('x,y,z-1/4').t).toEqual([0, 0, 0.75]);
    expect(parseSymmetryOperator('x+1,y-1,z+2').t).toEqual([0, 0, 0]);
  });

  it('rejects garbage with a message naming the operator', () => {
    for (const bad of ['garbage', 'x,y', 'x,y,z,x', 'x,,z', 'x,y,z+', 'x,y,2z', 'x,y,w', 'x,y,1/0', 'x,x,z', 'x,y,0', '-', 'x y z', 'x+x,y,z']) {
      expect(() => parseSymmetryOperator(bad), bad).toThrow(/symmetry operator/);
    }
  });

  it('formats', () => {
    expect(formatSymmetryOperator(parseSymmetryOperator('-x+y, -x, z+2/3'))).toBe('-x+y,-x,z+2/3');
    expect(formatSymmetryOperator(parseSymmetryOperator('1/4-Y,3/4+X,Z+1/4'))).toBe('-y+1/4,x+3/4,z+1/4');
    expect(formatSymmetryOperator(parseSymmetryOperator('x,y,z'))).toBe('x,y,z');
  });
});

describe('spaceGroupFromOperators', () => {
  const shuffle = <T>(a: T[], seed: number): T[] => {
    const out = a.slice();
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };

  it('identifies the 192 operators of Fd-3m as 227', () => {
    const strings = spaceGroupFromNumber(227).operators.map(formatSymmetryOperator);
    expect(strings).toHaveLength(192);
    const respelled = shuffle(strings, 7).map((s) => s.toUpperCase().replace(/,/g, ', ').replace(/1\/2/g, '0.5'));
    const sg = spaceGroupFromOperators(respelled);
    expect(sg.number).toBe(227);
    expect(sg.symbol).toBe('F d -3 m :2');
  });

  it('closes the group of ITA generators (Fd-3m origin choice 2)', () => {
    const gens = ['x,y,z', 'x,y+1/2,z+1/2', 'x+1/2,y,z+1/2', 'x+1/2,y+1/2,z', '-x+3/4,-y+1/4,z+1/2', '-x+1/4,y+1/2,-z+3/4', 'z,x,y', 'y+3/4,x+1/4,-z+1/2', '-x,-y,-z'];
    const sg = spaceGroupFromOperators(gens);
    expect(sg.operators).toHaveLength(192);
    expect(sg.number).toBe(227);
    expect(sg.crystalSystem).toBe('cubic');
  });

  it('identifies common CIF operator lists', () => {
    expect(spaceGroupFromOperators(["'x, y, z'", "'-x, y+1/2, -z+1/2'", "'-x, -y, -z'", "'x, -y+1/2, z+1/2'"]).symbol).toBe('P 1 21/c 1');
    expect(spaceGroupFromOperators(['X,Y,Z', '-Y,X-Y,Z+1/3', '-X+Y,-X,Z+2/3']).number).toBe(144);
    expect(spaceGroupFromOperators([parseSymmetryOperator('x,y,z')]).number).toBe(1);
  });

  it('number 0 and a crystal system from the operators when no table setting matches', () => {
    const sg = spaceGroupFromOperators(['x,y,z', '-x+1/2,-y,-z']); // P-1 with the centre at (1/4,0,0)
    expect(sg.number).toBe(0);
    expect(sg.crystalSystem).toBe('triclinic');
    expect(sg.centrosymmetric).toBe(true);
    const shifted = spaceGroupFromOperators(['x,y,z', '-y+1/4,x,z', '-x+1/4,-y+1/4,z']);
    expect(shifted.number).toBe(0);
    expect(shifted.crystalSystem).toBe('tetragonal');
    expect(() => spaceGroupFromOperators(['x,y,z', 'x+0.0201,y,z'])).toThrow(/more than/);
  });
});

describe('H-M symbols, numbers and resolveSpaceGroup', () => {
  it('tolerant symbol spellings', () => {
    const cases: [string, number, string][] = [
      ['Fd-3m', 227, 'F d -3 m :2'], ['F d -3 m', 227, 'F d -3 m :2'], ['F d 3 m', 227, 'F d -3 m :2'],
      ['Fd-3m:2', 227, 'F d -3 m :2'], ['F d -3 m :1', 227, 'F d -3 m :1'], ['F d -3 m S', 227, 'F d -3 m :1'],
      ['R -3 c :H', 167, 'R -3 c :H'], ['R-3c', 167, 'R -3 c :H'], ['R -3 c :R', 167, 'R -3 c :R'], ['R -3 c H', 167, 'R -3 c :H'],
      ['P 63/m m c', 194, 'P 63/m m c'], ['P6_3/mmc', 194, 'P 63/m m c'], ['P 1 21/c 1', 14, 'P 1 21/c 1'],
      ['P21/c', 14, 'P 1 21/c 1'], ['P2(1)/c', 14, 'P 1 21/c 1'], ['P 21/n', 14, 'P 1 21/n 1'], ['Pnma', 62, 'P n m a'],
      ['P b n m', 62, 'P b n m'], ['P 21/n 21/m 21/a', 62, 'P n m a'], ['F 41/d -3 2/m', 227, 'F d -3 m :2'],
      ['P 6/m 2/m 2/m', 191, 'P 6/m m m'], ['I 41/a m d', 141, 'I 41/a m d :2'], ['C m c a', 64, 'C m c e'],
      ['C c c a :1', 68, 'C c c e :1'], ['Cmce', 64, 'C m c e'], ['P 4/n b m :1', 125, 'P 4/n b m :1'],
      ['C 2/c', 15, 'C 1 2/c 1'], ['P 1 1 21/b', 14, 'P 1 1 21/b'], ['Im-3m', 229, 'I m -3 m'], ['P m 3 m', 221, 'P m -3 m'],
      ['p -1', 2, 'P -1'],
    ];
    for (const [hm, n, symbol] of cases) {
      const sg = spaceGroupFromSymbol(hm);
      expect([sg.number, sg.symbol], hm).toEqual([n, symbol]);
    }
  });

  it('unknown symbols and numbers throw naming what was not recognised', () => {
    expect(() => spaceGroupFromSymbol('Xyz')).toThrow(/"Xyz" not recognised/);
    expect(() => spaceGroupFromSymbol('P 7 m m')).toThrow(/"P 7 m m"/);
    expect(() => spaceGroupFromSymbol('R -3 c :Q')).toThrow(/":q" of "R -3 c :Q"/);
    expect(() => spaceGroupFromNumber(231)).toThrow(/231/);
    expect(() => spaceGroupFromNumber(0)).toThrow(/0/);
    expect(() => spaceGroupFromNumber(227, '3')).toThrow(/setting "3" of space group 227/);
  });

  it('numbers with settings', () => {
    expect(spaceGroupFromNumber(227).symbol).toBe('F d -3 m :2');
    expect(spaceGroupFromNumber(227, '1').symbol).toBe('F d -3 m :1');
    expect(spaceGroupFromNumber(166).symbol).toBe('R -3 m :H');
    expect(spaceGroupFromNumber(166, 'R').operators).toHaveLength(12);
    expect(spaceGroupFromNumber(14).symbol).toBe('P 1 21/c 1');
    expect(spaceGroupFromNumber(62, 'cab').symbol).toBe('P b n m');
    expect(spaceGroupFromNumber(14, 'P 1 21/n 1').symbol).toBe('P 1 21/n 1');
    expect(spaceGroupFromNumber(68).symbol).toBe('C c c e :2');
  });

  it('precedence: operators > Hall > H-M > number', () => {
    const ops = ['x,y,z', '-x,-y,-z'];
    expect(resolveSpaceGroup({ operators: ops, hall: '-F 4vw 2vw 3', hm: 'Fd-3m', number: 227 }).number).toBe(2);
    expect(resolveSpaceGroup({ hall: '-P 2ybc', hm: 'Fd-3m', number: 227 }).number).toBe(14);
    expect(resolveSpaceGroup({ hm: 'Fd-3m', number: 227 }).symbol).toBe('F d -3 m :2');
    expect(resolveSpaceGroup({ hm: 'F d -3 m :1' }).symbol).toBe('F d -3 m :1');
    expect(resolveSpaceGroup({ number: 225 }).symbol).toBe('F m -3 m');
    expect(resolveSpaceGroup({ hm: 'not a symbol', number: 225 }).number).toBe(225);
    expect(() => resolveSpaceGroup({ hm: 'Fm-3m', number: 227 })).toThrow(/225.*227/);
    expect(() => resolveSpaceGroup({})).toThrow(/no space group/);
    // non-tabulated operators keep their own list but take the name given alongside
    const named = resolveSpaceGroup({ operators: ['x,y,z', '-x+1/2,-y,-z'], hm: 'P -1' });
    expect([named.number, named.symbol, named.operators.length]).toEqual([2, 'P -1', 2]);
    expect(hasOp(named, '-x+1/2,-y,-z')).toBe(true);
  });

  it('is fast after the first call', () => {
    spaceGroupFromSymbol('Fd-3m');
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) {
      spaceGroupFromSymbol('Fd-3m');
      spaceGroupFromNumber(194);
      spaceGroupFromHall('-F 4vw 2vw 3');
    }
    expect((performance.now() - t0) / 1000).toBeLessThan(1);
  });
});
