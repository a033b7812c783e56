import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandSites, type CellAtom } from '../../src/crystal/sites.js';
import type { Cell, CrystalStructure } from '../../src/crystal/types.js';
import { InputError, ParseError } from '../../src/errors.js';
import { parseCif, parseCifBlocks, readCifFile, readCifStructure, uEquivalent, writeCif } from '../../src/io/cif/index.js';

const FIX = join(__dirname, '..', 'fixtures', 'cif');
const SHARED_NI = join(__dirname, '..', '..', '..', 'shared', 'data', 'cif', 'Ni_gsas2_tutorial_fullrmc.cif');
const read = (name: string) => readFileSync(join(FIX, name), 'utf8');
const load = (name: string, opts?: Parameters<typeof parseCif>[2]) => parseCif(read(name), name, opts);

function countByElement(atoms: CellAtom[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of atoms) out[a.element] = (out[a.element] ?? 0) + 1;
  return out;
}

/** Sorted list of positions (rounded), for comparing orbits as sets. */
function positionSet(atoms: { x: number; y: number; z: number }[], shift: [number, number, number] = [0, 0, 0]): string[] {
  const w = (v: number) => {
    let f = v - Math.floor(v);
    if (f > 1 - 1e-6) f = 0;
    return f.toFixed(4);
  };
  return atoms.map((a) => `${w(a.x + shift[0])},${w(a.y + shift[1])},${w(a.z + shift[2])}`).sort();
}

function metric(c: Cell): number[] {
  const d = Math.PI / 180;
  const [ca, cb, cg] = [Math.cos(c.alpha * d), Math.cos(c.beta * d), Math.cos(c.gamma * d)];
  return [c.a * c.a, c.a * c.b * cg, c.a * c.c * cb, c.a * c.b * cg, c.b * c.b, c.b * c.c * ca, c.a * c.c * cb, c.b * c.c * ca, c.c * c.c];
}

/** Shortest distances (A) from atoms of element `from` to atoms of element `to`, over neighbouring cells. */
function shortestDistances(s: CrystalStructure, from: string, to: string, n = 2): number[] {
  const atoms = expandSites(s);
  const G = metric(s.cell);
  const a0 = atoms.find((a) => a.element === from)!;
  const ds: number[] = [];
  for (const b of atoms.filter((x) => x.element === to))
    for (let i = -1; i <= 1; i++)
      for (let j = -1; j <= 1; j++)
        for (let k = -1; k <= 1; k++) {
          const v = [b.x + i - a0.x, b.y + j - a0.y, b.z + k - a0.z];
          let q = 0;
          for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) q += v[r] * G[3 * r + c] * v[c];
          ds.push(Math.sqrt(q));
        }
  ds.sort((x, y) => x - y);
  return [...new Set(ds.map((d) => d.toFixed(3)))].slice(0, n).map(Number);
}

