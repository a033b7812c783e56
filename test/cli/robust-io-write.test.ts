/**
 * writeAll is all or nothing: every target is checked before a byte is written, all temporaries are written
 * before any rename, and a failure at any step leaves neither temporaries nor the files of the failed run.
 * Failures the test cannot cause for real (a full disk, a rename failing part-way, EACCES as root) are
 * injected into node:fs/promises.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeAll } from '../../src/cli/io.js';

const hooks = vi.hoisted(() => ({
  write: undefined as ((path: string) => string | undefined) | undefined,
  rename: undefined as ((to: string) => string | undefined) | undefined,
  mkdir: undefined as ((path: string) => string | undefined) | undefined,
  renamed: [] as string[],
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const fail = (code: string, path: string) => Object.assign(new Error(`${code}: injected, '${path}'`), { code, path });
  return {
    ...real,
    writeFile: async (p: string, d: string | Uint8Array) => {
      const code = hooks.write?.(String(p));
      if (code) throw fail(code, String(p));
      return real.writeFile(p, d);
    },
    rename: async (from: string, to: string) => {
      const code = hooks.rename?.(String(to));
      if (code) throw fail(code, String(from));
      hooks.renamed.push(String(to));
      return real.rename(from, to);
    },
    mkdir: async (p: string, o: { recursive?: boolean }) => {
      const code = hooks.mkdir?.(String(p));
      if (code) throw fail(code, String(p));
      return real.mkdir(p, o);
    },
  };
});

const dirs: string[] = [];
afterEach(() => {
  hooks.write = hooks.rename = hooks.mkdir = undefined;
  hooks.renamed = [];
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'xrd-robust-write-'));
  dirs.push(d);
  return d;
}

/** The seven files of a refinement, the JSON among them. */
const outputs = (dir: string) =>
  ['r.report.md', 'r.report.txt', 'r.rietveld.svg', 'r.rietveld.png', 'r.curves.csv', 'Si.refined.cif', 'r.json'].map((n) => ({
    path: join(dir, n),
    data: n.endsWith('.png') ? new Uint8Array(1 << 16) : `${n}\n`,
  }));

describe('writeAll: all or nothing', () => {
  it('a target taken by a folder fails before anything is written (the black-box repro)', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'r.report.txt'));
    await expect(writeAll(outputs(dir))).rejects.toThrow(`${join(dir, 'r.report.txt')}: cannot write output: a folder of that name is in the way`);
    expect(readdirSync(dir)).toEqual(['r.report.txt']);
  });

  it('a folder that cannot be made (a file in the way) fails before the other folders get files', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'blocker'), 'a file where a folder is wanted');
    const files = [...outputs(join(dir, 'a')), { path: join(dir, 'blocker', 'plot.svg'), data: '<svg/>' }];
    await expect(writeAll(files)).rejects.toThrow(/blocker: cannot write output: a file stands where a folder is needed/);
    expect(readdirSync(join(dir, 'a'))).toEqual([]);
  });

  it('permission denied on a parent folder is said, with the folder (not "no such folder")', async () => {
    const dir = scratch();
    hooks.mkdir = (p) => (p.startsWith(join(dir, 'ro')) ? 'EACCES' : undefined);
    await expect(writeAll(outputs(join(dir, 'ro', 'out')))).rejects.toThrow(`${join(dir, 'ro', 'out')}: cannot write output: permission denied`);
  });

  it('a temporary that cannot be written: all temporaries removed, nothing renamed', async () => {
    const dir = scratch();
    hooks.write = (p) => (p.includes('.r.rietveld.png.') ? 'ENOSPC' : undefined);
    await expect(writeAll(outputs(dir))).rejects.toThrow(`${join(dir, 'r.rietveld.png')}: cannot write output: no space left on the device`);
    expect(readdirSync(dir)).toEqual([]);
    expect(hooks.renamed).toEqual([]);
  });

  it('a rename failing part-way: the files already renamed are removed again, the JSON never placed', async () => {
    const dir = scratch();
    hooks.rename = (to) => (to.endsWith('r.curves.csv') ? 'EIO' : undefined);
    await expect(writeAll(outputs(dir))).rejects.toThrow(`${join(dir, 'r.curves.csv')}: cannot write output: EIO`);
    expect(hooks.renamed.length).toBeGreaterThan(0); // some were in place before the failure
    expect(hooks.renamed).not.toContain(join(dir, 'r.json'));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('success: every file in place, the JSON renamed last, no temporary left', async () => {
    const dir = scratch();
    await writeAll(outputs(dir));
    expect(readdirSync(dir).sort()).toEqual(outputs(dir).map((f) => f.path.slice(dir.length + 1)).sort());
    expect(hooks.renamed.at(-1)).toBe(join(dir, 'r.json'));
  });
});
