import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeAll } from '../../src/cli/io.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writeAll', () => {
  it('writes every file, the JSON last', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xrd-writeall-'));
    dirs.push(dir);
    await writeAll([{ path: join(dir, 'r.json'), data: '{}' }, { path: join(dir, 'a.txt'), data: 'a' }, { path: join(dir, 'b.svg'), data: new Uint8Array(1 << 20) }]);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.svg', 'r.json']);
  });

  it('when one file cannot be written: fails, writes no JSON and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xrd-writeall-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'blocker'), 'a file where a folder is wanted');
    const files = [
      { path: join(dir, 'big.csv'), data: new Uint8Array(8 << 20) },
      { path: join(dir, 'blocker', 'plot.svg'), data: '<svg/>' },
      { path: join(dir, 'other.png'), data: new Uint8Array(4 << 20) },
      { path: join(dir, 'r.json'), data: '{}' },
    ];
    await expect(writeAll(files)).rejects.toThrow(/cannot write output/);
    const left = readdirSync(dir);
    expect(left.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(left).not.toContain('r.json');
  });
});
