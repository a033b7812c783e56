/**
 * Property tests of the CIF plausibility rules (src/io/cif/plausibility.ts, atoms.ts, symmetry.ts):
 * for random values the reader accepts exactly what the documented rule allows, reads it unchanged,
 * and refuses the rest with a ParseError naming the file and a line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSymmetryOperator, spaceGroupFromSymbol } from '../../src/crystal/spacegroup/index.js';
import type { CrystalStructure } from '../../src/crystal/types.js';
import { ParseError } from '../../src/errors.js';
import { parseCif } from '../../src/io/cif/index.js';
import { SYMBOLS } from '../../src/physics/elements/data/iupac.js';

const CUBIC = ['_cell_length_a 5', '_cell_length_b 5', '_cell_length_c 5', '_cell_angle_alpha 90', '_cell_angle_beta 90', '_cell_angle_gamma 90'];

/** A P 1 (or `hm`) cubic-cell CIF with the given atom-site tags and rows. */
function cif(tags: string[], rows: string[], hm = 'P 1', extra: string[] = []): string {
  return ['data_t', ...CUBIC, `_space_group_name_H-M_alt '${hm}'`, 'loop_', ...tags.map((t) => `_atom_site_${t}`), ...rows, ...extra, ''].join('\n');
}

/** The structure, or the ParseError (checked to name the file and a line, and not to wrap a crash). */
function read(text: string): CrystalStructure | ParseError {
  try {
    return parseCif(text, 'p.cif');
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    expect(e.file).toBe('p.cif');
    expect(e.line! >= 1).toBe(true);
    expect(e.message).not.toMatch(/cannot read CIF/);
    return e;
  }
}

const XYZ = ['label', 'type_symbol', 'fract_x', 'fract_y', 'fract_z'];
const num = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });

describe('occupancy and displacement rules for random values', () => {
  it('an occupancy is read as printed when at most 1.001, else refused naming the site', () => {
    fc.assert(
      fc.property(num(0, 2), (o) => {
        const text = o.toFixed(5);
        const r = read(cif([...XYZ, 'occupancy'], [`Fe7 Fe 0.1 0.2 0.3 ${text}`]));
        if (Number(text) <= 1.001) expect((r as CrystalStructure).sites[0].occupancy).toBe(Number(text));
        else expect((r as ParseError).message).toMatch(/occupancy .* of atom site "Fe7" is above 1/);
      }),
      { numRuns: 200 },
    );
  });

  it('two sites related by a symmetry operator and a lattice translation may share at most occupancy 1', () => {
    const sg = spaceGroupFromSymbol('P m -3 m');
    fc.assert(
      fc.property(
        fc.tuple(num(0, 1), num(0, 1), num(0, 1)),
        fc.integer({ min: 0, max: sg.operators.length - 1 }),
        fc.tuple(fc.integer({ min: -1, max: 1 }), fc.integer({ min: -1, max: 1 }), fc.integer({ min: -1, max: 1 })),
        num(0, 1),
        num(0, 1),
        (p, k, shift, o1, o2) => {
          const op = sg.operators[k];
          const img = [0, 1, 2].map((i) => op.r[3 * i] * p[0] + op.r[3 * i + 1] * p[1] + op.r[3 * i + 2] * p[2] + op.t[i] + shift[i]);
          const [t1, t2] = [o1.toFixed(4), o2.toFixed(4)];
          const rows = [`Fe1 Fe ${p.map((x) => x.toFixed(8)).join(' ')} ${t1}`, `Al1 Al ${img.map((x) => x.toFixed(8)).join(' ')} ${t2}`];
          const r = read(cif([...XYZ, 'occupancy'], rows, 'P m -3 m'));
          if (Number(t1) + Number(t2) <= 1.001) expect((r as CrystalStructure).sites.map((s) => s.occupancy)).toEqual([Number(t1), Number(t2)]);
          else expect((r as ParseError).message).toMatch(/"Fe1" .* "Al1" .* are on the same position/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('an isotropic B or U is read when B >= -5 A^2 (the refinement\'s floor), else refused naming the tag and site', () => {
    fc.assert(
      fc.property(num(-8, 2), fc.constantFrom('B_iso_or_equiv', 'U_iso_or_equiv'), (v, tag) => {
        const text = (tag[0] === 'B' ? v : v / 40).toFixed(4);
        const bIso = tag[0] === 'B' ? Number(text) : 8 * Math.PI ** 2 * Number(text);
        const r = read(cif([...XYZ, tag], [`Ni3 Ni 0.1 0.2 0.3 ${text}`]));
        if (bIso < -5) expect((r as ParseError).message).toMatch(new RegExp(`_atom_site_${tag} ${text} of atom site "Ni3" is below the physical range`));
        else expect((r as CrystalStructure).sites[0].bIso).toBeCloseTo(bIso, 10);
      }),
      { numRuns: 200 },
    );
  });

  it('an anisotropic U is accepted exactly when its principal values are not negative', () => {
    // U = Q diag(l) Q^T with Q a random rotation (unit quaternion); on a cubic cell the CIF basis is Cartesian
    const eigen = fc.oneof(num(0, 0.05), num(-0.05, -0.0005));
    fc.assert(
      fc.property(fc.tuple(num(-1, 1), num(-1, 1), num(-1, 1), num(-1, 1)), fc.tuple(eigen, eigen, eigen), (q, l) => {
        const n = Math.hypot(...q);
        fc.pre(n > 0.1);
        const [w, x, y, z] = q.map((v) => v / n);
        const Q = [
          [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
          [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
          [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
        ];
        const U = (i: number, j: number) => Q[i][0] * l[0] * Q[j][0] + Q[i][1] * l[1] * Q[j][1] + Q[i][2] * l[2] * Q[j][2];
        const u = [U(0, 0), U(1, 1), U(2, 2), U(0, 1), U(0, 2), U(1, 2)].map((v) => v.toFixed(8)).join(' ');
        const anisoTags = ['label', 'U_11', 'U_22', 'U_33', 'U_12', 'U_13', 'U_23'].map((t) => `_atom_site_aniso_${t}`);
        const r = read(cif([...XYZ, 'adp_type'], ['Ni1 Ni 0.1 0.2 0.3 Uani'], 'P 1', ['loop_', ...anisoTags, `Ni1 ${u}`]));
        if (Math.min(...l) >= 0) expect((r as CrystalStructure).sites[0].bIso).toBeCloseTo(((8 * Math.PI ** 2) / 3) * (l[0] + l[1] + l[2]), 4);
        else expect((r as ParseError).message).toMatch(/anisotropic displacement of atom site "Ni1" is impossible/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('charges and labels for random symbols', () => {
  const elements = SYMBOLS.slice(0, 98).map((s, i) => ({ s, z: i + 1 }));

  it('a charged type symbol is read when -5 <= q <= min(8, Z), else refused naming it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...elements), fc.integer({ min: -9, max: 10 }), fc.boolean(), ({ s, z }, q, signFirst) => {
        fc.pre(q !== 0);
        const sign = q > 0 ? '+' : '-';
        const sym = signFirst ? `${s}${sign}${Math.abs(q)}` : `${s}${Math.abs(q)}${sign}`;
        const r = read(cif(XYZ, [`A1 ${sym} 0.1 0.2 0.3`]));
        if (q >= -5 && q <= Math.min(8, z)) expect((r as CrystalStructure).sites[0]).toMatchObject({ element: s, charge: q });
        else expect((r as ParseError).message).toMatch(/impossible ion ".*" of atom site "A1"/);
      }),
      { numRuns: 300 },
    );
  });

  it('a label without type symbol names its element only when its leading letters are an element symbol', () => {
    const known = new Map(SYMBOLS.map((s) => [s.toLowerCase(), s]));
    known.set('d', 'H');
    const letters = fc.oneof(
      fc.constantFrom(...SYMBOLS.slice(0, 98)),
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 1, maxLength: 4 }),
    );
    const suffix = fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 99 }).map(String), fc.constantFrom('1a', '2B', '_3', "1'", '12x'));
    fc.assert(
      fc.property(letters, suffix, (l, suf) => {
        const label = l + suf;
        fc.pre(!/^(data|loop|save|global|stop)_/i.test(label));
        const r = read(cif(['label', 'fract_x', 'fract_y', 'fract_z'], [`${label} 0.1 0.2 0.3`]));
        const el = known.get(l.toLowerCase());
        if (el) expect((r as CrystalStructure).sites[0].element).toBe(el);
        else expect((r as ParseError).message).toMatch(/cannot tell the element of atom site .*add _atom_site_type_symbol/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('operator lists of real groups', () => {
  const groups: [string, string[]][] = [
    ['P -1', ['_cell_angle_alpha 80', '_cell_angle_beta 95', '_cell_angle_gamma 110']],
    ['P 1 21/c 1', ['_cell_angle_beta 99']],
    ['P n m a', []],
    ['R -3 c :H', ['_cell_angle_gamma 120']],
    ['P 63 m c', ['_cell_angle_gamma 120']],
    ['I 41/a m d :2', []],
    ['F m -3 m', []],
  ];
  const text = (ops: string[], angles: string[]) => {
    const cell = ['_cell_length_a 5', '_cell_length_b 5', '_cell_length_c 5', ...angles];
    return ['data_g', ...cell, 'loop_', '_space_group_symop_operation_xyz', ...ops.map((o) => `'${o}'`), 'loop_', ...XYZ.map((t) => `_atom_site_${t}`), 'Ca1 Ca 0.1 0.2 0.3', ''].join('\n');
  };

  it('reordered they are read as the group; without one operator or with one translation changed they are refused', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...groups),
        fc.integer({ min: 0, max: 191 }),
        fc.constantFrom('shuffle', 'drop', 'shift'),
        fc.integer({ min: 1, max: 23 }),
        fc.integer({ min: 0, max: 2 }),
        ([hm, angles], seed, kind, k24, axis) => {
          const sg = spaceGroupFromSymbol(hm);
          // a group of order 2 minus one element, or with its inversion moved, is still a group
          fc.pre(kind === 'shuffle' || sg.operators.length >= 3);
          const ops = sg.operators.map(formatSymmetryOperator);
          const i = seed % ops.length;
          // a fixed reordering: rotate the list by i, then swap its ends
          const list = [...ops.slice(i), ...ops.slice(0, i)];
          [list[0], list[list.length - 1]] = [list[list.length - 1], list[0]];
          if (kind === 'drop') list.splice(list.indexOf(ops[i]), 1);
          if (kind === 'shift') {
            const parts = ops[i].split(',');
            parts[axis] += `+${k24}/24`;
            list[list.indexOf(ops[i])] = parts.join(',');
          }
          const r = read(text(list, angles));
          if (kind === 'shuffle') expect((r as CrystalStructure).spaceGroup.number).toBe(sg.number);
          else expect((r as ParseError).message).toMatch(/symmetry operators do not form a group/);
        },
      ),
      { numRuns: 150 },
    );
  });
});