describe('real CIF files (COD, AMCSD)', () => {
  // expected: IT number, atoms per cell = Z x formula (from the literature cited in each file)
  const cases: [string, number, Record<string, number>, Partial<Cell>][] = [
    ['COD1000032_corundum_Al2O3.cif', 167, { Al: 12, O: 18 }, { a: 4.7605, c: 12.9956, gamma: 120 }], // Z = 6 Al2O3
    ['COD1000055_LaB6.cif', 221, { La: 1, B: 6 }, { a: 4.15682 }], // Z = 1
    ['COD1000057_LaB6.cif', 221, { La: 1, B: 6 }, { a: 4.157 }],
    ['COD5000222_fluorite_CaF2.cif', 225, { Ca: 4, F: 8 }, { a: 5.4625 }], // Z = 4
    ['COD9008877_zincite_ZnO.cif', 186, { Zn: 2, O: 2 }, { a: 3.2495, c: 5.2069, gamma: 120 }], // Z = 2
    ['AMCSD_Aluminium.cif', 225, { Al: 4 }, { a: 4.04958 }],
    ['AMCSD_Copper.cif', 225, { Cu: 4 }, { a: 3.61496 }],
    ['AMCSD_Silver.cif', 225, { Ag: 4 }, { a: 4.086 }],
    ['AMCSD_Iron.cif', 229, { Fe: 2 }, { a: 2.866 }],
    ['AMCSD_Silicon.cif', 227, { Si: 8 }, { a: 5.4307 }],
  ];
  it.each(cases)('%s: group %i, atoms per cell %j', (file, number, counts, cell) => {
    const s = load(file);
    expect(s.name).toBe(file.replace(/\.cif$/, ''));
    expect(s.spaceGroup.number).toBe(number);
    for (const [k, v] of Object.entries(cell)) expect(s.cell[k as keyof Cell]).toBeCloseTo(v as number, 6);
    expect(countByElement(expandSites(s))).toEqual(counts);
    for (const site of s.sites) {
      expect(Number.isFinite(site.bIso)).toBe(true);
      expect(site.occupancy).toBe(1);
    }
  });

  it('names the source from the database codes and journal', () => {
    const s = load('COD1000032_corundum_Al2O3.cif');
    expect(s.source).toContain('COD 1000032');
    expect(s.source).toContain('Journal of Applied Crystallography 23 (1990) 246');
    expect(load('AMCSD_Iron.cif').source).toContain('AMCSD 0000670');
  });

  it('reads ions from type symbols and oxidation numbers', () => {
    const cor = load('COD1000032_corundum_Al2O3.cif');
    expect(cor.sites.map((x) => [x.label, x.typeSymbol, x.element, x.charge])).toEqual([
      ['Al1', 'Al3+', 'Al', 3],
      ['O1', 'O2-', 'O', -2],
    ]);
    const caf2 = load('COD5000222_fluorite_CaF2.cif');
    expect(caf2.sites.map((x) => [x.element, x.charge])).toEqual([
      ['Ca', 2],
      ['F', -1],
    ]);
    // "La0"/"B0" with _atom_type_oxidation_number 0
    expect(load('COD1000057_LaB6.cif').sites.map((x) => [x.element, x.charge])).toEqual([
      ['La', 0],
      ['B', 0],
    ]);
  });

  it('reads the Uaniso loop and sets bIso = 8 pi^2 Ueq (Fischer & Tillmanns 1988)', () => {
    const s = load('COD1000032_corundum_Al2O3.cif');
    const [al, o] = s.sites;
    expect(al.uAniso).toEqual({ u11: 0.0022, u22: 0.0022, u33: 0.0012, u12: 0.0011, u13: 0, u23: 0 });
    // hexagonal axes: Ueq = 1/3 [4/3 (U11 + U22 - U12) + U33]
    const ueq = (u: { u11: number; u22: number; u33: number; u12: number }) => ((4 / 3) * (u.u11 + u.u22 - u.u12) + u.u33) / 3;
    expect(al.bIso).toBeCloseTo(8 * Math.PI ** 2 * ueq(al.uAniso!), 10);
    expect(o.bIso).toBeCloseTo(8 * Math.PI ** 2 * ueq(o.uAniso!), 10);
    expect(o.bIso).toBeCloseTo(0.18334, 4);
    // orthogonal cell: Ueq is the mean of the diagonal
    expect(uEquivalent({ u11: 0.01, u22: 0.02, u33: 0.03, u12: 0.005, u13: 0, u23: 0 }, { a: 3, b: 4, c: 5, alpha: 90, beta: 90, gamma: 90 })).toBeCloseTo(0.02, 12);
  });

  it('carries Uaniso to every image with the same Ueq', () => {
    const s = load('COD1000032_corundum_Al2O3.cif');
    for (const a of expandSites(s)) {
      expect(8 * Math.PI ** 2 * uEquivalent(a.uAniso!, s.cell)).toBeCloseTo(a.bIso, 10);
    }
  });

  it('keeps the esds of the cell', () => {
    const r = readCifStructure(read('COD1000032_corundum_Al2O3.cif'), 'x.cif');
    expect(r.cellEsd.a).toBeCloseTo(0.00005, 12);
    expect(r.cellEsd.c).toBeCloseTo(0.0002, 12);
    expect(r.cellEsd.alpha).toBeUndefined();
    expect(r.structure.sites[0].z).toBeCloseTo(0.35216, 12);
  });

  it('warns (and sets B = 0) for sites without displacement parameters', () => {
    const warnings: string[] = [];
    const s = parseCif(read('AMCSD_Silver.cif'), 'Ag.cif', { onWarning: (w) => warnings.push(`${w.file}:${w.line}: ${w.message}`) });
    expect(s.sites[0].bIso).toBe(0);
    expect(warnings.some((w) => /Ag.cif:\d+: atom site "Ag" has no displacement parameter: B set to 0/.test(w))).toBe(true);
  });

  it.skipIf(!existsSync(SHARED_NI))('Ni from the GSAS-II tutorial (no data_ header; read from ../shared, not copied: no licence)', () => {
    const r = readCifStructure(readFileSync(SHARED_NI, 'utf8'), SHARED_NI);
    expect(r.structure.name).toBe('Ni_gsas2_tutorial_fullrmc');
    expect(r.structure.spaceGroup.number).toBe(225);
    expect(r.structure.cell.a).toBeCloseTo(3.5239, 6);
    expect(r.cellEsd.a).toBeCloseTo(0.0001, 10);
    expect(countByElement(expandSites(r.structure))).toEqual({ Ni: 4 });
    expect(r.warnings.some((w) => /no data_ block header/.test(w.message))).toBe(true);
  });
  if (!existsSync(SHARED_NI)) console.warn(`skipped: ${SHARED_NI} not present (shared/ folder absent)`);
});

