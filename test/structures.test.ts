/**
 * Every CIF in structures/ parses without warnings, cites its published source in a comment at the
 * top, and expands to the atoms per cell of the literature (Z x formula), which must also agree with
 * the file's own _cell_formula_units_Z and _chemical_formula_sum.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandSites } from '../src/crystal/sites.js';
import { parseCifBlocks, readCifStructure } from '../src/io/cif/index.js';

const DIR = join(__dirname, '..', 'structures');

// atoms per unit cell = Z x formula (Z from the literature)
const EXPECTED: Record<string, { sg: number; atoms: Record<string, number> }> = {
  Si: { sg: 227, atoms: { Si: 8 } },
  Ni: { sg: 225, atoms: { Ni: 4 } },
  Fe: { sg: 229, atoms: { Fe: 2 } },
  Ti: { sg: 194, atoms: { Ti: 2 } },
  Ag: { sg: 225, atoms: { Ag: 4 } },
  Al: { sg: 225, atoms: { Al: 4 } },
  Y: { sg: 194, atoms: { Y: 2 } },
  Cu: { sg: 225, atoms: { Cu: 4 } },
  LaB6: { sg: 221, atoms: { La: 1, B: 6 } },
  CeO2: { sg: 225, atoms: { Ce: 4, O: 8 } },
  Al2O3: { sg: 167, atoms: { Al: 12, O: 18 } },
  CaF2: { sg: 225, atoms: { Ca: 4, F: 8 } },
  ZnO: { sg: 186, atoms: { Zn: 2, O: 2 } },
  SiO2: { sg: 154, atoms: { Si: 3, O: 6 } },
};

// B (A^2) of the reference tables in shared/reference, which the metal/Si/LaB6 files must carry
const REFERENCE_B: Record<string, Record<string, number>> = {
  Si: { Si: 0.47 },
  Ni: { Ni: 0.4 },
  Fe: { Fe: 0.35 },
  Al: { Al: 0.8 },
  Ag: { Ag: 0.7 },
  Cu: { Cu: 0.55 },
  Ti: { Ti: 0.5 },
  Y: { Y: 0.6 },
  LaB6: { La: 0.3, B: 0.45 },
};

const files = readdirSync(DIR).filter((f) => f.endsWith('.cif'));

describe('structures/', () => {
  it('holds exactly the expected phases', () => {
    expect(files.map((f) => f.replace(/\.cif$/, '')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s parses, cites its source and expands to Z x formula', (f) => {
    const text = readFileSync(join(DIR, f), 'utf8');
    const name = f.replace(/\.cif$/, '');
    // citation comment at the top, before the data block
    const header = text.slice(0, text.search(/^data_/m));
    expect(header).toMatch(/^# Source: /m);
    expect(header).toMatch(/COD \d{7}|AMCSD \d{7}|\(\d{4}\)/);
    const r = readCifStructure(text, `structures/${f}`);
    const s = r.structure;
    expect(r.warnings).toEqual([]);
    expect(s.name).toBe(name);
    expect(s.spaceGroup.number).toBe(EXPECTED[name].sg);
    const counts: Record<string, number> = {};
    for (const a of expandSites(s)) counts[a.element] = (counts[a.element] ?? 0) + a.occupancy;
    expect(counts).toEqual(EXPECTED[name].atoms);
    // the file's own Z and formula say the same
    const block = parseCifBlocks(text, f)[0];
    const z = Number(block.value('_cell_formula_units_Z')!.text);
    const formula: Record<string, number> = {};
    for (const m of block.value('_chemical_formula_sum')!.text.matchAll(/([A-Z][a-z]?)(\d*\.?\d*)/g)) formula[m[1]] = z * (m[2] ? Number(m[2]) : 1);
    expect(counts).toEqual(formula);
    // journal reference in the data block too, for reports
    expect(s.source).toMatch(/\(\d{4}\)/);
    for (const site of s.sites) expect(site.bIso).toBeGreaterThan(0);
    const refB = REFERENCE_B[name];
    if (refB) {
      expect(header).toMatch(/reference tables/);
      for (const site of s.sites) expect(site.bIso).toBe(refB[site.element]);
    }
  });
});
