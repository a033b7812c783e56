/**
 * Values a CIF can spell but no crystal can have: occupancy above 1 (alone or shared on one position),
 * negative displacement parameters, impossible ion charges, operator lists that are not a group, and
 * site labels whose element would be a guess. Each is one ParseError naming the file, line and item.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parseCif, readCifStructure } from '../../src/io/cif/index.js';

const FIX = join(__dirname, '..', 'fixtures', 'cif');

/** Ni (F m -3 m) with the given atom-site loop header and rows; the loop_ is on line 10. */
function niCif(tags: string[], rows: string[], extra = ''): string {
  return [
    'data_t',
    '_cell_length_a 3.5238',
    '_cell_length_b 3.5238',
    '_cell_length_c 3.5238',
    '_cell_angle_alpha 90',
    '_cell_angle_beta 90',
    '_cell_angle_gamma 90',
    "_space_group_name_H-M_alt 'F m -3 m'",
    extra || '# no extra',
    'loop_',
    ...tags.map((t) => `_atom_site_${t}`),
    ...rows,
    '',
  ].join('\n');
}
const ISO = ['label', 'type_symbol', 'fract_x', 'fract_y', 'fract_z', 'occupancy', 'B_iso_or_equiv'];
/** Line of row k (0-based) of a niCif with ISO tags. */
const rowLine = (k: number, nTags = ISO.length) => 11 + nTags + k;

function parseError(text: string): ParseError {
  try {
    parseCif(text, 'x.cif');
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    const pe = e as ParseError;
    expect(pe.file).toBe('x.cif');
    expect(pe.message).not.toMatch(/cannot read CIF/);
    return pe;
  }
  throw new Error('expected a ParseError');
}

describe('occupancy', () => {
  it('refuses an occupancy above 1 + 1e-3, naming the site and line', () => {
    const e = parseError(niCif(ISO, ['Ni1 Ni 0 0 0 1.5 0.4']));
    expect(e.line).toBe(rowLine(0));
    expect(e.message).toMatch(/occupancy 1\.5 of atom site "Ni1" is above 1 \(up to 1\.001 is accepted as rounding\)/);
    expect(parseError(niCif(ISO, ['Ni1 Ni 0 0 0 1.0011 0.4'])).message).toMatch(/above 1/);
  });

  it('accepts occupancies up to 1.001 as printed (rounding)', () => {
    expect(parseCif(niCif(ISO, ['Ni1 Ni 0 0 0 1.0008(3) 0.4']), 'x.cif').sites[0].occupancy).toBe(1.0008);
    expect(parseCif(niCif(ISO, ['Ni1 Ni 0 0 0 0 0.4']), 'x.cif').sites[0].occupancy).toBe(0);
  });

  it('refuses two full sites on one position, naming both labels', () => {
    const e = parseError(niCif(ISO, ['Ni1 Ni 0 0 0 1 0.4', 'Ni2 Ni 0 0 0 1 0.4']));
    expect(e.line).toBe(rowLine(1));
    expect(e.message).toMatch(/atom sites "Ni1" \(line 18, occupancy 1\), "Ni2" \(line 19, occupancy 1\) are on the same position/);
    expect(e.message).toMatch(/sum to 2, more than 1/);
  });

  it('finds shared positions through symmetry and lattice translations', () => {
    // (1/2, 1/2, 0) is the F-centring image of the origin; (1, 0, 1) is the origin of the next cell
    expect(parseError(niCif(ISO, ['Ni1 Ni 0 0 0 1 0.4', 'Ni2 Ni 0.5 0.5 0 0.5 0.4'])).message).toMatch(/"Ni1".*"Ni2"/);
    expect(parseError(niCif(ISO, ['Ni1 Ni 0 0 0 0.6 0.4', 'Ni2 Ni 1 0 0.999999 0.6 0.4'])).message).toMatch(/sum to 1\.2/);
  });

  it('accepts mixed sites whose occupancies sum to 1, and split sites that are apart', () => {
    const mixed = parseCif(niCif(ISO, ['Fe1 Fe 0 0 0 0.6 0.4', 'Al1 Al 0 0 0 0.4 0.4']), 'x.cif');
    expect(mixed.sites.map((s) => [s.element, s.occupancy])).toEqual([
      ['Fe', 0.6],
      ['Al', 0.4],
    ]);
    // three sites at one position summing to 1.0005 (rounding)
    expect(parseCif(niCif(ISO, ['Fe1 Fe 0 0 0 0.3335 0.4', 'Al1 Al 0 0 0 0.3335 0.4', 'Cr1 Cr 0 0 0 0.3335 0.4']), 'x.cif').sites).toHaveLength(3);
    expect(parseError(niCif(ISO, ['Fe1 Fe 0 0 0 0.5 0.4', 'Al1 Al 0 0 0 0.3 0.4', 'Cr1 Cr 0 0 0 0.3 0.4'])).message).toMatch(/"Fe1".*"Al1".*"Cr1"/);
    // 0.1 A apart (0.03 of 3.52 A): a split site, not one position
    expect(parseCif(niCif(ISO, ['Ni1 Ni 0 0 0 0.8 0.4', 'Ni2 Ni 0.03 0 0 0.8 0.4']), 'x.cif').sites).toHaveLength(2);
  });
});