describe('settings that break naive readers', () => {
  it('F d -3 m: origin choice 1 and 2 give the same Si positions after shifting the origin by (1/8,1/8,1/8)', () => {
    const o1 = load('Si_Fd-3m_origin1.cif');
    const o2 = load('Si_Fd-3m_origin2.cif');
    expect(o1.spaceGroup.symbol).toMatch(/:1$/);
    expect(o2.spaceGroup.symbol).toMatch(/:2$/);
    expect(o1.spaceGroup.operators.length).toBe(192);
    const a1 = expandSites(o1);
    const a2 = expandSites(o2);
    expect(a1.length).toBe(8);
    expect(a2.length).toBe(8);
    // origin choice 2 lies at -1/8,-1/8,-1/8 of origin choice 1: x2 = x1 - (1/8,1/8,1/8)
    expect(positionSet(a2)).toEqual(positionSet(a1, [-1 / 8, -1 / 8, -1 / 8]));
    // a naive reader using origin-2 operators on origin-1 coordinates gets 16 atoms, not 8
    const wrong = { ...o1, spaceGroup: o2.spaceGroup };
    expect(expandSites(wrong).length).toBe(16);
    // the AMCSD file (explicit origin-1 operators) gives the same set as the symbol-only file
    expect(positionSet(expandSites(load('AMCSD_Silicon.cif')))).toEqual(positionSet(a1));
    // Uiso 0.00595 -> B = 8 pi^2 U
    expect(o2.sites[0].bIso).toBeCloseTo(8 * Math.PI ** 2 * 0.00595, 10);
  });

  it('R -3 c on hexagonal axes by symbol only: 12 Al and 18 O per cell, gamma = 120 from the group', () => {
    const s = load('corundum_symbol_only.cif');
    expect(s.spaceGroup.number).toBe(167);
    expect(s.cell).toEqual({ a: 4.7605, b: 4.7605, c: 12.9956, alpha: 90, beta: 90, gamma: 120 });
    expect(countByElement(expandSites(s))).toEqual({ Al: 12, O: 18 });
    expect(s.sites.map((x) => x.bIso)).toEqual([0.15, 0.18]);
    // same positions as the COD file with its 36 explicit operators
    expect(positionSet(expandSites(s))).toEqual(positionSet(expandSites(load('COD1000032_corundum_Al2O3.cif'))));
  });

  it('R -3 c on rhombohedral axes: 4 Al and 6 O per cell, the same Al-O distances as on hexagonal axes', () => {
    const r = load('corundum_rhombohedral.cif');
    expect(r.spaceGroup.symbol).toMatch(/:R$/);
    expect(r.cell.beta).toBe(r.cell.alpha);
    expect(r.cell.gamma).toBe(r.cell.alpha);
    expect(countByElement(expandSites(r))).toEqual({ Al: 4, O: 6 });
    const h = load('COD1000032_corundum_Al2O3.cif');
    const dR = shortestDistances(r, 'Al', 'O');
    const dH = shortestDistances(h, 'Al', 'O');
    expect(dR[0]).toBeCloseTo(dH[0], 3);
    expect(dR[1]).toBeCloseTo(dH[1], 3);
    expect(dH[0]).toBeCloseTo(1.852, 2); // corundum Al-O 1.85 and 1.97 A
    expect(dH[1]).toBeCloseTo(1.971, 2);
  });

  it('P 63/m m c (Ti): 2 atoms per cell', () => {
    const s = parseCif(readFileSync(join(__dirname, '..', '..', 'structures', 'Ti.cif'), 'utf8'), 'structures/Ti.cif');
    expect(s.name).toBe('Ti');
    expect(s.spaceGroup.number).toBe(194);
    const atoms = expandSites(s);
    expect(positionSet(atoms)).toEqual(['0.3333,0.6667,0.2500', '0.6667,0.3333,0.7500']);
  });

  it('monoclinic P 1 21/c 1 with beta != 90: alpha and gamma default to 90, Z = 4 ZrO2', () => {
    const s = load('ZrO2_P21c_monoclinic.cif');
    expect(s.spaceGroup.number).toBe(14);
    expect(s.spaceGroup.crystalSystem).toBe('monoclinic');
    expect(s.cell).toEqual({ a: 5.1505, b: 5.2116, c: 5.3173, alpha: 90, beta: 99.23, gamma: 90 });
    expect(countByElement(expandSites(s))).toEqual({ Zr: 4, O: 8 });
    expect(s.sites[0]).toMatchObject({ element: 'Zr', charge: 4, x: 0.2754, y: 0.0395, z: 0.2083 });
  });

  it('triclinic P -1 by Hall symbol: all angles read, elements from labels, partial occupancy', () => {
    const s = load('triclinic_P-1_synthetic.cif');
    expect(s.spaceGroup.number).toBe(2);
    expect(s.cell).toEqual({ a: 5, b: 6, c: 7, alpha: 80, beta: 95, gamma: 110 });
    expect(s.sites.map((x) => [x.label, x.element, x.occupancy])).toEqual([
      ['Cu1', 'Cu', 1],
      ['Cl2', 'Cl', 0.5],
    ]);
    expect(countByElement(expandSites(s))).toEqual({ Cu: 1, Cl: 2 });
    // a triclinic cell without its angles is an error
    const noAngles = read('triclinic_P-1_synthetic.cif').replace(/_cell_angle_\w+ [\d.]+\n/g, '');
    expect(() => parseCif(noAngles, 'tri.cif')).toThrow(/missing cell: no _cell_angle_alpha/);
  });

  it('operators only: the group is identified (P 63 m c); "." and "?" take the defaults', () => {
    const r = readCifStructure(read('ZnO_operators_only.cif'), 'ZnO_operators_only.cif');
    expect(r.structure.spaceGroup.number).toBe(186);
    expect(countByElement(expandSites(r.structure))).toEqual({ Zn: 2, O: 2 });
    expect(r.structure.sites.map((x) => [x.occupancy, x.bIso])).toEqual([
      [1, 0],
      [1, 0],
    ]);
    // 0.33333 / 0.66667 snapped to 1/3, 2/3
    expect(r.structure.sites[0].x).toBe(1 / 3);
    expect(r.warnings.filter((w) => /B set to 0/.test(w.message)).length).toBe(2);
  });

  it('a symbol that names the wrong group next to correct operators: the operators win, with a warning', () => {
    const text = read('ZnO_operators_only.cif').replace('data_zincite_ops', "data_x\n_symmetry_space_group_name_H-M 'P 7 m c'");
    const r = readCifStructure(text, 'x.cif');
    expect(r.structure.spaceGroup.number).toBe(186);
    expect(r.warnings.some((w) => /not used/.test(w.message))).toBe(true);
  });

  it('a cell that contradicts the symmetry is an error', () => {
    const text = read('corundum_symbol_only.cif').replace('_cell_length_c 12.9956(2)', '_cell_length_c 12.9956(2)\n_cell_angle_gamma 90');
    expect(() => parseCif(text, 'x.cif')).toThrow(/does not have the symmetry of space group/);
  });
});

