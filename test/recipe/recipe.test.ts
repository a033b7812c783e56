/**
 * Recipes: JSON and YAML read the same, every error names the key and its line, the options handed to the
 * refinement are what the recipe says, and the CLI exits 2 on a bad recipe.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { thrown } from '../helpers/thrown.js';
import { parseCif } from '../../src/io/cif/index.js';
import { selectScan, readPatternFile } from '../../src/io/formats/index.js';
import { buildModel } from '../../src/rietveld/build.js';
import { DEFAULT_STAGES, PER_PHASE_BEQ_STAGES } from '../../src/rietveld/options.js';
import { loadRecipe, loadRecipeText, parseRecipe, phasesForPattern, refineOptionsFor, overlayOptions } from '../../src/recipe/index.js';
import { REFINEMENT_GROUPS } from '../../src/recipe/schema.js';
import { parseRecipeSource } from '../../src/recipe/source.js';

const ROOT = join(__dirname, '..', '..');
const tmp = () => mkdtempSync(join(tmpdir(), 'xrd-recipe-'));

/** the InputError a function throws */
const errorOf = (f: () => unknown) => thrown(InputError, f);
async function asyncErrorOf(f: () => Promise<unknown>): Promise<InputError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('no error thrown');
}

describe('recipe source: lines of keys', () => {
  it('JSON: every key and item has its line', () => {
    const src = parseRecipeSource('{\n  "phases": [\n    "a.cif",\n    { "cif": "b.cif" }\n  ],\n  "params": { "Si.a": { "min": 1 } }\n}\n', 'r.json');
    expect(src.format).toBe('json');
    expect(src.lineOf(['phases'])).toBe(2);
    expect(src.lineOf(['phases', 0])).toBe(3);
    expect(src.lineOf(['phases', 1, 'cif'])).toBe(4);
    expect(src.lineOf(['params', 'Si.a', 'min'])).toBe(6);
    expect(src.lineOf(['params', 'nothing', 'here'])).toBe(6); // nearest known parent
  });

  it('YAML: block and flow styles, comments', () => {
    const src = parseRecipeSource('# c\nphases:\n  - a.cif\n  - cif: b.cif\n    name: B\nrange: [1, 2]\n', 'r.yaml');
    expect(src.value).toEqual({ phases: ['a.cif', { cif: 'b.cif', name: 'B' }], range: [1, 2] });
    expect(src.lineOf(['phases'])).toBe(2);
    expect(src.lineOf(['phases', 1, 'name'])).toBe(5);
    expect(src.lineOf(['range', 1])).toBe(6);
  });

  it('JSON syntax errors name the line; duplicate keys are errors in both formats', () => {
    expect(errorOf(() => parseRecipeSource('{\n "a": 1,\n}\n', 'x.json')).line).toBe(3);
    expect(errorOf(() => parseRecipeSource('{\n "a": 1,\n "a": 2\n}', 'x.json')).message).toMatch(/x\.json:3: JSON: duplicate key 'a'/);
    expect(errorOf(() => parseRecipeSource('{"a": "x\ny"}', 'x.json')).message).toMatch(/line break inside a string/);
    expect(errorOf(() => parseRecipeSource('{"a": 1} 2', 'x.json')).message).toMatch(/after the end/);
    expect(errorOf(() => parseRecipeSource('a: 1\nb: 2\na: 3\n', 'x.yaml')).message).toMatch(/x\.yaml:3: YAML: .*unique/);
    expect(errorOf(() => parseRecipeSource('phases: [a\nb: 1\n', 'x.yaml')).message).toMatch(/^x\.yaml:\d+: YAML: /);
  });

  it('the format follows the extension, else the text', () => {
    expect(parseRecipeSource('{"phases": ["a.cif"]}', 'noext').format).toBe('json');
    expect(parseRecipeSource('phases: [a.cif]', 'noext').format).toBe('yaml');
    expect(parseRecipeSource('{"phases": ["a.cif"]}', 'r.yml').format).toBe('yaml'); // YAML reads JSON too
  });
});

