/**
 * docs/recipes.md: every `yaml` and `json` block is a recipe that reads, validates and resolves from the
 * project folder (its CIFs and instrument exist), and refines a bundled pattern with its phases.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPatternFile, selectScan } from '../../src/io/formats/index.js';
import { loadRecipeText, phasesForPattern, refineOptionsFor } from '../../src/recipe/index.js';
import { refinePattern } from '../../src/rietveld/refine.js';
import { fencedBlocks } from './markdown.js';

const ROOT = join(__dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'recipes.md'), 'utf8');

/** a bundled pattern that holds these phases */
const PATTERN_OF: Record<string, string> = { 'Si,Ni': 'dev_SiNi', 'Si,Ti': 'dev_SiTi', 'Si,Cu': 'dev_SiCu', 'Si,Ag': 'dev_SiAg' };

describe('docs/recipes.md examples', () => {
  const blocks = fencedBlocks(DOC, ['yaml', 'json']);
  it('has examples in both formats', () => {
    expect(blocks.filter((b) => b.lang === 'yaml').length).toBeGreaterThanOrEqual(3);
    expect(blocks.filter((b) => b.lang === 'json').length).toBeGreaterThanOrEqual(2);
  });

  it.each(blocks.map((b) => [`${b.lang} block at line ${b.line}`, b] as const))('%s reads and refines', async (_name, b) => {
    const loaded = await loadRecipeText(b.text, { file: `docs/recipes.md:${b.line}`, baseDir: ROOT, format: b.lang as 'yaml' | 'json' });
    expect(loaded.structures.length).toBe(loaded.phases.length);
    const stem = Object.entries(PATTERN_OF).find(([phases, p]) => phasesForPattern(loaded.recipe, `${p}.xye`).join(',') === phases)?.[1];
    expect(stem, 'a bundled pattern with these phases').toBeDefined();
    const names = phasesForPattern(loaded.recipe, `${stem}.xye`);
    const pattern = selectScan(readPatternFile(new Uint8Array(readFileSync(join(ROOT, 'patterns', `${stem}.xye`))), `${stem}.xye`));
    const structures = names.map((n) => loaded.structures[loaded.phases.findIndex((p) => p.name === n)]);
    const { result } = refinePattern(pattern, structures, loaded.instrumentData, refineOptionsFor(loaded.recipe, names));
    expect(result.statistics.rwp).toBeLessThan(10);
  });
});