describe('displacement parameters', () => {
  it('refuses a B or U below -5 A^2 (in B), naming the site and line; reads one down to that with a warning; 0 is fine', () => {
    const b = parseError(niCif(ISO, ['Ni1 Ni 0 0 0 1 -6']));
    expect(b.line).toBe(rowLine(0));
    expect(b.message).toMatch(/_atom_site_B_iso_or_equiv -6 of atom site "Ni1" is below the physical range/);
    const u = parseError(niCif(['label', 'type_symbol', 'fract_x', 'fract_y', 'fract_z', 'U_iso_or_equiv'], ['Ni1 Ni 0 0 0 -0.5']));
    expect(u.message).toMatch(/_atom_site_U_iso_or_equiv -0\.5 of atom site "Ni1" is below the physical range/);
    // what a refinement may end at (its own floor is B = -5): read back, with a warning at the line
    const warned = readCifStructure(niCif(ISO, ['Ni1 Ni 0 0 0 1 -0.8']), 'x.cif');
    expect(warned.structure.sites[0].bIso).toBe(-0.8);
    expect(warned.warnings.some((w) => w.line === rowLine(0) && /is negative/.test(w.message))).toBe(true);
    expect(parseCif(niCif(ISO, ['Ni1 Ni 0 0 0 1 0']), 'x.cif').sites[0].bIso).toBe(0);
  });

  const anisoTags = ['label', 'type_symbol', 'fract_x', 'fract_y', 'fract_z', 'adp_type', 'U_iso_or_equiv'];
  const aniso = (u: string) =>
    niCif(anisoTags, ['Ni1 Ni 0.1 0.2 0.3 Uani 0.01', 'loop_', '_atom_site_aniso_label', '_atom_site_aniso_U_11', '_atom_site_aniso_U_22', '_atom_site_aniso_U_33', '_atom_site_aniso_U_12', '_atom_site_aniso_U_13', '_atom_site_aniso_U_23', `Ni1 ${u}`]);
  const anisoLine = rowLine(9, anisoTags.length); // after the site row, loop_ and 7 tags

  it('refuses an anisotropic U with a negative Ueq or that is not positive definite', () => {
    const neg = parseError(aniso('-0.01 -0.01 -0.01 0 0 0'));
    expect(neg.line).toBe(anisoLine);
    expect(neg.message).toMatch(/anisotropic displacement of atom site "Ni1" is impossible: its equivalent isotropic U \(-0\.0100 A\^2\) is negative/);
    const npd = parseError(aniso('0.01 0.01 0.01 0.02 0 0'));
    expect(npd.message).toMatch(/"Ni1" is impossible: the tensor is not positive definite/);
    expect(parseError(aniso('0.02 0.01 -0.002 0 0 0')).message).toMatch(/not positive definite/);
  });

  it('accepts positive definite tensors, zero, and rounding within 1e-4 A^2', () => {
    expect(parseCif(aniso('0.01 0.02 0.03 0.005 -0.004 0.003'), 'x.cif').sites[0].uAniso).toBeDefined();
    expect(parseCif(aniso('0 0 0 0 0 0'), 'x.cif').sites[0].bIso).toBe(0);
    expect(parseCif(aniso('0.01 0.01 0.01 0.01005 0 0'), 'x.cif').sites[0].uAniso!.u12).toBe(0.01005);
  });
});