describe('recipe validation', () => {
  const yaml = (text: string) => parseRecipe(text, 'r.yaml');
  it('reads the same recipe from JSON and YAML', () => {
    const j = parseRecipe(JSON.stringify({ phases: ['structures/Si.cif', { cif: 'structures/Ni.cif', name: 'Nickel' }], range: [15, 90], params: { 'Si.a': 5.43, 'Nickel.invSizeL': { value: 0.05, max: 0.5 } } }), 'r.json');
    const y = yaml('phases:\n  - structures/Si.cif\n  - { cif: structures/Ni.cif, name: Nickel }\nrange: [15, 90]\nparams:\n  Si.a: 5.43\n  Nickel.invSizeL: { value: 0.05, max: 0.5 }\n');
    expect(j).toEqual(y);
    expect(y.params).toEqual({ 'Si.a': { value: 5.43 }, 'Nickel.invSizeL': { value: 0.05, max: 0.5 } });
  });

  it.each([
    ['unknown key', 'phases: [a.cif]\n\nbackgroundTerm: 12\n', 3, /backgroundTerm: unknown key 'backgroundTerm' \(did you mean 'backgroundTerms'\?\)/],
    ['unknown nested key', 'phases:\n  - cif: a.cif\n    nmae: A\n', 3, /phases\[0\]\.nmae: unknown key/],
    ['wrong type', 'phases: [a.cif]\nbackgroundTerms: twelve\n', 2, /backgroundTerms: must be a whole number, not the text "twelve"/],
    ['not a whole number', 'phases: [a.cif]\nbackgroundTerms: 4.5\n', 2, /whole number/],
    ['out of bounds', 'phases: [a.cif]\nbackgroundTerms: 60\n', 2, /at most 40/],
    ['range order', 'phases: [a.cif]\nrange: [90, 10]\n', 2, /range: END \(10\) must be above START \(90\)/],
    ['range item type', 'phases: [a.cif]\nrange:\n  - 10\n  - ninety\n', 4, /range\[1\]: must be a number/],
    ['missing phases', 'range: [10, 90]\n', 1, /'phases' .* is required/],
    ['empty phases', 'phases: []\n', 1, /at least 1/],
    ['duplicate phase names', 'phases:\n  - x/Si.cif\n  - y/Si.cif\n', 3, /two phases are named 'Si'/],
    ['bad phase name', 'phases:\n  - { cif: a.cif, name: "S i" }\n', 2, /may hold only/],
    ['unknown group', 'phases: [a.cif]\nstages:\n  - groups: [scale]\n  - groups: [cel]\n', 4, /stages\[1\]\.groups\[0\]: must be one of .*did you mean 'cell'/],
    ['stage without groups', 'phases: [a.cif]\nstages:\n  - name: first\n', 3, /'groups' is required/],
    ['unknown enum', 'phases: [a.cif]\nbroadening: sizel\n', 2, /did you mean 'sizeL'/],
    ['unknown parameter', 'phases: [a.cif]\nparams:\n  zer0: 0\n', 3, /unknown parameter 'zer0' \(did you mean 'zero'\?\)/],
    ['parameter of no phase', 'phases: [a.cif]\nparams:\n  b.scale: { refine: false }\n', 3, /no phase named 'b'/],
    ['bad per-phase parameter', 'phases: [a.cif]\nparams:\n  a.sclae: 1\n', 3, /did you mean 'a\.scale'/],
    ['background term out of range', 'phases: [a.cif]\nbackgroundTerms: 4\nparams:\n  bkg4: 0\n', 4, /bkg0 to bkg3/],
    ['min above max', 'phases: [a.cif]\nparams:\n  a.a:\n    min: 5\n    max: 4\n', 5, /max \(4\) must be above min \(5\)/],
    ['value outside bounds', 'phases: [a.cif]\nparams:\n  a.a: { value: 3, min: 4 }\n', 3, /below min/],
    ['phaseSets naming no phase', 'phases: [a.cif]\nphaseSets:\n  - match: "*"\n    phases: [b]\n', 4, /no phase named 'b'/],
    ['brindley of no phase', 'phases: [a.cif]\nbrindleyRadiusUm: { b: 3 }\n', 2, /unknown key 'b'/],
    ['top level not a mapping', '- a.cif\n', 1, /must be a mapping/],
  ])('%s: message and line', (_what, text, line, message) => {
    const e = errorOf(() => yaml(text));
    expect(e.line).toBe(line);
    expect(e.file).toBe('r.yaml');
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(`r.yaml:${line}: `)).toBe(true);
  });

  it('JSON errors carry the line of the key too', () => {
    const text = '{\n  "phases": ["a.cif"],\n  "stages": [\n    { "groups": ["scale"] },\n    { "groups": ["scale"], "maxIter": 3 }\n  ]\n}\n';
    const e = errorOf(() => parseRecipe(text, 'r.json'));
    expect(e.message).toMatch(/^r\.json:5: stages\[1\]\.maxIter: unknown key/);
  });

  it('the groups the schema knows are the model\'s groups', () => {
    const text = readFileSync(join(ROOT, 'patterns', 'dev_SiTi.xye'));
    const pattern = selectScan(readPatternFile(new Uint8Array(text), 'dev_SiTi.xye'));
    const cif = (n: string) => parseCif(readFileSync(join(ROOT, 'structures', `${n}.cif`), 'utf8'), `${n}.cif`);
    const { model } = buildModel(pattern, [cif('Si'), cif('Ti')], undefined, {});
    const groups = new Set(model.entries.map((e) => e.group));
    expect([...groups].sort()).toEqual([...REFINEMENT_GROUPS].sort());
    // and every model parameter name passes the recipe's name check
    const params = Object.fromEntries(model.entries.map((e) => [e.name, { refine: e.p.refine }]));
    expect(() => parseRecipe(JSON.stringify({ phases: ['structures/Si.cif', 'structures/Ti.cif'], params }), 'r.json')).not.toThrow();
  });
});

