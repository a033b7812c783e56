/**
 * The black-box repros, run as a user runs them (node bin/xrd.mjs ...): each bad input exits 2 with one clean
 * line and leaves no output behind.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(join(tmpdir(), 'xrd-robust-cli-'));
afterAll(() => {
  chmodSync(tmp, 0o755);
  rmSync(tmp, { recursive: true, force: true });
});

function xrd(args: string[], asUser?: number) {
  const argv = [join(ROOT, 'bin/xrd.mjs'), ...args];
  const [cmd, full] = asUser === undefined ? [process.execPath, argv] : ['setpriv', [`--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', process.execPath, ...argv]];
  const r = spawnSync(cmd, full, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, err: r.stderr, out: r.stdout };
}

/** Exit 2 and one line on stderr, without control characters. */
function refused(r: { code: number | null; err: string }, re: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.err.endsWith('\n')).toBe(true);
  expect(r.err.slice(0, -1)).not.toMatch(/[\x00-\x1f\x7f]/);
  expect(r.err).toMatch(re);
}

const SI = join(ROOT, 'structures/Si.cif');

describe('outputs of a failed run', () => {
  it('refine with a folder in the way of one output leaves none of the others', () => {
    const out = join(tmp, 'out');
    mkdirSync(join(out, 'dev_SiNi.report.txt'), { recursive: true });
    const r = xrd(['refine', 'patterns/dev_SiNi.xye', '--phase', 'structures/Si.cif', '--phase', 'structures/Ni.cif', '--instrument', 'patterns/instrument.json', '--out', out]);
    refused(r, /dev_SiNi\.report\.txt: cannot write output: a folder of that name is in the way/);
    expect(readdirSync(out)).toEqual(['dev_SiNi.report.txt']);
  });

  // as root every folder is writable: the check runs as nobody (65534), when setpriv exists and nobody can reach the
  // project (a clone inside a private folder, as a CI's temporary checkout may be, cannot be run by another user)
  const nobodyRuns = () =>
    spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(join(ROOT, 'bin/xrd.mjs'))}, 4)`]).status === 0;
  const asOther = process.getuid?.() === 0 ? (nobodyRuns() ? 65534 : null) : undefined;
  it.skipIf(asOther === null)('an unwritable parent folder says permission denied, with the folder', () => {
    const ro = join(tmp, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    chmodSync(tmp, 0o755);
    const r = xrd(['simulate', '--phase', SI, '--range', '20:30:0.05', '--out', join(ro, 'out', 's.xye')], asOther ?? undefined);
    refused(r, new RegExp(`${join(ro, 'out')}: cannot write output: permission denied`));
  });
});

describe('inputs that are not regular files', () => {
  it('info /dev/zero is refused at once instead of reading forever', () => {
    const t0 = Date.now();
    refused(xrd(['info', '/dev/zero']), /^xrd: \/dev\/zero: cannot read pattern file: a device, not a regular file\n$/);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});

describe('counts', () => {
  it('a zero with sigma 0 in a pattern of hundreds is refused at its line (it took Rwp from 3.9 to 16.2 %)', () => {
    const lines = readFileSync(join(ROOT, 'patterns/dev_SiNi.xye'), 'utf8').split('\n');
    expect(lines[2000]).toBe('29.9700 637 25.239');
    lines[2000] = '29.9700 0 0';
    const f = join(tmp, 'dropped.xye');
    writeFileSync(f, lines.join('\n'));
    refused(xrd(['refine', f, '--phase', SI, '--json', join(tmp, 'dropped.json')]), /dropped\.xye:2001: point 1998 \(2theta 29\.97 deg\): intensity 0 among counts of about 6\d\d: a dropped reading/);
    expect(existsSync(join(tmp, 'dropped.json'))).toBe(false);
  });

  it('simulate --noise with no background writes zeros that refine reads (round trip)', () => {
    const sim = join(tmp, 'sim.xye');
    expect(xrd(['simulate', '--phase', SI, '--range', '25:60:0.02', '--max-counts', '300', '--noise', '3', '--out', sim]).code).toBe(0);
    const zeros = readFileSync(sim, 'utf8').split('\n').filter((l) => /^[\d.]+ 0 /.test(l)).length;
    expect(zeros).toBeGreaterThan(100);
    const r = xrd(['refine', sim, '--phase', SI, '--json', join(tmp, 'sim.json')]);
    expect(r.err).not.toMatch(/dropped reading|negative/);
    expect([0, 1]).toContain(r.code);
  });

  it('simulate refuses --max-counts <= 0 and a negative --background, writing nothing', () => {
    const out = join(tmp, 'never.xye');
    refused(xrd(['simulate', '--phase', SI, '--max-counts', '0', '--out', out]), /^xrd: --max-counts must be above 0, not 0\n$/);
    refused(xrd(['simulate', '--phase', SI, '--max-counts=-5', '--out', out]), /--max-counts must be above 0/);
    refused(xrd(['simulate', '--phase', SI, '--background=-1', '--out', out]), /^xrd: --background cannot be negative \(-1\)\n$/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('encodings', () => {
  it('an instrument .json with a UTF-8 BOM is read; one that is not an object says so', () => {
    const bom = join(tmp, 'bom.json');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(join(ROOT, 'patterns/instrument.json'))]));
    expect(xrd(['simulate', '--phase', SI, '--range', '20:30:0.05', '--instrument', bom, '--out', join(tmp, 'bom.xye')]).code).toBe(0);
    const arr = join(tmp, 'arr.json');
    writeFileSync(arr, '[1,2]');
    refused(xrd(['simulate', '--phase', SI, '--instrument', arr, '--out', join(tmp, 'x.xye')]), /arr\.json: instrument file must be a JSON object\n$/);
  });

  it('a UTF-16 CIF and a UTF-16 pattern: one line, no NUL echoed', () => {
    const utf16 = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
    const cif = join(tmp, 'u16.cif');
    writeFileSync(cif, utf16(readFileSync(SI, 'utf8')));
    refused(xrd(['simulate', '--phase', cif, '--out', join(tmp, 'x.xye')]), /u16\.cif: file is UTF-16 encoded; save it as UTF-8\n$/);
    const xy = join(tmp, 'u16.ras');
    writeFileSync(xy, utf16(readFileSync(join(ROOT, 'test/fixtures/formats/synthetic/two_scans.ras'), 'latin1')));
    refused(xrd(['info', xy]), /u16\.ras \(offset 0\): file is UTF-16 encoded; save it as UTF-8\n$/);
  });
});