describe('ion charges', () => {
  it('refuses a charge no element carries, naming the type symbol and line', () => {
    const e = parseError(niCif(ISO, ['Ni1 Ni9+ 0 0 0 1 0.4']));
    expect(e.line).toBe(rowLine(0));
    expect(e.message).toMatch(/impossible ion "Ni9\+" of atom site "Ni1": charge \+9 is outside -5\.\.\+8/);
    expect(parseError(niCif(ISO, ['O1 O6- 0 0 0 1 0.4'])).message).toMatch(/"O6-".*charge -6 is outside/);
    expect(parseError(niCif(ISO, ['H1 H2+ 0 0 0 1 0.4'])).message).toMatch(/"H2\+".*more than the 1 electrons of H/);
  });

  it('checks charges from labels and from _atom_type_oxidation_number too', () => {
    const label = parseError(niCif(['label', 'fract_x', 'fract_y', 'fract_z'], ['Ni9+ 0 0 0']));
    expect(label.message).toMatch(/impossible ion "Ni9\+" of atom site "Ni9\+"/);
    const ox = ['loop_', '_atom_type_symbol', '_atom_type_oxidation_number', 'Ni 10'].join('\n');
    const e = parseError(niCif(ISO, ['Ni1 Ni 0 0 0 1 0.4'], ox));
    expect(e.line).toBe(rowLine(0) + 3); // ox adds three lines
    expect(e.message).toMatch(/impossible ion "Ni" \(oxidation number \+10\) of atom site "Ni1"/);
  });

  it.each(['O2-', 'Fe3+', 'Ni2+', 'Al3+', 'Si4+', 'Mn7+', 'Os8+', 'Fe+2', 'C4-', 'F1-', 'Li1+', 'H1+', 'Ce4+', 'U6+', 'Fe4+'])('keeps %s', (sym) => {
    const s = parseCif(niCif(ISO, [`X1 ${sym} 0 0 0 1 0.4`]), 'x.cif').sites[0];
    expect(s.typeSymbol).toBe(sym);
    expect(Math.abs(s.charge)).toBeGreaterThan(0);
  });
});

describe('symmetry operators must form a group', () => {
  const zno = readFileSync(join(FIX, 'ZnO_operators_only.cif'), 'utf8');
  const lines = zno.split('\n');
  const loopLine = lines.indexOf('loop_') + 1; // the operators' loop_ comes first
  const firstOp = lines.indexOf('_symmetry_equiv_pos_as_xyz') + 1;

  it('refuses a list without the identity (x,y,z replaced by x,y,z+1/3), naming the operator and loop line', () => {
    const e = parseError(zno.replace('\nx,y,z\n', '\nx,y,z+1/3\n'));
    expect(e.line).toBe(loopLine);
    expect(e.message).toMatch(/symmetry operators do not form a group: "x,y,z\+1\/3" \(line 12\) after "x,y,z\+1\/3" gives x,y,z\+2\/3, which is not in the list; the identity x,y,z is missing/);
  });

  it('refuses a list with an operator missing (not closed)', () => {
    const e = parseError(zno.replace('\n-y,x-y,z\n', '\n'));
    expect(e.line).toBe(loopLine);
    expect(e.message).toMatch(/do not form a group: "-x,-x\+y,1\/2\+z" \(line 13\) after .* gives .*, which is not in the list$/);
  });

  it('still reads the complete list in any order, with duplicates', () => {
    const ops = lines.slice(firstOp, firstOp + 12);
    const shuffled = [...lines.slice(0, firstOp), ...[...ops].reverse(), ops[3], ...lines.slice(firstOp + 12)].join('\n');
    expect(parseCif(shuffled, 'x.cif').spaceGroup.number).toBe(186);
  });
});