describe('recipe to refinement options', () => {
  it('maps every key', () => {
    const r = parseRecipe([
      'phases: [structures/Si.cif, structures/Ni.cif]',
      'range: [15, 90]', 'exclude: [[40, 41]]', 'backgroundTerms: 8', 'position: displacement', 'geometry: transmission', 'capillaryMuR: 0.8', 'broadening: full',
      'brindleyRadiusUm: { Si: 5, Ni: 2 }', 'maxIterations: 25', 'fix: [axial]',
      'stages:', '  - { groups: [scale, background] }', '  - { name: rest, groups: [cell, size], maxIterations: 9 }',
      'params:', '  Si.a: { value: 5.431, min: 5.42, max: 5.44 }', '  Ni.invSizeL: 0.05',
    ].join('\n'), 'r.yaml');
    const o = refineOptionsFor(r);
    expect(o).toEqual({
      range: [15, 90], exclude: [[40, 41]], backgroundTerms: 8, positionModel: 'displacement', geometry: 'transmission', capillaryMuR: 0.8, sampleBroadening: 'full',
      brindleyRadiusUm: { Si: 5, Ni: 2 }, maxIterations: 25, fix: ['axial'],
      stages: [{ name: 'stage 1', groups: ['scale', 'background'] }, { name: 'rest', groups: ['cell', 'size'], maxIterations: 9 }],
      params: { 'Si.a': { value: 5.431, min: 5.42, max: 5.44 }, 'Ni.invSizeL': { value: 0.05 } },
    });
    // a pattern that holds only Si: Ni's settings are left out
    const si = refineOptionsFor(r, ['Si']);
    expect(Object.keys(si.params!)).toEqual(['Si.a']);
    expect(si.brindleyRadiusUm).toEqual({ Si: 5 });
  });

  it('defaults: the refine command\'s stages; perPhaseBeq as --per-phase-beq', () => {
    expect(refineOptionsFor(parseRecipe('phases: [a.cif]')).stages).toBe(DEFAULT_STAGES);
    const o = refineOptionsFor(parseRecipe('phases: [a.cif]\nperPhaseBeq: true\n'));
    expect(o.stages).toBe(PER_PHASE_BEQ_STAGES);
    expect(o.params).toEqual({ bShared: { refine: false } });
  });

  it('phaseSets pick phases by file name, first match wins', () => {
    const r = parseRecipe('phases: [Si.cif, Ni.cif, Cu.cif]\nphaseSets:\n  - { match: "*SiNi*", phases: [Si, Ni] }\n  - { match: "*Si?u.xye", phases: [Si, Cu] }\n  - { match: "runs/*", phases: [Cu] }\n');
    expect(phasesForPattern(r, 'data/dev_SiNi.xye')).toEqual(['Si', 'Ni']);
    expect(phasesForPattern(r, 'dev_SiCu.xye')).toEqual(['Si', 'Cu']);
    expect(phasesForPattern(r, 'runs/x.xye')).toEqual(['Cu']);
    expect(phasesForPattern(r, 'other.xye')).toEqual(['Si', 'Ni', 'Cu']);
  });

  it('overlayOptions: given keys win, params merge', () => {
    const o = overlayOptions({ range: [1, 2], backgroundTerms: 8, params: { a: { value: 1 } } }, { range: [3, 4], backgroundTerms: 12, params: { b: { refine: false } } }, ['range', 'params']);
    expect(o).toEqual({ range: [3, 4], backgroundTerms: 8, params: { a: { value: 1 }, b: { refine: false } } });
  });
});