describe('data blocks, names and the writer', () => {
  it('chooses the first block with a cell and atoms, or the named block', () => {
    expect(load('two_blocks.cif').sites[0].element).toBe('Ag');
    expect(load('two_blocks.cif', { block: 'Fe' }).sites[0].element).toBe('Fe');
    expect(load('two_blocks.cif', { block: 'data_fe' }).spaceGroup.number).toBe(229);
    expect(() => load('two_blocks.cif', { block: 'Cu' })).toThrow(/no data block "Cu" \(blocks: global, Ag, Fe\)/);
    expect(parseCifBlocks(read('two_blocks.cif'), 'two_blocks.cif').map((b) => b.name)).toEqual(['global', 'Ag', 'Fe']);
  });

  it('takes the phase name from the option, else from the file name without extension', () => {
    expect(parseCif(read('two_blocks.cif'), 'some/dir/Silver.phase.cif').name).toBe('Silver.phase');
    expect(parseCif(read('two_blocks.cif'), 'C:\\data\\Ag.cif').name).toBe('Ag');
    expect(parseCif(read('two_blocks.cif'), 'x.cif', { name: 'silver' }).name).toBe('silver');
  });

  it('writes a CIF 1.1 that reads back to the same structure, with esds, symbols and operators', () => {
    const dir = join(__dirname, '..', '..', 'structures');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.cif'))) {
      const r = readCifStructure(readFileSync(join(dir, f), 'utf8'), f);
      const text = writeCif(r.structure, { esd: r.cellEsd, comment: 'round trip\nsecond line' });
      expect(text.startsWith('#\\#CIF_1.1\n# round trip\n# second line\n')).toBe(true);
      expect(text).toContain('_space_group_symop_operation_xyz');
      const back = readCifStructure(text, f);
      expect(back.warnings).toEqual([]);
      const s = r.structure;
      const b = back.structure;
      expect(b.name).toBe(s.name);
      expect(b.spaceGroup.number).toBe(s.spaceGroup.number);
      expect(b.spaceGroup.operators.length).toBe(s.spaceGroup.operators.length);
      for (const k of ['a', 'b', 'c', 'alpha', 'beta', 'gamma'] as const) expect(b.cell[k]).toBeCloseTo(s.cell[k], 6);
      expect(back.cellEsd).toEqual(r.cellEsd);
      expect(b.sites.length).toBe(s.sites.length);
      b.sites.forEach((site, i) => {
        const o = s.sites[i];
        expect([site.label, site.element, site.charge]).toEqual([o.label, o.element, o.charge]);
        for (const k of ['x', 'y', 'z', 'occupancy'] as const) expect(site[k]).toBeCloseTo(o[k], 6);
        expect(site.bIso).toBeCloseTo(o.bIso, 4);
        expect(!!site.uAniso).toBe(!!o.uAniso);
      });
      expect(positionSet(expandSites(b))).toEqual(positionSet(expandSites(s)));
    }
    const al2o3 = writeCif(parseCif(readFileSync(join(dir, 'Al2O3.cif'), 'utf8'), 'Al2O3.cif'), { esd: { a: 0.00005, c: 0.0002 } });
    expect(al2o3).toMatch(/_cell_length_a\s+4\.76050\(5\)/);
    expect(al2o3).toMatch(/_cell_length_c\s+12\.9956\(2\)/);
    expect(al2o3).toMatch(/_space_group_name_H-M_alt\s+'R -3 c :H'/);
    expect(al2o3).toMatch(/_space_group_name_Hall\s+'-R 3 2"c'/);
    expect(al2o3).toMatch(/\nAl1 Al3\+ 0 0 0\.35216 1 Uani 0\.147/);
  });

  it('readCifFile reads from disk; a missing file is an InputError naming it', async () => {
    const s = await readCifFile(join(__dirname, '..', '..', 'structures', 'Si.cif'));
    expect(s.name).toBe('Si');
    await expect(readCifFile(join(FIX, 'nope.cif'))).rejects.toThrow(InputError);
    await expect(readCifFile(join(FIX, 'nope.cif'))).rejects.toThrow(/nope\.cif: no such file/);
  });
});

