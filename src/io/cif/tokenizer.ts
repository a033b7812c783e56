/**
 * CIF tokenizer (CIF 1.1 syntax, with the CIF 2.0 extensions read when the file starts with
 * the "#\#CIF_2.0" magic code).
 *
 * CIF 1.1 rules followed here:
 * - "#" starts a comment only at the start of a token (after whitespace or at a line start);
 * - a quoted string opened by ' or " ends at the same quote character followed by whitespace or
 *   the end of the line, so "'Kuz'micheva, G M'" is one value; it may not span lines;
 * - a ";" in column 1 opens a text field that runs to the next line starting with ";";
 * - tokens starting with "_" are tags; data_, save_, loop_, global_ and stop_ are reserved
 *   (case-insensitive);
 * - "?" and "." unquoted are the null values (the parser keeps them, the mapper interprets them).
 * In CIF 2.0 files quoted strings end at the first matching quote, triple-quoted strings may span
 * lines, and [ ] lists and { } tables are read as structured values. In CIF 1.1 files a bare value
 * starting with "[" is read as an ordinary word (tolerated, as many older files do this).
 */
import { ParseError } from '../../errors.js';
import type { CifValue } from './model.js';

export type TokenType = 'data' | 'save' | 'loop' | 'global' | 'stop' | 'tag' | 'value';

export interface Token {
  type: TokenType;
  /** Tag name, block/frame name (after data_/save_), or the value text. */
  text: string;
  line: number;
  /** Set for type 'value'. */
  value?: CifValue;
}

const isWs = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

export function isCif2(text: string): boolean {
  return /^\uFEFF?#\\#CIF_2\.0(?:[ \t\r\n]|$)/.test(text);
}

