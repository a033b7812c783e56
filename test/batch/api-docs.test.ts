/**
 * docs/api.md: every `ts` block runs as written (with 'xrd-engine' pointing at src/index.ts), from the project
 * folder, under tsx; the blocks assert their own results.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fencedBlocks } from '../recipe/markdown.js';

const ROOT = join(__dirname, '..', '..');
const blocks = fencedBlocks(readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8'), ['ts']);

function run(file: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', file], { cwd: ROOT });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code, out }));
  });
}

describe('docs/api.md examples', () => {
  it('has examples of loadRecipe and runBatch', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    expect(blocks.some((b) => b.text.includes('runBatch('))).toBe(true);
    expect(blocks.some((b) => b.text.includes('loadRecipe('))).toBe(true);
  });

  it('every ts block runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xrd-api-docs-'));
    const index = join(ROOT, 'src', 'index.ts');
    const runs = blocks.map((b, i) => {
      const file = join(dir, `example${i + 1}.mts`);
      writeFileSync(file, b.text.replace(/from 'xrd-engine'/g, `from ${JSON.stringify(index)}`));
      return run(file).then((r) => ({ ...r, line: b.line }));
    });
    for (const r of await Promise.all(runs)) expect(r.code, `docs/api.md block at line ${r.line}:\n${r.out}`).toBe(0);
  }, 120_000);
});
