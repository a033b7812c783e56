/** Node-only: reads a pattern file from disk (kept apart so a browser bundle can skip it). */
import type { PatternFile } from '../pattern.js';
import { readInputBytes } from '../read-text-file.js';
import { readPatternFile } from './index.js';

export async function loadPatternFile(path: string): Promise<PatternFile> {
  return readPatternFile(await readInputBytes(path, 'pattern file', 'cannot read pattern file: no such file'), path);
}
