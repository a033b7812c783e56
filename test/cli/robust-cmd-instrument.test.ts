/** `xrd instrument` refuses a calibration that is not an instrument function, and writes nothing for one that did not converge. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const xrd = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'xrd.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'xrd-robust-inst-'));

describe('xrd instrument: a result that is not an instrument function is refused, nothing written', () => {
  it.each([
    ['a broadened sample (negative Gaussian FWHM^2)', ['patterns/dev_Si_nano.xye', '--phase', 'structures/Si.cif'], /dev_Si_nano\.xye: the calibration is not an instrument function: its Gaussian FWHM\^2 .* is -.* at the Si reflection at 2theta .*line-profile standard of Si\?/],
    ['a standard fitted with another phase', ['patterns/LaB6_standard.xye', '--phase', 'structures/Si.cif'], /LaB6_standard\.xye: the calibration is not an instrument function.*standard of Si\?/],
    ['a range with one reflection', ['patterns/LaB6_standard.xye', '--phase', 'structures/LaB6.cif', '--range', '20:22'], /LaB6_standard\.xye: the calibration range holds 1 reflection of LaB6: an instrument function needs at least 3/],
  ])('%s: exit 2, one line', (_label, args, message) => {
    const dir = tmp();
    const out = join(dir, 'i.json');
    const r = xrd('instrument', ...args, '--out', out);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('the LaB6 standard still calibrates (exit 0, file written, values unchanged)', () => {
    const dir = tmp();
    const out = join(dir, 'i.json');
    const r = xrd('instrument', 'patterns/LaB6_standard.xye', '--phase', 'structures/LaB6.cif', '--certified-a', '4.15689', '--divergence-slit', '0.5', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j.profile.U).toBeCloseTo(0.000244821, 8);
    expect(j.profile.W).toBeCloseTo(0.000914982, 8);
    expect(j.calibration.converged).toBe(true);
  }, 60_000);
});

describe('xrd instrument: a calibration that did not converge writes no file', () => {
  afterEach(() => { vi.doUnmock('../../src/rietveld/calibrate.js'); vi.resetModules(); process.exitCode = undefined; });

  it('exit 1 with one line, no instrument file', async () => {
    vi.resetModules();
    vi.doMock('../../src/rietveld/calibrate.js', async (orig) => {
      const real = await orig<typeof import('../../src/rietveld/calibrate.js')>();
      return {
        ...real,
        calibrateInstrument: (...a: Parameters<typeof real.calibrateInstrument>) => {
          const cal = real.calibrateInstrument(...a);
          return { ...cal, refinement: { ...cal.refinement, result: { ...cal.refinement.result, converged: false } } };
        },
      };
    });
    const { register } = await import('../../src/cli/commands/instrument.js');
    const program = new Command().exitOverride();
    register(program);
    const dir = tmp();
    const out = join(dir, 'i.json');
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['instrument', join(ROOT, 'patterns/LaB6_standard.xye'), '--phase', join(ROOT, 'structures/LaB6.cif'), '--out', out], { from: 'user' });
      expect(process.exitCode).toBe(1);
      const said = err.mock.calls.map((c) => String(c[0])).join('');
      expect(said).toMatch(/did NOT converge.*not written/);
      expect(said.trim().split('\n')).toHaveLength(1);
    } finally {
      err.mockRestore();
    }
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe('xrd instrument with a certified cell that is not the standard\'s', () => {
  it('says the peaks are not where that cell puts them, instead of "zero has no effect"', () => {
    const dir = tmp();
    const r = xrd('instrument', 'patterns/LaB6_standard.xye', '--phase', 'structures/LaB6.cif', '--certified-a', '4.3', '--out', join(dir, 'i.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/LaB6_standard\.xye: the standard's peaks are not where the certified a = 4\.3 A puts them .*: is the cell that of this standard/);
    expect(existsSync(join(dir, 'i.json'))).toBe(false);
  });
});
