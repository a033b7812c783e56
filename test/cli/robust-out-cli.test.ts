/**
 * Outputs as a user names them (node bin/xrd.mjs ...), all under a scratch folder: an output over one of refine's
 * inputs, a symbolic link or a named pipe is refused with exit 2 and leaves it as it was; `--json -` is standard
 * output; a CIF's warnings reach stderr.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(join(tmpdir(), 'xrd-robust-out-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function xrd(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/xrd.mjs'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, err: r.stderr, out: r.stdout };
}

function refused(r: { code: number | null; err: string; out: string }, re: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
  expect(r.err).toMatch(re);
  expect(r.out).toBe('');
}

const SI = join(ROOT, 'structures/Si.cif');
const NI = join(ROOT, 'structures/Ni.cif');
const INST = join(ROOT, 'patterns/instrument.json');
const refine = (pattern: string, ...more: string[]) =>
  ['refine', pattern, '--phase', SI, '--phase', NI, '--instrument', INST, '--range', '25:60', '--no-png', ...more];

describe('refine outputs over its inputs', () => {
  it('--json onto the pattern is refused and the pattern kept', () => {
    const p = join(tmp, 'p.xye');
    copyFileSync(join(ROOT, 'patterns/dev_SiNi.xye'), p);
    const before = readFileSync(p, 'utf8');
    refused(xrd(refine(p, '--json', p)), /p\.xye: cannot write output: it is an input of this command/);
    expect(readFileSync(p, 'utf8')).toBe(before);
  });

  it('--json onto a phase CIF or the instrument file is refused, also under another spelling of the path', () => {
    const cif = join(tmp, 'Si.cif');
    const inst = join(tmp, 'inst.json');
    copyFileSync(SI, cif);
    copyFileSync(INST, inst);
    const args = ['refine', join(ROOT, 'patterns/dev_SiNi.xye'), '--phase', cif, '--phase', NI, '--instrument', inst, '--range', '25:60', '--no-png'];
    refused(xrd([...args, '--json', cif]), /Si\.cif: cannot write output: it is an input of this command/);
    refused(xrd([...args, '--json', './inst.json'], tmp), /inst\.json: cannot write output: it is an input of this command/);
    expect(readFileSync(cif, 'utf8')).toBe(readFileSync(SI, 'utf8'));
    expect(readFileSync(inst, 'utf8')).toBe(readFileSync(INST, 'utf8'));
  });
});

describe('outputs that are not regular files', () => {
  it('a symbolic link as --json is refused, the link and its file kept', () => {
    const target = join(tmp, 'kept.json');
    const link = join(tmp, 'link.json');
    writeFileSync(target, 'kept');
    symlinkSync(target, link);
    refused(xrd(refine(join(ROOT, 'patterns/dev_SiNi.xye'), '--json', link)), /link\.json: cannot write output: a symbolic link is in the way/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('kept');
  });

  it.skipIf(spawnSync('mkfifo', ['--version']).status !== 0)('a named pipe as --json is refused and stays a pipe', () => {
    const fifo = join(tmp, 'fifo.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    refused(xrd(refine(join(ROOT, 'patterns/dev_SiNi.xye'), '--json', fifo)), /fifo\.json: cannot write output: a named pipe \(FIFO\) is in the way/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});

describe('--json -', () => {
  it('writes the JSON to standard output and nothing else there, and no file named "-"', () => {
    const cwd = mkdtempSync(join(tmp, 'cwd-'));
    const r = xrd(refine(join(ROOT, 'patterns/dev_SiNi.xye'), '--json', '-'), cwd);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { converged: boolean; phases: { name: string }[] };
    expect(json.phases.map((p) => p.name)).toEqual(['Si', 'Ni']);
    expect(readdirSync(cwd)).toEqual([]);
    expect(r.err).toMatch(/^converged: /);
  });

  it('is documented in the option help', () => {
    expect(xrd(['refine', '--help']).out).toMatch(/--json <file>\s+write the result as JSON \("-": to standard output/);
  });
});

describe('CIF warnings', () => {
  it('a negative B_iso is read with one warning line on stderr naming file and line', () => {
    const cif = join(tmp, 'SiNeg.cif');
    const text = readFileSync(SI, 'utf8').replace('Biso 0.47', 'Biso -1');
    writeFileSync(cif, text);
    const line = text.split('\n').findIndex((l) => l.includes('Biso -1')) + 1;
    const r = xrd(['reflections', cif, '--max-two-theta', '40']);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`xrd: warning: ${cif}:${line}: _atom_site_B_iso_or_equiv -1 of atom site "Si1" is negative: a mean-square displacement cannot be (a refinement that ends there usually absorbs roughness or absorption)\n`);
    expect(existsSync(cif)).toBe(true);
  });
});
