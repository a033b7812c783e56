/**
 * Every fixture, mutated and truncated: a reader either returns a valid pattern (finite values,
 * strictly increasing 2theta, sigma > 0) or throws a ParseError naming the file. No other
 * exception, no NaN, no hang. ZIP-based fixtures are also re-zipped with a mutated member so the
 * XML and data parsers inside are reached, not only the ZIP layer.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { readPatternFile } from '../../src/io/formats/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIX = resolve(here, '../fixtures/formats');

function fixtures(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...fixtures(p));
    else if (!/\.(md|py)$/i.test(f) && !/^LICENSE/.test(f)) out.push(p);
  }
  return out.sort();
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isText = (b: Uint8Array) => !b.subarray(0, 4096).includes(0) && !isZip(b);

/** Asserts the outcome contract; returns 'ok' or 'error' for the statistics. */
function check(bytes: Uint8Array, name: string): 'ok' | 'error' {
  const t0 = performance.now();
  let outcome: 'ok' | 'error';
  try {
    const pf = readPatternFile(bytes, name);
    expect(pf.scans.length).toBeGreaterThan(0);
    for (const p of pf.scans) {
      const n = p.twoTheta.length;
      expect(n).toBeGreaterThan(0);
      expect(p.counts.length).toBe(n);
      expect(p.sigma.length).toBe(n);
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(p.twoTheta[i]) || !Number.isFinite(p.counts[i]) || !(p.sigma[i] > 0) || !Number.isFinite(p.sigma[i])) {
          throw new Error(`invalid point ${i}: ${p.twoTheta[i]} ${p.counts[i]} ${p.sigma[i]}`);
        }
        if (i && !(p.twoTheta[i] > p.twoTheta[i - 1])) throw new Error(`2theta not increasing at ${i}`);
      }
      for (const w of p.meta.wavelengths ?? []) expect(Number.isFinite(w.lambda) && Number.isFinite(w.weight)).toBe(true);
    }
    outcome = 'ok';
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    expect(e.message).toContain(name);
    // not the safety net of readPatternFile: the reader itself must have said what is wrong
    expect(e.message).not.toMatch(/: cannot read as /);
    expect(e.line !== undefined || e.offset !== undefined).toBe(true);
    outcome = 'error';
  }
  expect(performance.now() - t0).toBeLessThan(3000);
  return outcome;
}

// ------------------------------------------------------------------ mutations

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; edits: { at: number; value: number }[] }
  | { kind: 'splice'; at: number; del: number; ins: number[] };

const byteMutation = (len: number): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat({ max: Math.max(0, len - 1) }) }),
    fc.record({
      kind: fc.constant('flip' as const),
      edits: fc.array(fc.record({ at: fc.nat({ max: Math.max(0, len - 1) }), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }),
    }),
    fc.record({
      kind: fc.constant('splice' as const),
      at: fc.nat({ max: len }),
      del: fc.nat({ max: 64 }),
      ins: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 16 }),
    }),
  );

function applyBytes(b: Uint8Array, m: Mutation): Uint8Array {
  if (m.kind === 'truncate') return b.slice(0, m.at);
  if (m.kind === 'flip') {
    const c = b.slice();
    for (const e of m.edits) if (e.at < c.length) c[e.at] = e.value;
    return c;
  }
  const out = new Uint8Array(b.length - Math.min(m.del, b.length - m.at) + m.ins.length);
  out.set(b.subarray(0, m.at), 0);
  out.set(m.ins, m.at);
  out.set(b.subarray(Math.min(b.length, m.at + m.del)), m.at + m.ins.length);
  return out;
}

/** Text-level edits: a number token replaced by a nasty value, lines duplicated, swapped, dropped. */
type TextEdit = { kind: 'token'; pick: number; value: string } | { kind: 'line'; op: 'dup' | 'swap' | 'drop' | 'truncate'; a: number; b: number };

const NASTY = ['nan', 'NaN', 'inf', '-Infinity', '1e999', '-1e999', '', '-', '1.2.3', '0', '-5', '1e-320', '99999999999', '0x10', '"', '<', '&amp;', ',', ';'];

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ kind: fc.constant('token' as const), pick: fc.nat(), value: fc.constantFrom(...NASTY) }),
  fc.record({ kind: fc.constant('line' as const), op: fc.constantFrom('dup' as const, 'swap' as const, 'drop' as const, 'truncate' as const), a: fc.nat(), b: fc.nat() }),
);

function applyText(s: string, edits: TextEdit[]): string {
  let t = s;
  for (const e of edits) {
    if (e.kind === 'token') {
      const re = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
      const hits: [number, number][] = [];
      let m: RegExpExecArray | null;
      while ((m = re.exec(t)) && hits.length < 100000) hits.push([m.index, m[0].length]);
      if (!hits.length) continue;
      const [i, n] = hits[e.pick % hits.length];
      t = t.slice(0, i) + e.value + t.slice(i + n);
    } else {
      const lines = t.split('\n');
      const a = e.a % lines.length;
      const b = e.b % lines.length;
      if (e.op === 'dup') lines.splice(a, 0, lines[a]);
      else if (e.op === 'swap') [lines[a], lines[b]] = [lines[b], lines[a]];
      else if (e.op === 'drop') lines.splice(a, 1);
      else lines[a] = lines[a].slice(0, b % (lines[a].length + 1));
      t = lines.join('\n');
    }
  }
  return t;
}

// ------------------------------------------------------------------ properties

const files = fixtures(FIX);
/** XRD_FUZZ=N multiplies the runs and draws fresh seeds, for a longer local search. */
const FUZZ = Number(process.env.XRD_FUZZ ?? 0);
const seed = (s: number) => (FUZZ ? Math.floor(Math.random() * 2 ** 31) : s);
const scale = (n: number) => (FUZZ ? n * FUZZ : n);

describe('readers never fail except with a ParseError naming the file', () => {
  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const path of files) {
    const name = basename(path);
    const bytes = new Uint8Array(readFileSync(path));
    const zip = isZip(bytes);
    const runs = scale(zip ? 30 : bytes.length > 20000 ? 60 : 150);

    it(`${name}: the unmutated file reads`, () => {
      expect(check(bytes, name)).toBe('ok');
    });

    it(`${name}: byte mutations and truncations`, () => {
      fc.assert(
        fc.property(byteMutation(bytes.length), (m) => {
          check(applyBytes(bytes, m), name);
        }),
        { numRuns: runs, seed: seed(20240605) },
      );
    });

    if (isText(bytes)) {
      it(`${name}: text edits (nasty numbers, lines duplicated, swapped, dropped, cut)`, () => {
        const s = new TextDecoder().decode(bytes);
        fc.assert(
          fc.property(fc.array(textEdit, { minLength: 1, maxLength: 4 }), (edits) => {
            check(new TextEncoder().encode(applyText(s, edits)), name);
          }),
          { numRuns: runs, seed: seed(7) },
        );
      });
    }

    if (zip) {
      it(`${name}: members edited inside the ZIP`, () => {
        const members = unzipSync(bytes);
        const textual = Object.keys(members).filter((k) => /RawData\d*\.xml$|Profile\d*\.txt$|Conditions\d*\.xml$/i.test(k));
        fc.assert(
          fc.property(fc.nat(), fc.array(textEdit, { minLength: 1, maxLength: 3 }), (pick, edits) => {
            const key = textual[pick % textual.length];
            const edited = { ...members, [key]: strToU8(applyText(strFromU8(members[key]), edits)) };
            check(zipSync(edited, { level: 0 }), name);
          }),
          { numRuns: scale(25), seed: seed(11) },
        );
      });
    }
  }
});
