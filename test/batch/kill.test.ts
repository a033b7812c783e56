/**
 * A batch killed (SIGKILL) in the middle of its run, then run again: the summary is complete and right, the
 * patterns finished before the kill are not refined again, and no partial or temporary file is left.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseSummaryCsv } from '../../src/batch/summary.js';
import { copyPattern, isTemporary, ROOT, SAMPLES, TRUTH, writeRecipe, XRD, xrd } from './helpers.js';

/** Results complete on disk: <base>.json with its batch key (the JSON is the last file a pattern writes). */
function finished(out: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(out);
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith('.json') && !n.endsWith('.error.json') && !n.startsWith('.'));
}

it('SIGKILL mid-run, then a rerun: complete summary, finished patterns kept, nothing partial or temporary', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xrd-kill-'));
  const recipe = writeRecipe(dir);
  const samples = Object.keys(SAMPLES) as (keyof typeof SAMPLES)[];
  const files = Array.from({ length: 12 }, (_, i) => copyPattern(samples[i % 3], dir, `p${String(i + 1).padStart(2, '0')}_${samples[i % 3]}.xye`));
  const out = join(dir, 'out');
  const args = ['batch', '--recipe', recipe, '--out', out, '--jobs', '1', '--progress', 'none', ...files];

  const child = spawn(process.execPath, [XRD, ...args], { cwd: ROOT, stdio: 'ignore' });
  const exited = once(child, 'exit');
  const t0 = Date.now();
  while (finished(out).length < 2) {
    if (child.exitCode !== null || Date.now() - t0 > 60_000) throw new Error('the batch ended before it could be killed');
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGKILL');
  const [, signal] = await exited;
  expect(signal).toBe('SIGKILL');

  const done = finished(out);
  expect(done.length).toBeGreaterThanOrEqual(2);
  expect(done.length).toBeLessThan(files.length); // killed mid-run
  expect(readdirSync(out)).not.toContain('summary.csv');
  // what is there is whole: every result JSON parses
  for (const n of done) expect(() => JSON.parse(readFileSync(join(out, n), 'utf8'))).not.toThrow();
  const kept = Object.fromEntries(done.map((n) => [n, { mtime: statSync(join(out, n)).mtimeMs, text: readFileSync(join(out, n), 'utf8') }]));
  // a write the kill cut short leaves a temporary of the dead process
  writeFileSync(join(out, `.p12_SiAg.json.${child.pid}.0badc0de.tmp`), '{"converged": tr');

  const r = xrd(...args);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(new RegExp(`${files.length - done.length} refined, ${done.length} up to date`));
  for (const [n, k] of Object.entries(kept)) {
    expect(statSync(join(out, n)).mtimeMs, n).toBe(k.mtime);
    expect(readFileSync(join(out, n), 'utf8')).toBe(k.text);
  }

  const { rows } = parseSummaryCsv(readFileSync(join(out, 'summary.csv'), 'utf8'));
  expect(rows.map((x) => x.file)).toEqual(files);
  for (const [i, row] of rows.entries()) {
    expect(row.status).toBe('ok');
    const sample = samples[i % 3];
    for (const name of SAMPLES[sample]) expect(Math.abs(Number(row[`${name}_wt`]) - TRUTH[`dev_${sample}`].phases[name].wt)).toBeLessThan(0.5);
  }
  const names = readdirSync(out);
  expect(names.filter(isTemporary)).toEqual([]);
  expect(names.filter((n) => n.startsWith('.'))).toEqual([]);
  for (const f of files) {
    const base = f.split('/').pop()!.replace(/\.xye$/, '');
    expect(JSON.parse(readFileSync(join(out, `${base}.json`), 'utf8')).converged).toBe(true);
    expect(readFileSync(join(out, `${base}.rietveld.svg`), 'utf8').trimEnd().endsWith('</svg>')).toBe(true);
    expect(readFileSync(join(out, `${base}.report.md`), 'utf8').length).toBeGreaterThan(100);
  }
}, 120_000);
