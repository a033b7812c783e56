/**
 * Reads recipe text (JSON or YAML) into a plain value and a map from each key's path to its line, so that
 * the validator can name the key and the line of anything wrong.
 *
 * JSON is read by a small parser of our own that records where every key and array item starts (JSON.parse
 * gives no positions); YAML by the `yaml` package's document API, whose nodes carry source ranges, turned
 * into lines with its LineCounter.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { InputError } from '../errors.js';

export type PathPart = string | number;
export type RecipeFormat = 'json' | 'yaml';

export interface RecipeSource {
  format: RecipeFormat;
  value: unknown;
  /** 1-based line of the key (object member) or item (array element) at this path; the nearest known parent's line otherwise */
  lineOf(path: readonly PathPart[]): number;
}

const pathKey = (path: readonly PathPart[]) => JSON.stringify(path);

function locator(lines: Map<string, number>): (path: readonly PathPart[]) => number {
  return (path) => {
    for (let n = path.length; n > 0; n--) {
      const line = lines.get(pathKey(path.slice(0, n)));
      if (line !== undefined) return line;
    }
    return 1;
  };
}

/** The format from the file name (.json, .yaml, .yml), else from the text (JSON when it starts with '{'). */
export function detectRecipeFormat(text: string, file = ''): RecipeFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

export function parseRecipeSource(text: string, file: string, format: RecipeFormat = detectRecipeFormat(text, file)): RecipeSource {
  return format === 'json' ? parseJsonSource(text, file) : parseYamlSource(text, file);
}

// ---------------------------------------------------------------- YAML

function parseYamlSource(text: string, file: string): RecipeSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? lineCounter.linePos(err.pos[0]).line;
    throw new InputError(`YAML: ${err.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '')}`, { file, line });
  }
  const lines = new Map<string, number>();
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const walk = (node: unknown, path: PathPart[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as YamlNode | null;
        const key = isScalar(k) ? String(k.value) : String(k);
        const here = [...path, key];
        const start = (k as YamlNode | null)?.range?.[0] ?? (pair.value as YamlNode | null)?.range?.[0];
        if (start !== undefined) lines.set(pathKey(here), lineAt(start));
        walk(pair.value, here);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const here = [...path, i];
        const start = (item as YamlNode | null)?.range?.[0];
        if (start !== undefined) lines.set(pathKey(here), lineAt(start));
        walk(item, here);
      });
    }
  };
  walk(doc.contents, []);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new InputError(`YAML: ${(e as Error).message}`, { file });
  }
  return { format: 'yaml', value: value ?? null, lineOf: locator(lines) };
}

// ---------------------------------------------------------------- JSON

/** A strict JSON parser (RFC 8259) that records the line of every object key and array item. */
function parseJsonSource(text: string, file: string): RecipeSource {
  const lines = new Map<string, number>();
  // line starts, for offset -> line
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (msg: string, at = pos): never => {
    throw new InputError(`JSON: ${msg}`, { file, line: lineAt(Math.min(at, text.length)) });
  };
  const ws = () => {
    while (pos < text.length) {
      const c = text[pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') pos++;
      else break;
    }
  };
  const describe = (at: number) => (at >= text.length ? 'the end of the file' : `'${text[at]}'`);
  const str = (): string => {
    const start = pos;
    pos++; // opening quote
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        pos++;
        try {
          return JSON.parse(text.slice(start, pos)) as string;
        } catch {
          return fail('bad escape in string', start);
        }
      }
      if (c === 0x5c) pos += 2;
      else if (c < 0x20) return fail('control character or line break inside a string');
      else pos++;
    }
    return fail('unterminated string', start);
  };
  const value = (path: PathPart[], depth: number): unknown => {
    if (depth > 200) fail('nesting too deep');
    ws();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') fail(`expected a key in double quotes, found ${describe(pos)}`);
        const keyAt = pos;
        const key = str();
        if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`duplicate key '${key}'`, keyAt);
        const here = [...path, key];
        lines.set(pathKey(here), lineAt(keyAt));
        ws();
        if (text[pos] !== ':') fail(`expected ':' after key '${key}', found ${describe(pos)}`);
        pos++;
        Object.defineProperty(obj, key, { value: value(here, depth + 1), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return obj;
        }
        fail(`expected ',' or '}', found ${describe(pos)}`);
      }
    }
    if (c === '[') {
      pos++;
      const arr: unknown[] = [];
      ws();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        ws();
        const here = [...path, arr.length];
        lines.set(pathKey(here), lineAt(pos));
        arr.push(value(here, depth + 1));
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return arr;
        }
        fail(`expected ',' or ']', found ${describe(pos)}`);
      }
    }
    if (c === '"') return str();
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(pos, pos + 64));
    if (m && m[0].length > 0 && (c === '-' || (c >= '0' && c <= '9'))) {
      pos += m[0].length;
      return Number(m[0]);
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return v;
      }
    }
    return fail(`unexpected ${describe(pos)}`);
  };
  const v = value([], 0);
  ws();
  if (pos < text.length) fail(`unexpected ${describe(pos)} after the end of the recipe`);
  return { format: 'json', value: v, lineOf: locator(lines) };
}
