/**
 * xrd batch end to end: three synthetic patterns and a corrupt file (one row each, the corrupt one an error,
 * the others right, exit 1); a rerun skips the finished patterns and a changed recipe redoes them;
 * --sequential chains the starting values and draws the trend; the pieces (summary CSV, names, temporaries,
 * content keys, progress) on their own.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { canonicalJson, patternKey, recipeKey } from '../../src/batch/hash.js';
import { progressPrinter, type ProgressEvent } from '../../src/batch/progress.js';
import { outputBases, removeStaleTemporaries, runBatch, WorkerHandle } from '../../src/batch/run.js';
import { parseSummaryCsv, summaryCsv, summaryHeader, summaryRow } from '../../src/batch/summary.js';
import { trendSvg } from '../../src/batch/trend-svg.js';
import { parseRecipe } from '../../src/recipe/index.js';
import { copyPattern, isTemporary, SAMPLES, TRUTH, writeCorrupt, writeRecipe, xrd } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'xrd-batch-'));
const PHASE_COLUMNS = ['wt', 'wt_esd', 'a', 'a_esd', 'c', 'lvolIB', 'lvolFWHM'];

function checkAgainstTruth(row: Record<string, string>, sample: keyof typeof SAMPLES): void {
  const truth = TRUTH[`dev_${sample}`].phases;
  for (const name of SAMPLES[sample]) {
    expect(Math.abs(Number(row[`${name}_wt`]) - truth[name].wt), `${sample} ${name} wt`).toBeLessThan(0.5);
    expect(Math.abs(Number(row[`${name}_a`]) - truth[name].a), `${sample} ${name} a`).toBeLessThan(2e-3);
    expect(Number(row[`${name}_wt_esd`])).toBeGreaterThan(0);
    expect(Number(row[`${name}_lvolIB`])).toBeGreaterThan(0);
  }
  for (const name of ['Si', 'Ni', 'Cu', 'Ag'].filter((n) => !(SAMPLES[sample] as readonly string[]).includes(n))) {
    expect(row[`${name}_wt`]).toBe('');
  }
}

describe('xrd batch', () => {
  it('3 patterns and a corrupt file: one row each, the corrupt one an error, the others right, exit 1; a rerun skips, a new recipe redoes', () => {
    const dir = tmp();
    const recipe = writeRecipe(dir);
    const files = [copyPattern('SiNi', dir), copyPattern('SiCu', dir), writeCorrupt(dir), copyPattern('SiAg', dir)];
    const out = join(dir, 'out');
    const r = xrd('batch', '--recipe', recipe, '--out', out, '--jobs', '2', '--progress', 'lines', ...files);
    expect(r.code, r.stderr).toBe(1);

    const { header, rows } = parseSummaryCsv(readFileSync(join(out, 'summary.csv'), 'utf8'));
    expect(header).toEqual(['file', 'status', 'rwp', 'gof', ...['Si', 'Ni', 'Cu', 'Ag'].flatMap((n) => PHASE_COLUMNS.map((c) => `${n}_${c}`)), 'error']);
    expect(rows.map((x) => x.file)).toEqual(files);
    expect(rows.map((x) => x.status)).toEqual(['ok', 'ok', 'error', 'ok']);
    expect(rows[2].error).toMatch(/corrupt\.xye:101: not a data line/);
    expect(rows[2].rwp).toBe('');
    checkAgainstTruth(rows[0], 'SiNi');
    checkAgainstTruth(rows[1], 'SiCu');
    checkAgainstTruth(rows[3], 'SiAg');
    for (const x of [rows[0], rows[1], rows[3]]) {
      expect(Number(x.rwp)).toBeGreaterThan(1);
      expect(Number(x.rwp)).toBeLessThan(8);
      expect(Math.abs(Number(x.gof) - 1)).toBeLessThan(0.2);
    }
    // per-pattern files, plain progress lines (stderr is not a terminal), no temporaries
    const names = readdirSync(out);
    for (const b of ['dev_SiNi', 'dev_SiCu', 'dev_SiAg']) {
      for (const s of ['json', 'report.md', 'report.txt', 'rietveld.svg']) expect(names).toContain(`${b}.${s}`);
    }
    expect(names).toContain('dev_SiNi.Ni.refined.cif');
    expect(names).toContain('corrupt.error.json');
    expect(names).not.toContain('corrupt.json');
    expect(names.filter(isTemporary)).toEqual([]);
    const j = JSON.parse(readFileSync(join(out, 'dev_SiNi.json'), 'utf8'));
    expect(j.converged).toBe(true);
    expect(j.batch).toMatchObject({ file: files[0], status: 'ok', phases: ['Si', 'Ni'] });
    expect(j.batch.key).toMatch(/^[0-9a-f]{64}$/);
    expect(r.stderr).toMatch(/\[\d\/4\] .*corrupt\.xye: FAILED: /);
    expect(r.stderr.match(/^\[\d\/4\]/gm)).toHaveLength(4);

    // rerun: the three results are up to date (not rewritten), the corrupt file is tried again
    const mtimes = () => Object.fromEntries(['dev_SiNi', 'dev_SiCu', 'dev_SiAg'].map((b) => [b, statSync(join(out, `${b}.json`)).mtimeMs]));
    const before = mtimes();
    const again = xrd('batch', '--recipe', recipe, '--out', out, '--progress', 'lines', ...files);
    expect(again.code, again.stderr).toBe(1);
    expect(again.stderr).toMatch(/3 up to date, 1 to refine/);
    expect(mtimes()).toEqual(before);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8').split('\n').length).toBe(6);

    // the same content under a changed recipe is refined again
    writeRecipe(dir, 'backgroundTerms: 10');
    const redo = xrd('batch', '--recipe', recipe, '--out', out, '--progress', 'none', files[0]);
    expect(redo.code, redo.stderr).toBe(0);
    expect(redo.stderr).toMatch(/1 refined, 0 up to date/);
    expect(statSync(join(out, 'dev_SiNi.json')).mtimeMs).not.toBe(before.dev_SiNi);
    expect(JSON.parse(readFileSync(join(out, 'dev_SiNi.json'), 'utf8')).background.coefficients).toHaveLength(10);
    expect(parseSummaryCsv(readFileSync(join(out, 'summary.csv'), 'utf8')).rows).toHaveLength(1);
  }, 120_000);

  it('--sequential: in order, each from the previous result, with a trend plot', async () => {
    const dir = tmp();
    const recipe = writeRecipe(dir);
    const files = [copyPattern('SiNi', dir, 'a_SiNi.xye'), copyPattern('SiNi', dir, 'b_SiNi.xye'), join(dir, 'missing_SiNi.xye'), copyPattern('SiCu', dir, 'c_SiCu.xye')];
    const out = join(dir, 'out');
    const order: string[] = [];
    const r = await runBatch({ recipe, patterns: files, out, sequential: true, jobs: 2, onProgress: (e) => e.kind === 'done' && order.push(basename(e.file!)) });
    expect(r.exitCode).toBe(1);
    expect(r.workers).toBe(1);
    expect(r.rows.map((x) => x.status)).toEqual(['ok', 'ok', 'error', 'ok']);
    expect(order).toEqual(['missing_SiNi.xye', 'a_SiNi.xye', 'b_SiNi.xye', 'c_SiCu.xye']); // unreadable files are known first
    // an unreadable file gets its error.json like any other bad file (docs/recipes.md)
    expect(JSON.parse(readFileSync(join(out, 'missing_SiNi.error.json'), 'utf8')).batch).toMatchObject({ status: 'error', error: expect.stringMatching(/missing_SiNi\.xye: no such file/) });
    const meta = (b: string) => JSON.parse(readFileSync(join(out, `${b}.json`), 'utf8'));
    expect(meta('a_SiNi').batch.startedFrom).toBeNull();
    expect(meta('b_SiNi').batch.startedFrom).toBe(files[0]);
    expect(meta('c_SiCu').batch.startedFrom).toBe(files[1]); // the failed pattern is skipped in the chain
    // starting at the previous result of the same data, the second refinement has little left to do
    expect(meta('b_SiNi').iterations).toBeLessThan(meta('a_SiNi').iterations);
    expect(Math.abs(r.rows[3].phases.Cu!.wt - TRUTH.dev_SiCu.phases.Cu.wt)).toBeLessThan(0.5);
    const svg = readFileSync(r.trendPath!, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(/weight %/);
    expect(svg).toMatch(/Si a \(Å\)/);
    expect((svg.match(/<circle/g) ?? []).length).toBe(3 /* Si wt */ + 2 /* Ni */ + 1 /* Cu */ + 3 + 2 + 1 /* a */);
  }, 120_000);

  it('runs in the calling thread too (inProcess), and --force refines again', async () => {
    const dir = tmp();
    const recipe = writeRecipe(dir);
    const out = join(dir, 'out');
    const files = [copyPattern('SiAg', dir)];
    const first = await runBatch({ recipe, patterns: files, out, inProcess: true });
    expect(first).toMatchObject({ exitCode: 0, refined: 1, skipped: 0, workers: 0 });
    expect((await runBatch({ recipe, patterns: files, out, inProcess: true })).skipped).toBe(1);
    expect((await runBatch({ recipe, patterns: files, out, inProcess: true, force: true })).refined).toBe(1);
    // a run with --png, then one without: the older .png does not stay beside the new result
    await runBatch({ recipe, patterns: files, out, inProcess: true, png: true });
    expect(readdirSync(out)).toContain('dev_SiAg.rietveld.png');
    expect((await runBatch({ recipe, patterns: files, out, inProcess: true })).refined).toBe(1);
    expect(readdirSync(out)).not.toContain('dev_SiAg.rietveld.png');
    expect(readdirSync(out)).toContain('dev_SiAg.rietveld.svg');
  }, 60_000);

  it('usage errors exit 2 before anything runs', () => {
    const dir = tmp();
    const recipe = writeRecipe(dir);
    for (const args of [['--jobs', '0'], ['--jobs', 'two'], ['--progress', 'loud']]) {
      const r = xrd('batch', '--recipe', recipe, '--out', join(dir, 'out'), ...args, 'patterns/dev_SiNi.xye');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(xrd('batch', '--out', join(dir, 'out'), 'patterns/dev_SiNi.xye').code).toBe(2);
    expect(xrd('batch', '--recipe', recipe, '--out', join(dir, 'out')).code).toBe(2);
    expect(readdirSync(dir)).toEqual(['recipe.yaml']);
    // a setting wrong for every pattern is bad input too: once, exit 2, nothing written (it was a failed row per
    // pattern with exit 1)
    const bad = writeRecipe(dir, 'params:\n  Si.a: -5.43');
    const r = xrd('batch', '--recipe', bad, '--out', join(dir, 'out'), 'patterns/dev_SiNi.xye', 'patterns/dev_SiCu.xye');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^xrd: .*recipe\.yaml: parameter Si\.a: value -5\.43 is not a cell length/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir)).toEqual(['recipe.yaml']);
  }, 60_000);
});

