/**
 * The settings table and its indexes: by Hermann-Mauguin symbol (tolerant spelling), by number and
 * setting code, by Hall symbol.
 *
 * H-M normalisation: the setting suffix is split off at ':' (also a trailing " S"/" Z" for origin
 * choice 1/2, a trailing " H"/" R" for R groups, "origin choice 2"); then spaces and '_' are removed,
 * "2(1)" becomes "21", and the rest is compared case-insensitively ("P 1 21/c 1" = "P121/c1").
 * Accepted besides the table's own symbols: short monoclinic symbols ("P 21/c": the first setting,
 * unique axis b), full symbols ("P 21/n 21/m 21/a", "F 41/d -3 2/m"), cubic symbols without the bar
 * ("F d 3 m"), and the pre-2002 names of the 'e'-glide groups ("C m c a", "C c c a :1").
 * Without a suffix, a symbol shared by several settings means origin choice 2 / hexagonal axes.
 */
import { normaliseHall } from './hall.js';
import { SETTINGS_TEXT } from './settings-table.js';

export interface Setting {
  /** Index in the table, 0..529. */
  index: number;
  number: number;
  hall: string;
  /** H-M symbol of the setting, without suffix, e.g. "F d -3 m". */
  hm: string;
  /** Setting code of the table ("", "b1", "cab", "1", "2", "H", "R", "2ba-c" ...). */
  code: string;
  /** H-M symbol with the suffix that makes it unique, e.g. "F d -3 m :2", "R -3 c :H", "C m m e :ba-c". */
  symbol: string;
}

export const SETTINGS: Setting[] = [];
const exact = new Map<string, number>(); // compact symbol (+ ":" + suffix) -> index
const shared = new Map<string, number[]>(); // compact symbol -> all indexes using it
const byNumber = new Map<number, number[]>();
const byHall = new Map<string, number>();

const compact = (hm: string): string =>
  hm.replace(/(\d)\((\d)\)/g, '$1$2').replace(/[\s_]+/g, '').toLowerCase();

function share(key: string, index: number): void {
  const list = shared.get(key) ?? [];
  if (!list.includes(index)) list.push(index);
  shared.set(key, list);
}

/** Origin choice 2, then hexagonal axes, else the first setting. */
function preferred(list: number[]): number {
  return list.find((i) => SETTINGS[i].code.startsWith('2')) ?? list.find((i) => SETTINGS[i].code === 'H') ?? list[0];
}

function build(): void {
  const rows = SETTINGS_TEXT.trim().split('\n').map((line) => line.split('|'));
  const hmCount = new Map<string, number>();
  for (const [, , hm] of rows) hmCount.set(hm, (hmCount.get(hm) ?? 0) + 1);
  rows.forEach(([num, hall, hm, code, old], index) => {
    const number = Number(num);
    const suffix = (hmCount.get(hm) ?? 0) > 1 ? code : '';
    const s: Setting = { index, number, hall, hm, code, symbol: suffix ? `${hm} :${suffix}` : hm };
    SETTINGS.push(s);
    byNumber.set(number, [...(byNumber.get(number) ?? []), index]);
    const nh = normaliseHall(hall);
    if (!byHall.has(nh)) byHall.set(nh, index);
    const key = compact(hm);
    share(key, index);
    if (code) exact.set(`${key}:${code.toLowerCase()}`, index);
    if (old) {
      const ok = compact(old);
      share(ok, index);
      if (/^\d/.test(code) && !exact.has(`${ok}:${code[0]}`)) exact.set(`${ok}:${code[0]}`, index);
    }
  });
  // aliases: short monoclinic symbols, cubic symbols without the bar (only where not already taken)
  const aliases: [string, number][] = [];
  for (const s of SETTINGS) {
    if (s.number >= 3 && s.number <= 15) {
      const parts = s.hm.split(' ');
      const short = [parts[0], ...parts.slice(1).filter((p) => p !== '1')].join('');
      aliases.push([compact(short), s.index]);
    }
    if (s.number >= 195 && s.hm.includes('-3')) aliases.push([compact(s.hm.replace('-3', '3')), s.index]);
  }
  for (const [key, index] of aliases) {
    const list = shared.get(key);
    if (!list) shared.set(key, [index]);
    else if (SETTINGS[list[0]].number === SETTINGS[index].number && !list.includes(index)) list.push(index);
  }
}
build();

