/**
 * Options the recipe (or another command) refuses are refused on the command line too, with one line naming the
 * option and exit status 2, and nothing written: --background-terms, --brindley, --free out of bounds, wh --k,
 * instrument --phase twice and --certified-a, reflections --wavelength; phase names from file names; a
 * Williamson-Hall analysis of a phase that is not in the sample.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const xrd = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'xrd.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'xrd-robust-opts-'));
const REF = ['refine', 'patterns/dev_SiNi.xye', '--phase', 'structures/Si.cif', '--phase', 'structures/Ni.cif', '--instrument', 'patterns/instrument.json'];

/** exit 2, one line on stderr matching `message`, no output folder or file */
function expectRefused(args: string[], message: RegExp, out: string): void {
  const r = xrd(...args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  expect(existsSync(out)).toBe(false);
}

describe('refine options', () => {
  it.each([
    [['--exclude', '10:89.99'], /1 of the 8001 points .* left after the exclusions/],
    [['--background-terms', '2.5'], /--background-terms must be a whole number 1 to 40, not 2\.5/],
    [['--brindley', '-5'], /--brindley must be a particle radius above 0 and at most 1000 um, not -5/],
    [['--brindley', '0'], /--brindley must be .* not 0/],
    [['--brindley', '1e9'], /--brindley must be .* not 1e9/],
    [['--free', 'Si.a=-5.43'], /parameter Si\.a: value -5\.43 is not a cell length/],
    [['--free', 'Si.a=0'], /parameter Si\.a: value 0 is not a cell length/],
    [['--free', 'slit=-1'], /parameter slit: value -1 is outside its bounds 0 to 5/],
    [['--free', 'Y=1e6'], /parameter Y: value 1000000 is outside its bounds 0 to 10/],
    [['--free', 'slit=1=2'], /--free slit=1=2 needs a number/],
  ])('%j exits 2 naming it', (extra, message) => {
    const out = join(tmp(), 'out');
    expectRefused([...REF, ...extra, '--out', out], message, out);
  }, 60_000);

  it.each([['my Si.cif'], ['Si$(x).cif'], ['.cif']])('refuses the phase name of "%s", saying how to name it', (file) => {
    const dir = tmp();
    copyFileSync(join(ROOT, 'structures', 'Si.cif'), join(dir, file));
    const out = join(dir, 'out');
    expectRefused(['refine', 'patterns/dev_Si_nano.xye', '--phase', join(dir, file), '--out', out], /phase name '.*' \(the file name without extension\) may hold only letters, digits, _ \+ and -: rename the file/, out);
    const wh = xrd('wh', 'patterns/dev_Si_nano.xye', '--phase', join(dir, file));
    expect(wh.code).toBe(2);
    expect(wh.stderr).toMatch(/may hold only letters, digits/);
    expect(readdirSync(dir)).toEqual([file]);
  }, 60_000);
});

describe('wh, instrument and reflections options', () => {
  it.each([
    [['--k', '0'], /--k \(the Scherrer constant\) must be above 0, not 0/],
    [['--k', '-1'], /--k .* not -1/],
    [['--min-separation', '-1'], /--min-separation must be 0 deg or more/],
  ])('wh %j exits 2', (extra, message) => {
    const out = join(tmp(), 'wh.json');
    expectRefused(['wh', 'patterns/dev_SiNi.xye', '--phase', 'structures/Si.cif', ...extra, '--json', out], message, out);
  });

  it('wh refuses a phase whose reflections are not the pattern\'s peaks (LaB6 on Si + Ni gave "30(20) nm")', () => {
    const out = join(tmp(), 'wh.json');
    expectRefused(['wh', 'patterns/dev_SiNi.xye', '--phase', 'structures/LaB6.cif', '--instrument', 'patterns/instrument.json', '--json', out],
      /phase LaB6: its reflections do not match the pattern's peaks \(3 of 5 fitted peaks .*200 at 43\.50 deg fitted at 44\.49/, out);
    // the phases that are there still give their sizes
    const ok = xrd('wh', 'patterns/dev_SiNi.xye', '--phase', 'structures/Si.cif', '--phase', 'structures/Ni.cif', '--instrument', 'patterns/instrument.json');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Si: 5 reflections .* size 80\.0\(11\) nm/m);
  }, 60_000);

  it.each([
    [['--phase', 'structures/LaB6.cif', '--phase', 'structures/Si.cif'], /--phase: give one standard, not 2/],
    [['--phase', 'structures/LaB6.cif', '--certified-a', '0'], /--certified-a must be a cell edge above 0 A, not 0/],
    [['--phase', 'structures/LaB6.cif', '--divergence-slit', '-1'], /--divergence-slit must be 0 to 5 deg, not -1/],
  ])('instrument %j exits 2', (extra, message) => {
    const out = join(tmp(), 'ins.json');
    expectRefused(['instrument', 'patterns/LaB6_standard.xye', ...extra, '--out', out], message, out);
  });

  it.each([
    [['--k', '-1'], /--k \(the Scherrer constant\) must be above 0, not -1/],
    [['--lambda', '0'], /--lambda must be above 0 A, not 0/],
  ])('size %j exits 2 naming the option', (extra, message) => {
    const r = xrd('size', 'patterns/dev_SiNi.xye', ...extra);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('size --json marks an unresolved size (JSON null) as such', () => {
    const out = join(tmp(), 'size.json');
    const r = xrd('size', 'patterns/LaB6_standard.xye', '--peak', '37.44', '--instrument', 'patterns/instrument.json', '--json', out);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).corrected).toMatchObject({ lvolFWHM: { value: null }, status: 'notResolved' });
  });

  it.each([
    [['--wavelength', '0'], /--wavelength must be above 0 A, not 0/],
    [['--max-two-theta', '500'], /--max-two-theta must be above 0 and at most 180 deg, not 500/],
  ])('reflections %j exits 2', (extra, message) => {
    const r = xrd('reflections', 'structures/Si.cif', ...extra);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('refine --out prints the warnings with its summary', () => {
  it('an assumed wavelength and an apparent size are said on stderr, not only in the report', () => {
    const dir = tmp();
    const bare = join(dir, 'bare.xy');
    writeFileSync(bare, readFileSync(join(ROOT, 'patterns', 'dev_SiNi.xye'), 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n'));
    const r = xrd('refine', bare, '--phase', 'structures/Si.cif', '--phase', 'structures/Ni.cif', '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^converged: Rwp /);
    expect(r.stderr).toMatch(/\n {2}warning: no instrument profile given: sizes are apparent/);
    expect(r.stderr).toMatch(/\n {2}warning: no wavelength in the pattern file or an instrument file: Cu Ka1\/Ka2 assumed/);
  });
});
