/**
 * Encodings and file kinds: UTF-16 text is refused with one message in every text reader, a byte-order mark is
 * dropped before JSON, a .json instrument that is not an object says so, messages never carry control
 * characters, and only regular files are read (a device or FIFO would hang the reader).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, ParseError } from '../../src/errors.js';
import { readCifFile } from '../../src/io/cif/index.js';
import { readPatternFile } from '../../src/io/formats/index.js';
import { loadPatternFile } from '../../src/io/formats/load.js';
import { parseInstrument } from '../../src/io/instrument.js';
import { readTextFile } from '../../src/io/read-text-file.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(join(tmpdir(), 'xrd-robust-io-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CONTROL = /[\x00-\x1f\x7f]/;

/** UTF-16 bytes of a string, with or without a byte-order mark. */
function utf16(s: string, order: 'le' | 'be', bom: boolean): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  const units = (bom ? '\uFEFF' : '') + s;
  for (let i = 0; i < units.length; i++) {
    const c = units.charCodeAt(i);
    out[2 * i + (order === 'le' ? 0 : 1)] = c & 0xff;
    out[2 * i + (order === 'le' ? 1 : 0)] = c >> 8;
  }
  return out;
}

async function rejection(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('UTF-16 text', () => {
  const xye = '# Cu\n10 100 10\n10.02 120 11\n10.04 110 10.5\n';
  const ras = readFileSync(join(ROOT, 'test/fixtures/formats/synthetic/two_scans.ras'), 'latin1');

  for (const [order, bom] of [['le', true], ['be', true], ['le', false], ['be', false]] as const) {
    it(`pattern files (${order.toUpperCase()}${bom ? ' with' : ' without'} BOM, .xye and .ras): one message, no NUL`, () => {
      for (const [text, name] of [[xye, 'u.xye'], [ras, 'u.ras']]) {
        let err: ParseError | undefined;
        try {
          readPatternFile(utf16(text, order, bom), name);
        } catch (e) {
          err = e as ParseError;
        }
        expect(err).toBeInstanceOf(ParseError);
        expect(err!.message).toBe(`${name} (offset 0): file is UTF-16 encoded; save it as UTF-8`);
      }
    });
  }

  it('CIF, instrument and recipe files read through readTextFile', async () => {
    const cif = join(tmp, 'u16.cif');
    writeFileSync(cif, utf16(readFileSync(join(ROOT, 'structures/Si.cif'), 'utf8'), 'le', true));
    const e = await rejection(readCifFile(cif));
    expect(e.message).toBe(`${cif}: file is UTF-16 encoded; save it as UTF-8`);
    const inst = join(tmp, 'u16.json');
    writeFileSync(inst, utf16('{"zeroDeg": 0}', 'be', false));
    expect((await rejection(readTextFile(inst, 'instrument'))).message).toBe(`${inst}: instrument file is UTF-16 encoded; save it as UTF-8`);
  });

  it('a NUL byte in a text file is refused with its offset, not echoed', async () => {
    const f = join(tmp, 'nul.cif');
    writeFileSync(f, 'data_x\n_cell_length_a 5\0\n');
    const e = await rejection(readTextFile(f));
    expect(e.message).toBe(`${f} (offset 23): file holds a NUL byte: a binary file, not text`);
  });
});

describe('instrument files', () => {
  const good = '{"zeroDeg": -0.001, "goniometerRadiusMm": 240}';

  it('a UTF-8 byte-order mark before JSON is dropped (read from disk and as text)', async () => {
    expect(parseInstrument('\uFEFF' + good, 'i.json')).toEqual(parseInstrument(good, 'i.json'));
    const f = join(tmp, 'bom.json');
    writeFileSync(f, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(good)]));
    expect(parseInstrument(await readTextFile(f, 'instrument'), f).zeroDeg).toBe(-0.001);
  });

  it('a .json that is not an object says so, not a GSAS-II key:value complaint', () => {
    for (const text of ['[1,2]', 'null', '', '  \n', '42', '"x"']) {
      expect(() => parseInstrument(text, 'inst.json')).toThrow(/^inst\.json: instrument file must be a JSON object/);
    }
    expect(() => parseInstrument('[1]', 'inst.prm')).toThrow(/^inst\.prm: instrument file must be a JSON object/);
  });

  it('JSON syntax errors are one line without control characters', () => {
    for (const text of ['{"a": x}\n', '{"a":\n\t1,,}', '{\u0001}', '{"zeroDeg": 1\n\n\n']) {
      try {
        parseInstrument(text, 'bad.json');
        throw new Error('expected an error');
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        expect((e as Error).message).toMatch(/^bad\.json: not valid JSON: /);
        expect((e as Error).message).not.toMatch(CONTROL);
      }
    }
  });

  it('property: any text, with or without a BOM, fails (if at all) with one clean line', () => {
    const start = fc.constantFrom('', '{', '{"zeroDeg": ', 'Lam1:');
    fc.assert(
      fc.property(start, fc.string({ maxLength: 120, unit: 'binary' }), fc.boolean(), fc.constantFrom('i.json', 'i.instprm'), (head, s, bom, name) => {
        try {
          parseInstrument((bom ? '\uFEFF' : '') + head + s, name);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          expect((e as Error).message).not.toMatch(CONTROL);
        }
      }),
      { numRuns: 300, seed: 99 },
    );
  });
});

describe('only regular files are read', () => {
  it('a device, a FIFO and a folder are refused before reading (no hang)', async () => {
    expect((await rejection(loadPatternFile('/dev/zero'))).message).toBe('/dev/zero: cannot read pattern file: a device, not a regular file');
    expect((await rejection(readTextFile('/dev/zero', 'instrument'))).message).toBe('/dev/zero: cannot read instrument file: a device, not a regular file');
    expect((await rejection(readCifFile(tmp))).message).toBe(`${tmp}: cannot read file: a folder, not a regular file`);
    const fifo = join(tmp, 'pipe.xy');
    execFileSync('mkfifo', [fifo]);
    expect((await rejection(loadPatternFile(fifo))).message).toBe(`${fifo}: cannot read pattern file: a pipe (FIFO), not a regular file`);
    expect((await rejection(readTextFile(fifo, 'recipe'))).message).toMatch(/recipe file: a pipe/);
  }, 10_000);

  it('a missing file keeps its message', async () => {
    expect((await rejection(loadPatternFile(join(tmp, 'nope.xy')))).message).toMatch(/nope\.xy: cannot read pattern file: no such file$/);
    expect((await rejection(readTextFile(join(tmp, 'nope.yaml'), 'recipe'))).message).toMatch(/nope\.yaml: no such recipe file$/);
  });
});
