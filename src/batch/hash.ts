/**
 * The content key of one batch result: SHA-256 over the pattern's bytes, the recipe (canonical JSON of its
 * validated content, file paths left out), the bytes of every CIF and of the instrument file, the output
 * settings and, in a sequential run, the key of the previous pattern (its result is this one's start).
 * A rerun skips a pattern whose per-pattern JSON carries the same key.
 */
import { createHash } from 'node:crypto';
import type { Recipe } from '../recipe/schema.js';

/** bump when the meaning of a stored result changes */
export const BATCH_FORMAT = 'xrd-batch/1';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with keys sorted at every level, so equal content gives equal text. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** The part of the key shared by every pattern of a batch. */
export function recipeKey(recipe: Recipe, phases: { name: string; cifBytes: Uint8Array }[], instrumentBytes: Uint8Array | undefined, outputs: Record<string, unknown>): string {
  const content = {
    format: BATCH_FORMAT,
    recipe: { ...recipe, phases: undefined, instrument: undefined },
    phases: phases.map((p) => ({ name: p.name, cif: sha256(p.cifBytes) })),
    instrument: instrumentBytes ? sha256(instrumentBytes) : null,
    outputs,
  };
  return sha256(canonicalJson(content));
}

export function patternKey(recipeHash: string, patternBytes: Uint8Array, previousKey?: string): string {
  return sha256(`${recipeHash}\n${sha256(patternBytes)}\n${previousKey ?? ''}`);
}