/** Splits "F d -3 m :2" / "R -3 c H" / "Fd-3mS" into symbol and lower-case suffix. */
function splitSuffix(input: string): [string, string] {
  let s = input.trim().replace(/^['"]|['"]$/g, '').replace(/\u2212/g, '-');
  let suffix = '';
  const choice = /\s*\(?\s*origin\s+choice\s*(\d)\s*\)?\s*$/i.exec(s);
  if (choice) return [s.slice(0, choice.index), choice[1]];
  const colon = s.indexOf(':');
  if (colon >= 0) {
    suffix = s.slice(colon + 1).trim();
    s = s.slice(0, colon).trim();
  } else {
    const m = /^(.*[^\sA-Z])\s*([HRSZ])$/.exec(s);
    if (m && s.length > 2 && (/[SZ]/.test(m[2]) || /^R/i.test(m[1]))) [s, suffix] = [m[1].trim(), m[2]];
  }
  suffix = suffix.toLowerCase();
  if (suffix === 's') suffix = '1';
  if (suffix === 'z') suffix = '2';
  return [s, suffix];
}

/** Variants of a full symbol with the "2/", "21/", "41/" ... parts of later or all positions dropped. */
function fullSymbolVariants(symbol: string): string[] {
  const tokens = symbol.replace(/_/g, '').trim().split(/\s+/);
  if (tokens.length < 3) return [];
  const drop = (t: string): string => t.replace(/^\d+\/(?=[a-z])/i, '');
  const later = [tokens[0], tokens[1], ...tokens.slice(2).map(drop)].join('');
  const all = [tokens[0], ...tokens.slice(1).map(drop)].join('');
  return [compact(later), compact(all)];
}

function resolveKey(key: string, suffix: string, input: string): number | undefined {
  const list = shared.get(key);
  if (!list) return undefined;
  if (!suffix) return preferred(list);
  const hit = exact.get(`${key}:${suffix}`);
  if (hit !== undefined) return hit;
  if (/^\d$/.test(suffix)) {
    const first = list.find((i) => SETTINGS[i].code.startsWith(suffix));
    if (first !== undefined) return first;
  }
  // a suffix on a symbol that has only one setting is harmless
  if (list.every((i) => SETTINGS[i].number === SETTINGS[list[0]].number && !/^[12HR]/.test(SETTINGS[i].code))) {
    return preferred(list);
  }
  throw new Error(
    `space group setting ":${suffix}" of "${input.trim()}" not recognised (known: ${list.map((i) => SETTINGS[i].symbol).join(', ')})`,
  );
}

/** Table index of an H-M symbol; throws when it is not recognised. */
export function findByHM(hm: string): number {
  const [symbol, suffix] = splitSuffix(hm);
  if (symbol === '') throw new Error(`empty space group symbol "${hm}"`);
  for (const key of [compact(symbol), ...fullSymbolVariants(symbol)]) {
    const i = resolveKey(key, suffix, hm);
    if (i !== undefined) return i;
  }
  throw new Error(`space group symbol "${hm.trim()}" not recognised`);
}

/** Table index of a number and optional setting (code such as "2", "H", "b1", "cab", or an H-M symbol). */
export function findByNumber(n: number, setting?: string): number {
  const list = byNumber.get(n);
  if (!list) throw new Error(`space group number ${n} not recognised (must be an integer 1-230)`);
  const code = (setting ?? '').trim().replace(/^:\s*/, '');
  if (!code) return preferred(list);
  const lc = code.toLowerCase();
  const hit = list.find((i) => SETTINGS[i].code.toLowerCase() === lc);
  if (hit !== undefined) return hit;
  if (/^\d$/.test(lc)) {
    const first = list.find((i) => SETTINGS[i].code.startsWith(lc));
    if (first !== undefined) return first;
  }
  let bySymbol: number | undefined;
  try {
    bySymbol = findByHM(code);
  } catch {
    bySymbol = undefined;
  }
  if (bySymbol !== undefined && SETTINGS[bySymbol].number === n) return bySymbol;
  throw new Error(
    `setting "${code}" of space group ${n} not recognised (known: ${list.map((i) => SETTINGS[i].code || '(standard)').join(', ')})`,
  );
}

/** Table index of a Hall symbol spelled as in the table (after normalisation), if any. */
export function findByHall(hall: string): number | undefined {
  return byHall.get(normaliseHall(hall));
}