describe('broken files give a ParseError with the file and line', () => {
  const dir = join(FIX, 'broken');
  const files = readdirSync(dir).filter((f) => f.endsWith('.cif'));
  const messages: Record<string, RegExp> = {
    'missing_cell.cif': /missing cell: no _cell_length_c/,
    'unknown_element.cif': /unknown element: type symbol "Qq"/,
    'unknown_space_group.cif': /unknown space group H-M symbol "P 7 2 2"/,
    'unterminated_text_field.cif': /unterminated text field/,
    'loop_count_mismatch.cif': /loop_ at line 7 .* 14 values for 5 tags/,
    'non_numeric_coordinate.cif': /non-numeric coordinate _atom_site_fract_y "0\.2x5"/,
    'unterminated_quote.cif': /unterminated quoted string/,
    'missing_beta_monoclinic.cif': /missing cell: no _cell_angle_beta .*monoclinic, unique axis b/,
  };
  it('has a fixture for each expected error', () => {
    expect(files.sort()).toEqual(Object.keys(messages).sort());
  });
  it.each(files)('%s', (f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const expectedLine = Number(/Expected: ParseError at line (\d+)/.exec(text)![1]);
    const path = `test/fixtures/cif/broken/${f}`;
    let err: unknown;
    try {
      parseCif(text, path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    const pe = err as ParseError;
    expect(pe.file).toBe(path);
    expect(pe.line).toBe(expectedLine);
    expect(pe.message.startsWith(`${path}:${expectedLine}: `)).toBe(true);
    expect(pe.message).toMatch(messages[f]);
  });
});
