/**
 * Robustness of the CIF reader: random text, every fixture truncated at random positions, random
 * character mutations, line deletions and duplications. parseCif must either return a structure whose
 * numbers are all finite (and whose atoms expand), or throw a ParseError naming the file and a line;
 * no other exception and no hang. A ParseError that merely wraps an unexpected exception
 * ("cannot read CIF: ...") counts as a failure too.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandSites } from '../../src/crystal/sites.js';
import type { CrystalStructure } from '../../src/crystal/types.js';
import { ParseError } from '../../src/errors.js';
import { parseCif } from '../../src/io/cif/index.js';

const FIX = join(__dirname, '..', 'fixtures', 'cif');
const STRUCT = join(__dirname, '..', '..', 'structures');
const corpus: { name: string; text: string }[] = [
  ...readdirSync(FIX).filter((f) => f.endsWith('.cif')).map((f) => ({ name: f, text: readFileSync(join(FIX, f), 'utf8') })),
  ...readdirSync(join(FIX, 'broken')).filter((f) => f.endsWith('.cif')).map((f) => ({ name: f, text: readFileSync(join(FIX, 'broken', f), 'utf8') })),
  ...readdirSync(STRUCT).filter((f) => f.endsWith('.cif')).map((f) => ({ name: f, text: readFileSync(join(STRUCT, f), 'utf8') })),
];

const MAX_MS = 5000;
/** Multiplier for longer local campaigns, e.g. CIF_FUZZ_SCALE=20 npx vitest run test/io/cif.property.test.ts */
const SCALE = Math.max(1, Number(process.env.CIF_FUZZ_SCALE) || 1);

function checkStructure(s: CrystalStructure): void {
  const nums = [
    ...Object.values(s.cell),
    ...s.sites.flatMap((x) => [x.x, x.y, x.z, x.occupancy, x.bIso, ...(x.uAniso ? Object.values(x.uAniso) : [])]),
    ...s.spaceGroup.operators.flatMap((o) => [...o.r, ...o.t]),
  ];
  for (const v of nums) expect(Number.isFinite(v)).toBe(true);
  expect(s.sites.length).toBeGreaterThan(0);
  expect(s.spaceGroup.operators.length).toBeGreaterThan(0);
  const atoms = expandSites(s);
  expect(atoms.length).toBeGreaterThanOrEqual(s.sites.length);
  for (const a of atoms) for (const v of [a.x, a.y, a.z]) expect(v >= 0 && v < 1).toBe(true);
}

/** Runs parseCif and checks the contract; returns 'ok' or 'error'. */
function contract(text: string, name = 'fuzz.cif'): 'ok' | 'error' {
  const t0 = performance.now();
  let result: CrystalStructure | undefined;
  let error: unknown;
  try {
    result = parseCif(text, name);
  } catch (e) {
    error = e;
  }
  expect(performance.now() - t0).toBeLessThan(MAX_MS);
  if (result) {
    checkStructure(result);
    return 'ok';
  }
  if (!(error instanceof ParseError)) throw new Error(`not a ParseError: ${String(error)}\n${(error as Error)?.stack ?? ''}`);
  expect(error.file).toBe(name);
  expect(Number.isInteger(error.line) && error.line! >= 1).toBe(true);
  expect(error.message).not.toMatch(/cannot read CIF/);
  return 'error';
}

const INTERESTING = [..."'\";_#[]{}()?.-+/:,0123456789 \t\n\rxyzabcXYZ$\\", '\u0000', '\u00e9', 'data_', 'loop_', 'save_', 'global_', 'stop_'];
const charArb = fc.oneof(fc.constantFrom(...INTERESTING), fc.string({ minLength: 1, maxLength: 1 }));

describe('CIF reader under random input', () => {
  it('every fixture parses or fails with a ParseError as is', () => {
    for (const c of corpus) contract(c.text, c.name);
  });

  it('random text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.array(charArb, { maxLength: 300 }).map((a) => a.join(''))), (t) => {
        contract(t);
      }),
      { numRuns: 400 * SCALE },
    );
  });

  it('random sequences of CIF tokens', () => {
    const token = fc.constantFrom(
      'data_x', 'loop_', 'save_a', 'save_', 'global_', 'stop_', '_cell_length_a', '_cell_length_b', '_cell_length_c',
      '_cell_angle_alpha', '_cell_angle_gamma', '_atom_site_label', '_atom_site_fract_x', '_atom_site_fract_y',
      '_atom_site_fract_z', '_atom_site_type_symbol', '_atom_site_occupancy', '_atom_site_U_iso_or_equiv',
      '_atom_site_aniso_label', '_atom_site_aniso_U_11', '_atom_site_aniso_U_22', '_atom_site_aniso_U_33',
      '_space_group_name_H-M_alt', '_space_group_name_Hall', '_space_group_IT_number', '_symmetry_equiv_pos_as_xyz',
      "'F m -3 m'", "'P 63/m m c'", "'-P 1'", "'R -3 c :R'", '225', '0', '1e308', '-1', '4.05(2)', '90', '120', '0.5',
      '?', '.', 'Si1', 'Fe3+', 'Xx', "'x,y,z'", "'-y,x-y,z'", "'x+1/3,y,z'", "'2x,y,z'", "'x+y,y,z'", '\n;\ntext\n;\n', '#c\n',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (ts) => {
        contract(`data_t\n${ts.join(' ')}\n`);
      }),
      { numRuns: 400 * SCALE },
    );
  });

  it('every fixture truncated at random positions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: corpus.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (i, f) => {
        const { text, name } = corpus[i];
        contract(text.slice(0, Math.floor(f * text.length)), name);
      }),
      { numRuns: 400 * SCALE },
    );
  });

  it('random character mutations of the fixtures', () => {
    const edit = fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      kind: fc.constantFrom('replace', 'insert', 'delete'),
      ch: charArb,
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: corpus.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (i, edits) => {
        let t = corpus[i].text;
        for (const e of edits) {
          const p = Math.min(t.length, Math.floor(e.at * t.length));
          if (e.kind === 'replace') t = t.slice(0, p) + e.ch + t.slice(p + 1);
          else if (e.kind === 'insert') t = t.slice(0, p) + e.ch + t.slice(p);
          else t = t.slice(0, p) + t.slice(p + 1);
        }
        contract(t, corpus[i].name);
      }),
      { numRuns: 600 * SCALE },
    );
  });

  it('random line deletions, duplications and swaps', () => {
    const op = fc.record({ a: fc.double({ min: 0, max: 1, noNaN: true }), b: fc.double({ min: 0, max: 1, noNaN: true }), kind: fc.constantFrom('delete', 'duplicate', 'swap') });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: corpus.length - 1 }), fc.array(op, { minLength: 1, maxLength: 4 }), (i, ops) => {
        const lines = corpus[i].text.split('\n');
        for (const o of ops) {
          if (lines.length === 0) break;
          const a = Math.floor(o.a * lines.length) % lines.length;
          const b = Math.floor(o.b * lines.length) % lines.length;
          if (o.kind === 'delete') lines.splice(a, 1);
          else if (o.kind === 'duplicate') lines.splice(b, 0, lines[a]);
          else [lines[a], lines[b]] = [lines[b], lines[a]];
        }
        contract(lines.join('\n'), corpus[i].name);
      }),
      { numRuns: 400 * SCALE },
    );
  });
});