/** Splits CIF text into tokens; throws ParseError (with file and line) on lexical errors. */
export function tokenize(text: string, fileName: string): Token[] {
  const cif2 = isCif2(text);
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = s.length;
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let bol = true; // at the beginning of a line
  const fail = (msg: string, at: number): never => {
    throw new ParseError(msg, { file: fileName, line: at });
  };

  /** Index of the end of the current line (position of \n or \r, or n). */
  const eolFrom = (p: number): number => {
    while (p < n && s[p] !== '\n' && s[p] !== '\r') p++;
    return p;
  };
  /** Skips one line break at p (\r\n, \n or \r); returns the new position. */
  const skipEol = (p: number): number => {
    if (s[p] === '\r' && s[p + 1] === '\n') return p + 2;
    return p + 1;
  };

  const readTextField = (): CifValue => {
    const startLine = line;
    const parts: string[] = [];
    let p = i + 1;
    let e = eolFrom(p);
    parts.push(s.slice(p, e));
    for (;;) {
      if (e >= n) fail(`unterminated text field (";" at line ${startLine} is never closed)`, startLine);
      p = skipEol(e);
      line++;
      if (s[p] === ';') {
        i = p + 1;
        bol = false;
        break;
      }
      e = eolFrom(p);
      parts.push(s.slice(p, e));
    }
    // the first line is usually empty: the value starts on the line after the opening ";"
    if (parts.length > 1 && parts[0].trim() === '') parts.shift();
    return { text: parts.join('\n'), kind: 'text-field', line: startLine };
  };

  const readQuoted = (): CifValue => {
    const q = s[i];
    const startLine = line;
    const kind = q === "'" ? 'single-quoted' : 'double-quoted';
    if (cif2 && s[i + 1] === q && s[i + 2] === q) {
      // CIF2 triple-quoted string, may span lines
      const close = s.indexOf(q + q + q, i + 3);
      if (close < 0) fail(`unterminated triple-quoted string`, startLine);
      const body = s.slice(i + 3, close);
      for (const ch of body) if (ch === '\n') line++;
      i = close + 3;
      bol = false;
      return { text: body, kind, line: startLine };
    }
    let p = i + 1;
    for (;;) {
      if (p >= n || s[p] === '\n' || s[p] === '\r') fail(`unterminated quoted string (missing closing ${q})`, startLine);
      if (s[p] === q && (cif2 || p + 1 >= n || isWs(s[p + 1]))) break;
      p++;
    }
    const body = s.slice(i + 1, p);
    i = p + 1;
    bol = false;
    return { text: body, kind, line: startLine };
  };

  const skipWsAndComments = (): void => {
    while (i < n) {
      const c = s[i];
      if (c === '\n' || c === '\r') {
        i = skipEol(i);
        line++;
        bol = true;
      } else if (isWs(c)) {
        i++;
        bol = false;
      } else if (c === '#') {
        i = eolFrom(i);
      } else return;
    }
  };

  const bareEnd = (p: number): number => {
    while (p < n && !isWs(s[p]) && !(cif2 && (s[p] === '[' || s[p] === ']' || s[p] === '{' || s[p] === '}'))) p++;
    return p;
  };

  /** Reads one CIF2 value inside a list or table (quoted, bare, nested list/table; no text fields). */
  const readCif2Value = (depth: number): CifValue => {
    if (depth > 64) fail('CIF2 lists nested too deeply', line);
    const c = s[i];
    if (c === ';' && bol) return readTextField();
    if (c === "'" || c === '"') return readQuoted();
    if (c === '[' || c === '{') return readCompound(depth + 1);
    const start = i;
    const e = bareEnd(i);
    if (e === start) fail(`unexpected "${c}"`, line);
    i = e;
    bol = false;
    return { text: s.slice(start, e), kind: 'bare', line };
  };

  const readCompound = (depth: number): CifValue => {
    const open = s[i];
    const close = open === '[' ? ']' : '}';
    const startLine = line;
    const start = i;
    i++;
    bol = false;
    const items: CifValue[] = [];
    const keys: string[] = [];
    for (;;) {
      skipWsAndComments();
      if (i >= n) fail(`unterminated CIF2 ${open === '[' ? 'list' : 'table'} (opened with "${open}")`, startLine);
      if (s[i] === close) {
        i++;
        break;
      }
      if (s[i] === ']' || s[i] === '}') fail(`unexpected "${s[i]}"`, line);
      if (open === '{') {
        // key: quoted string followed immediately by ':'
        const q = s[i];
        if (q !== "'" && q !== '"') fail('CIF2 table key must be a quoted string', line);
        const keyEnd = s.indexOf(q, i + 1);
        if (keyEnd < 0 || s[keyEnd + 1] !== ':') fail('CIF2 table key must be a quoted string followed by ":"', line);
        keys.push(s.slice(i + 1, keyEnd));
        i = keyEnd + 2;
        skipWsAndComments();
        if (i >= n) fail('CIF2 table entry without a value', line);
      }
      items.push(readCif2Value(depth));
    }
    const value: CifValue = { text: s.slice(start + 1, i - 1), kind: open === '[' ? 'list' : 'table', line: startLine, items };
    if (open === '{') value.keys = keys;
    return value;
  };

  for (;;) {
    skipWsAndComments();
    if (i >= n) break;
    const c = s[i];
    const startLine = line;
    if (c === ';' && bol) {
      tokens.push({ type: 'value', text: '', line: startLine, value: readTextField() });
      tokens[tokens.length - 1].text = tokens[tokens.length - 1].value!.text;
      continue;
    }
    if (c === "'" || c === '"') {
      const v = readQuoted();
      tokens.push({ type: 'value', text: v.text, line: startLine, value: v });
      continue;
    }
    if (cif2 && (c === '[' || c === '{')) {
      const v = readCompound(1);
      tokens.push({ type: 'value', text: v.text, line: startLine, value: v });
      continue;
    }
    if (cif2 && (c === ']' || c === '}')) fail(`unexpected "${c}"`, startLine);
    const start = i;
    const e = bareEnd(i);
    i = e;
    bol = false;
    const word = s.slice(start, e);
    const lower = word.toLowerCase();
    if (word[0] === '_') tokens.push({ type: 'tag', text: word, line: startLine });
    else if (lower.startsWith('data_')) tokens.push({ type: 'data', text: word.slice(5), line: startLine });
    else if (lower.startsWith('save_')) tokens.push({ type: 'save', text: word.slice(5), line: startLine });
    else if (lower === 'loop_') tokens.push({ type: 'loop', text: word, line: startLine });
    else if (lower === 'global_') tokens.push({ type: 'global', text: word, line: startLine });
    else if (lower === 'stop_') tokens.push({ type: 'stop', text: word, line: startLine });
    else tokens.push({ type: 'value', text: word, line: startLine, value: { text: word, kind: 'bare', line: startLine } });
  }
  return tokens;
}