describe('loadRecipe: files', () => {
  it('resolves paths against the recipe folder, reads CIFs and instrument, names phases', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'r.yaml'), `phases:\n  - ${join(ROOT, 'structures', 'Si.cif')}\n  - { cif: ../cifs/Ni.cif, name: Nickel }\ninstrument: ../ins.json\n`);
    mkdirSync(join(dir, 'cifs'));
    writeFileSync(join(dir, 'cifs', 'Ni.cif'), readFileSync(join(ROOT, 'structures', 'Ni.cif')));
    writeFileSync(join(dir, 'ins.json'), readFileSync(join(ROOT, 'patterns', 'instrument.json')));
    const r = await loadRecipe(join(dir, 'sub', 'r.yaml'));
    expect(r.phases.map((p) => p.name)).toEqual(['Si', 'Nickel']);
    expect(r.phases[1].cif).toBe(join(dir, 'cifs', 'Ni.cif'));
    expect(r.structures.map((s) => s.name)).toEqual(['Si', 'Nickel']);
    expect(r.instrument).toBe(join(dir, 'ins.json'));
    expect(r.instrumentData?.profile?.U).toBeGreaterThan(0);
  });

  it('a missing CIF or instrument, a bad CIF, a cell parameter the crystal system fixes: errors at the key\'s line', async () => {
    const base = { file: 'r.yaml', baseDir: ROOT };
    let e = await asyncErrorOf(() => loadRecipeText('phases:\n  - structures/Si.cif\n  - structures/Nx.cif\n', base));
    expect(e.message).toMatch(/^r\.yaml:3: phases\[1\]: no such CIF 'structures\/Nx\.cif'/);
    e = await asyncErrorOf(() => loadRecipeText('phases:\n  - structures/Si.cif\n  - name: X\n    cif: nowhere/X.cif\n', base));
    expect(e.message).toMatch(/^r\.yaml:4: phases\[1\]\.cif: no such CIF/);
    e = await asyncErrorOf(() => loadRecipeText('phases: [structures/Si.cif]\ninstrument: patterns/nope.json\n', base));
    expect(e.message).toMatch(/^r\.yaml:2: instrument: no such instrument file 'patterns\/nope\.json'/);
    e = await asyncErrorOf(() => loadRecipeText('phases: [patterns/truth.json]\n', base));
    expect(e.message).toMatch(/^r\.yaml:1: phases\[0\]: cannot read the CIF: /);
    e = await asyncErrorOf(() => loadRecipeText('phases: [structures/Si.cif, structures/Ti.cif]\nparams:\n  Ti.c: { min: 4.6 }\n  Si.c: 5.43\n', base));
    expect(e.message).toMatch(/^r\.yaml:4: params\.Si\.c: Si is cubic: its free cell parameters are Si\.a/);
    e = await asyncErrorOf(() => loadRecipe(join(tmp(), 'none.yaml')));
    expect(e.message).toMatch(/no such recipe file/);
  });
});

describe('the CLI and recipes', () => {
  const xrd = (...args: string[]) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'xrd.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('bad recipes exit 2 with one line naming file, line and key (batch and refine)', () => {
    const dir = tmp();
    const cases: [string, string, RegExp][] = [
      ['unknown.yaml', `phases: [${join(ROOT, 'structures/Si.cif')}]\nbackgroundTerm: 12\n`, /unknown\.yaml:2: backgroundTerm: unknown key/],
      ['type.json', `{\n  "phases": ["${join(ROOT, 'structures/Si.cif')}"],\n  "range": [10, "90"]\n}\n`, /type\.json:3: range\[1\]: must be a number/],
      ['cif.yaml', `phases:\n  - ${join(ROOT, 'structures/Si.cif')}\n  - missing/Ni.cif\n`, /cif\.yaml:3: phases\[1\]: no such CIF 'missing\/Ni\.cif'/],
    ];
    for (const [name, text, message] of cases) {
      writeFileSync(join(dir, name), text);
      for (const args of [['batch', '--recipe', join(dir, name), '--out', join(dir, 'out'), 'patterns/dev_SiNi.xye'], ['refine', 'patterns/dev_SiNi.xye', '--recipe', join(dir, name)]]) {
        const r = xrd(...args);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      }
    }
  }, 60_000);

  it('refine --recipe equals refine with the same options; command-line options win', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'r.yaml'), `phases: [${join(ROOT, 'structures/Si.cif')}, ${join(ROOT, 'structures/Cu.cif')}]\ninstrument: ${join(ROOT, 'patterns/instrument.json')}\nbackgroundTerms: 8\nrange: [20, 90]\n`);
    const a = xrd('refine', 'patterns/dev_SiCu.xye', '--recipe', join(dir, 'r.yaml'), '--json', join(dir, 'a.json'));
    expect(a.code, a.stderr).toBe(0);
    const b = xrd('refine', 'patterns/dev_SiCu.xye', '--phase', 'structures/Si.cif', '--phase', 'structures/Cu.cif', '--instrument', 'patterns/instrument.json',
      '--background-terms', '8', '--range', '20:90', '--json', join(dir, 'b.json'));
    expect(b.code, b.stderr).toBe(0);
    const ja = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    const jb = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(ja.phases.map((p: { weightPercent: { value: number } }) => p.weightPercent.value)).toEqual(jb.phases.map((p: { weightPercent: { value: number } }) => p.weightPercent.value));
    expect(ja.background.coefficients).toHaveLength(8);
    const c = xrd('refine', 'patterns/dev_SiCu.xye', '--recipe', join(dir, 'r.yaml'), '--background-terms', '6', '--json', join(dir, 'c.json'));
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')).background.coefficients).toHaveLength(6);
  }, 60_000);
});