describe('a group that matches no table setting (number 0) is never called "space group 0"', () => {
  it('names the operators in the cell check instead', () => {
    // a twofold axis along b through (1/4, y, 0): a valid group, not a tabulated setting
    const text = ['data_g', '_cell_length_a 5', '_cell_length_b 6', '_cell_length_c 7', '_cell_angle_alpha 90', '_cell_angle_beta 95', '_cell_angle_gamma 100'];
    const rest = ['loop_', '_space_group_symop_operation_xyz', "'x,y,z'", "'-x+1/2,y,-z'", 'loop_', '_atom_site_label', '_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z', 'Ca1 0.1 0.2 0.3', ''];
    const e = parseError([...text, ...rest].join('\n'));
    expect(e.message).toMatch(/does not have the symmetry of the 2 symmetry operators \(monoclinic, unique axis b\)/);
    expect(e.message).not.toMatch(/space group 0/);
    const ok = parseCif([...text.slice(0, -1), '_cell_angle_gamma 90', ...rest].join('\n'), 'x.cif');
    expect([ok.spaceGroup.number, ok.spaceGroup.operators.length]).toEqual([0, 2]);
  });
});

describe('elements from site labels without a type symbol', () => {
  const noType = (label: string) => niCif(['label', 'fract_x', 'fract_y', 'fract_z'], [`${label} 0 0 0`]);

  it.each(['Wat', 'OW1', 'Oxx', 'T1', 'Sia'])('refuses "%s", whose leading letters are not an element symbol', (label) => {
    const e = parseError(noType(label));
    expect(e.line).toBe(rowLine(0, 4));
    expect(e.message).toMatch(new RegExp(`cannot tell the element of atom site "${label}": its leading letters ".+" are not an element symbol; add _atom_site_type_symbol`));
  });

  it.each([
    ['O1', 'O'],
    ['Si2', 'Si'],
    ['Fe1a', 'Fe'],
    ['CL1', 'Cl'],
    ['Ca', 'Ca'],
    ['O', 'O'],
    ['H1A', 'H'],
    ['Ni_1', 'Ni'],
    ['D1', 'H'],
    ['Fe/Al', 'Fe'],
  ])('reads "%s" as %s', (label, element) => {
    expect(parseCif(noType(label), 'x.cif').sites[0].element).toBe(element);
  });

  it('reads "O2-" as O with charge -2, and any label when the type symbol is given', () => {
    expect(parseCif(noType('O2-'), 'x.cif').sites[0]).toMatchObject({ element: 'O', charge: -2 });
    expect(parseCif(niCif(['label', 'type_symbol', 'fract_x', 'fract_y', 'fract_z'], ['Wat O 0 0 0']), 'x.cif').sites[0].element).toBe('O');
  });
});

describe('files that were valid still read the same', () => {
  it('the triclinic fixture keeps its label-derived elements', () => {
    const r = readCifStructure(readFileSync(join(FIX, 'triclinic_P-1_synthetic.cif'), 'utf8'), 'x.cif');
    expect(r.structure.sites.map((s) => s.element)).toEqual(['Cu', 'Cl']);
  });
});