describe('batch pieces', () => {
  it('a worker thread that dies fails only the pattern in hand; the next starts a new thread', async () => {
    const h = new WorkerHandle({} as never, new URL('./crash-worker.ts', import.meta.url).href);
    const task = (index: number, file: string) => ({ index, file, base: file, key: '', phaseNames: [] });
    try {
      expect(await h.run(task(0, 'a'))).toMatchObject({ index: 0, status: 'ok' });
      expect(await h.run(task(1, 'exit'))).toMatchObject({ index: 1, status: 'error', error: 'worker thread failed: exited with code 7' });
      expect(await h.run(task(2, 'b'))).toMatchObject({ index: 2, status: 'ok' });
      expect(await h.run(task(3, 'throw'))).toMatchObject({ index: 3, status: 'error', error: 'worker thread failed: boom' });
      expect(await h.run(task(4, 'c'))).toMatchObject({ index: 4, status: 'ok' });
    } finally {
      await h.close();
    }
  });


  it('summary.csv: SPEC columns, quoting, empty cells for missing phases and failures', () => {
    expect(summaryHeader(['Si'])).toEqual(['file', 'status', 'rwp', 'gof', 'Si_wt', 'Si_wt_esd', 'Si_a', 'Si_a_esd', 'Si_c', 'Si_lvolIB', 'Si_lvolFWHM', 'error']);
    const ve = (value: number, esd = 0) => ({ value, esd });
    const result = {
      statistics: { rwp: 3.93115123, gof: 1.0066 },
      phases: [{ name: 'Si', weightPercent: ve(80.0792345, 0.0555751), lattice: { a: ve(5.430843, 2.77e-5), c: ve(5.430843) }, size: { lvolIB: ve(57.1), lvolFWHM: ve(Infinity) } }],
    } as never;
    const rows = [
      summaryRow({ file: 'a,b.xye', status: 'ok', result }, ['Si', 'Ni']),
      summaryRow({ file: 'c.xye', status: 'error', error: 'c.xye:3: bad "thing"\nsecond line' }, ['Si', 'Ni']),
    ];
    const csv = summaryCsv(rows, ['Si', 'Ni']);
    const back = parseSummaryCsv(csv);
    expect(back.rows[0]).toMatchObject({ file: 'a,b.xye', status: 'ok', rwp: '3.93115', Si_wt: '80.0792', Si_a_esd: '0.0000277', Si_lvolFWHM: '', Ni_wt: '', error: '' });
    expect(back.rows[1]).toMatchObject({ file: 'c.xye', status: 'error', rwp: '', Si_wt: '', error: 'c.xye:3: bad "thing" second line' });
    expect(csv.split('\n')).toHaveLength(4);
  });

  it('output names are unique; temporaries of dead processes are removed, a live one\'s kept', async () => {
    expect(outputBases(['x/a.xye', 'y/a.xye', 'a.raw', 'b.xye', 'a-2.xye'])).toEqual(['a', 'a-2', 'a-3', 'b', 'a-2-2']);
    const dir = tmp();
    const dead = `.a.json.999999999.0123abcd.tmp`; // no such pid
    const live = `.a.json.${process.ppid}.0123abcd.tmp`;
    const own = `.a.json.${process.pid}.0123abcd.tmp`;
    for (const n of [dead, live, own, 'keep.tmp', 'a.json']) writeFileSync(join(dir, n), 'x');
    expect(await removeStaleTemporaries(dir)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([own, live, 'a.json', 'keep.tmp'].sort());
    expect(await removeStaleTemporaries(dir, true)).toBe(1);
    expect(readdirSync(dir)).not.toContain(own);
  });

  it('content keys: order of keys and paths do not matter, content does', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe(canonicalJson({ a: [{ c: null, d: 2 }], b: 1 }));
    const bytes = new TextEncoder().encode('cif');
    const k = (text: string, cif = bytes) => recipeKey(parseRecipe(text), [{ name: 'Si', cifBytes: cif }], undefined, { png: false });
    expect(k('phases: [x/Si.cif]\nrange: [10, 90]')).toBe(k('{"range": [10, 90], "phases": ["y/Si.cif"]}'));
    expect(k('phases: [x/Si.cif]\nrange: [10, 90]')).not.toBe(k('phases: [x/Si.cif]\nrange: [10, 91]'));
    expect(k('phases: [Si.cif]')).not.toBe(k('phases: [Si.cif]', new TextEncoder().encode('cif2')));
    const p = new TextEncoder().encode('10 1 1');
    expect(patternKey('r', p)).not.toBe(patternKey('r', p, 'previous'));
  });

  it('progress: plain lines off a terminal, a bar on one', () => {
    const sink = () => {
      let text = '';
      const s = new Writable({ write: (c, _e, cb) => ((text += c.toString()), cb()) }) as unknown as NodeJS.WriteStream;
      return { s, text: () => text };
    };
    const ev = (e: Partial<ProgressEvent>): ProgressEvent => ({ kind: 'done', total: 4, done: 1, toRun: 3, failed: 0, skipped: 1, rate: 2, etaSeconds: 1.5, ...e });
    const lines = sink();
    const p = progressPrinter('lines', lines.s);
    p(ev({ kind: 'start', done: 0 }));
    p(ev({ file: 'a.xye', status: 'ok', rwp: 3.9, done: 2 }));
    p(ev({ file: 'b.xye', status: 'error', error: 'b.xye:2: bad', done: 3, failed: 1 }));
    p(ev({ kind: 'end', done: 4, failed: 1 }));
    expect(lines.text()).toBe([
      'xrd batch: 4 pattern(s), 1 up to date, 3 to refine',
      '[2/4] a.xye: ok, Rwp 3.90% (2.00 patterns/s, ETA 2s)',
      '[3/4] b.xye: FAILED: b.xye:2: bad (2.00 patterns/s, ETA 2s)',
      'xrd batch: 3 ok, 1 failed, 1 skipped as up to date', ''].join('\n'));
    const bar = sink();
    const b = progressPrinter('bar', bar.s);
    b(ev({ kind: 'start', done: 0 }));
    b(ev({ kind: 'end', done: 4, failed: 1 }));
    expect(bar.text()).toMatch(/\r░+ 0\/4 {2}failed 0 {2}2\.00\/s {2}ETA 2s\x1b\[K\r█+ 4\/4 {2}failed 1 .*\nxrd batch: 3 ok, 1 failed/);
  });

  it('trend plot: a failure breaks the lines, a phase a pattern lacks is stepped over, empty phases left out', () => {
    const si = { name: 'Si', wt: [{ value: 80, esd: 0.1 }, null, { value: 79, esd: 0.1 }], a: [{ value: 5.431, esd: 1e-5 }, null, { value: 5.432, esd: 1e-5 }] };
    const none = { name: 'Ag', wt: [null, null, null], a: [null, null, null] };
    const broken = trendSvg({ labels: ['a', 'b', 'c'], phases: [si, none], failed: [false, true, false] });
    expect(broken).toMatch(/^<svg[^>]*xmlns/);
    expect((broken.match(/<path d="M[^"]*M/g) ?? []).length).toBe(2); // two segments in each panel
    expect(broken).toMatch(/Si a \(Å\)/);
    expect(broken).not.toMatch(/Ag/);
    const stepped = trendSvg({ labels: ['a', 'b', 'c'], phases: [si] });
    expect((stepped.match(/<path d="M[^"M]*"/g) ?? []).length).toBe(2); // one line in each panel
  });
});

describe('xrd batch across geometries', () => {
  // SRM 640d, a capillary (its .brml says transmission), and a flat nano-Si pattern (reflection by default)
  const srm = join(__dirname, '..', 'fixtures', 'formats', 'Si-Std_SRM640d_D8D_20-97_7_16hm.brml');
  const flat = join(__dirname, '..', '..', 'patterns', 'dev_Si_nano.xye');
  /** a Si recipe in dir with one more line */
  const siRecipe = (dir: string, line: string) => {
    const recipe = join(dir, 'si.yaml');
    writeFileSync(recipe, [`phases: [${join(__dirname, '..', '..', 'structures', 'Si.cif')}]`, line, 'exclude: [[43, 45.3], [50.2, 52.5], [74, 75.8]]', 'backgroundTerms: 6', ''].join('\n'));
    return recipe;
  };

  it('a capillary (.brml, transmission) and a flat specimen (reflection) in one --sequential run: neither takes the other\'s parameters', async () => {
    const dir = tmp();
    const recipe = siRecipe(dir, 'position: displacement');
    for (const files of [[srm, flat], [flat, srm]]) {
      const out = join(dir, `out-${basename(files[0])}`);
      const r = await runBatch({ recipe, patterns: files, out, sequential: true, inProcess: true });
      // (whether a flat nano-Si pattern converges from a capillary standard's values is not the point: no error)
      expect(r.rows.map((x) => x.status === 'error' ? x.error : 'refined')).toEqual(['refined', 'refined']);
      const second = JSON.parse(readFileSync(join(out, `${basename(files[1]).replace(/\.[^.]+$/, '')}.json`), 'utf8'));
      expect(second.batch.startedFrom).toBe(files[0]);
    }
  }, 120_000);

  it('a capillary mu r in the recipe is an error of the flat-specimen pattern only, whatever the order', async () => {
    const dir = tmp();
    const recipe = siRecipe(dir, 'capillaryMuR: 0.7');
    for (const files of [[flat, srm], [srm, flat]]) {
      const r = await runBatch({ recipe, patterns: files, out: join(dir, `out-${basename(files[0])}`), inProcess: true });
      expect(r.exitCode).toBe(1);
      const byFile = Object.fromEntries(r.rows.map((x) => [basename(x.file), x]));
      expect(byFile['Si-Std_SRM640d_D8D_20-97_7_16hm.brml'].status).toBe('ok');
      expect(byFile['dev_Si_nano.xye'].status).toBe('error');
      expect(byFile['dev_Si_nano.xye'].error).toMatch(/capillaryMuR\) = 0\.7 applies to a capillary in transmission \(the geometry is reflection, by default/);
    }
  }, 120_000);
});
