/**
 * writeAll never replaces what is not a regular file (a rename over a device, a pipe, a socket or a symbolic link
 * replaces it: as root `--json /dev/null` once replaced the device), never writes over one of the command's inputs,
 * uses a short temporary name (a long output name that fits must not fail for its temporary's sake, and no
 * message names the temporary), and removes a folder it made for a write that then failed.
 * Everything happens under a scratch folder: no real device or system path is touched.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { removeStaleTemporaries } from '../../src/batch/run.js';
import { writeAll } from '../../src/cli/io.js';

const hooks = vi.hoisted(() => ({ renamedFrom: [] as string[] }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    rename: async (from: string, to: string) => {
      hooks.renamedFrom.push(String(from));
      return real.rename(from, to);
    },
  };
});

const dirs: string[] = [];
afterEach(() => {
  hooks.renamedFrom = [];
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'xrd-robust-out-'));
  dirs.push(d);
  return d;
}

describe('targets that are not regular files', () => {
  it('a symbolic link is refused and left as it is, with the file it points to', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'real.json'), 'keep');
    symlinkSync(join(dir, 'real.json'), join(dir, 'link.json'));
    await expect(writeAll([{ path: join(dir, 'link.json'), data: 'new' }])).rejects.toThrow(`${join(dir, 'link.json')}: cannot write output: a symbolic link is in the way`);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('keep');
  });

  it.skipIf(spawnSync('mkfifo', ['--version']).status !== 0)('a named pipe is refused before any other output is written', async () => {
    const dir = scratch();
    expect(spawnSync('mkfifo', [join(dir, 'pipe.json')]).status).toBe(0);
    const files = [{ path: join(dir, 'r.txt'), data: 'report' }, { path: join(dir, 'pipe.json'), data: '{}' }];
    await expect(writeAll(files)).rejects.toThrow(`${join(dir, 'pipe.json')}: cannot write output: a named pipe (FIFO) is in the way`);
    expect(lstatSync(join(dir, 'pipe.json')).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe.json']);
  });

  it('a socket is refused', async () => {
    const dir = scratch();
    const sock = join(dir, 's.json');
    const server: Server = createServer();
    await new Promise<void>((ok) => server.listen(sock, ok));
    try {
      await expect(writeAll([{ path: sock, data: '{}' }])).rejects.toThrow(`${sock}: cannot write output: a socket is in the way`);
      expect(lstatSync(sock).isSocket()).toBe(true);
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });

  it('a regular file is still replaced', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'old.json'), 'old');
    await writeAll([{ path: join(dir, 'old.json'), data: 'new' }]);
    expect(readFileSync(join(dir, 'old.json'), 'utf8')).toBe('new');
  });
});

describe('targets that are inputs', () => {
  it('an output path equal to an input is refused and the input kept', async () => {
    const dir = scratch();
    const p = join(dir, 'p.xye');
    writeFileSync(p, '10 1 1\n');
    await expect(writeAll([{ path: join(dir, 'r.txt'), data: 'x' }, { path: p, data: '{}' }], [p])).rejects.toThrow(`${p}: cannot write output: it is an input of this command`);
    expect(readFileSync(p, 'utf8')).toBe('10 1 1\n');
    expect(readdirSync(dir)).toEqual(['p.xye']);
  });

  it('the same file under another name (a hard link, a relative path, a symlinked folder) is refused too', async () => {
    const dir = scratch();
    const p = join(dir, 'p.xye');
    writeFileSync(p, 'data');
    linkSync(p, join(dir, 'hard.xye'));
    symlinkSync(dir, join(dir, 'alias'));
    for (const out of [join(dir, 'hard.xye'), join(dir, 'alias', 'p.xye'), join(dir, '.', 'p.xye')]) {
      await expect(writeAll([{ path: out, data: '{}' }], [p])).rejects.toThrow(/cannot write output: it is an input of this command/);
    }
    expect(readFileSync(p, 'utf8')).toBe('data');
  });

  it('inputs that do not exist or are elsewhere do not stop the write', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'in.xye'), 'data');
    await writeAll([{ path: join(dir, 'out.json'), data: '{}' }], [join(dir, 'in.xye'), join(dir, 'missing.cif')]);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('{}');
  });
});

describe('temporary names', () => {
  it('an output name of 250 characters is written (its temporary is short)', async () => {
    const dir = scratch();
    const name = `${'a'.repeat(245)}.json`;
    await writeAll([{ path: join(dir, name), data: '{}' }]);
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('a long name of multi-byte characters is written too (the temporary cuts whole characters)', async () => {
    const dir = scratch();
    const name = `${'\u{1F600}'.repeat(60)}.json`; // 245 bytes in UTF-8
    await writeAll([{ path: join(dir, name), data: '{}' }]);
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('a name too long for the file system is said naming the output, not the temporary', async () => {
    const dir = scratch();
    const path = join(dir, `${'b'.repeat(300)}.json`);
    const e = await writeAll([{ path, data: '{}' }]).then(() => undefined, (x: Error) => x);
    expect(e?.message).toBe(`${path}: cannot write output: the file name is too long`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the temporary is short and a leftover one is recognised by the batch cleanup', async () => {
    const dir = scratch();
    await writeAll([{ path: join(dir, `${'c'.repeat(200)}.json`), data: '{}' }]);
    const tmp = basename(hooks.renamedFrom[0]);
    expect(tmp).toMatch(new RegExp(`^\\.${'c'.repeat(40)}\\.${process.pid}\\.[0-9a-f]{8}\\.tmp$`));
    writeFileSync(join(dir, tmp), 'left by a killed run');
    expect(await removeStaleTemporaries(dir, true)).toBe(1);
  });
});

describe('folders made for a failed write', () => {
  it('are removed again when empty', async () => {
    const dir = scratch();
    const path = join(dir, 'new', 'sub', `${'d'.repeat(300)}.json`);
    await expect(writeAll([{ path, data: '{}' }])).rejects.toThrow(/too long/);
    expect(existsSync(join(dir, 'new'))).toBe(false);
  });

  it('a folder that was there before stays', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'old'));
    await expect(writeAll([{ path: join(dir, 'old', `${'e'.repeat(300)}.json`), data: '{}' }])).rejects.toThrow(/too long/);
    expect(existsSync(join(dir, 'old'))).toBe(true);
  });
});
