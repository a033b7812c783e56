import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parseCifBlocks } from '../../src/io/cif/parser.js';
import { formatCifNumber, parseCifNumber } from '../../src/io/cif/numbers.js';
import { isNull } from '../../src/io/cif/model.js';

function parseError(text: string): ParseError {
  try {
    parseCifBlocks(text, 'x.cif');
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('CIF numbers with esds', () => {
  it.each([
    ['5.4311(5)', 5.4311, 0.0005],
    ['1.2e-3(2)', 0.0012, 0.0002],
    ['1.2E-3(2)', 0.0012, 0.0002],
    ['12(3)', 12, 3],
    ['-0.25(12)', -0.25, 0.12],
    ['.0090(11)', 0.009, 0.0011],
    ['4.71(0)', 4.71, 0],
    ['0.30668(16)', 0.30668, 0.00016],
    ['1.5e2(3)', 150, 30],
    ['+3.', 3, undefined],
    ['90', 90, undefined],
    ['1e5', 1e5, undefined],
  ])('%s', (text, value, esd) => {
    const n = parseCifNumber(text)!;
    expect(n.value).toBeCloseTo(value, 12);
    if (esd === undefined) expect(n.esd).toBeUndefined();
    else expect(n.esd).toBeCloseTo(esd, 14);
  });

  it.each(['?', '.', '', 'abc', '1.2.3', '1(2', '1e', '--1', '1e999', '0x10', '1/3', '5.4311 (5)'])('rejects "%s"', (t) => {
    expect(parseCifNumber(t)).toBeNull();
  });

  it.each([
    [5.4311, 0.0005, '5.4311(5)'],
    [70.17, 0.15, '70.17(15)'],
    [5.43059, 0.00014, '5.43059(14)'],
    [5.4302, 0.0003, '5.4302(3)'],
    [5.43299, 0.000163, '5.43299(16)'],
    [12.3, 3, '12(3)'],
    [1234, 25, '1230(30)'],
    [4.15689, undefined, '4.15689'],
    [90, undefined, '90'],
  ])('formats %s with esd %s as %s', (v, e, s) => {
    expect(formatCifNumber(v, e)).toBe(s);
  });
});

describe('CIF 1.1 syntax', () => {
  it('reads items, loops, quotes with embedded quotes, text fields, comments and nulls', () => {
    const text = [
      '#\\#CIF_1.1',
      '# a comment',
      'data_test   # trailing comment',
      "_publ_author_name 'Kuz'micheva, G M'",
      '_title "say "hi"there"',
      '_chemical_name_mineral Corundum#notacomment',
      '_unknown ?',
      '_inapplicable .',
      "_quoted_null '?'",
      '_text',
      ';',
      ' first line',
      'second; line',
      ';',
      'loop_',
      '_atom_site_label _atom_site_fract_x',
      "Si1 0.125 'O 1' 0.5(2)",
      '# comment inside the loop',
      'O2 .',
    ].join('\n');
    const [b] = parseCifBlocks(text, 'x.cif');
    expect(b.name).toBe('test');
    expect(b.line).toBe(3);
    expect(b.value('_publ_author_name')!.text).toBe("Kuz'micheva, G M");
    expect(b.value('_title')!.text).toBe('say "hi"there');
    expect(b.value('_chemical_name_mineral')!.text).toBe('Corundum#notacomment');
    expect(isNull(b.value('_unknown'))).toBe(true);
    expect(isNull(b.value('_inapplicable'))).toBe(true);
    expect(isNull(b.value('_quoted_null'))).toBe(false);
    expect(b.value('_text')!.text).toBe(' first line\nsecond; line');
    expect(b.value('_text')!.kind).toBe('text-field');
    const loop = b.loopOf('_atom_site_fract_x')!;
    expect(loop.loop.rows.map((r) => r.map((v) => v.text))).toEqual([
      ['Si1', '0.125'],
      ['O 1', '0.5(2)'],
      ['O2', '.'],
    ]);
    expect(loop.loop.rows[2][0].line).toBe(19);
    expect(b.column('_atom_site_label')!.map((v) => v.text)).toEqual(['Si1', 'O 1', 'O2']);
  });

  it('is case-insensitive in tags and reserved words and treats "." in tags like "_"', () => {
    const [b] = parseCifBlocks('DATA_Abc\n_Cell.Length_A 5.43\nLOOP_ _X 1 2\n', 'x.cif');
    expect(b.name).toBe('Abc');
    expect(b.value('_cell_length_a')!.text).toBe('5.43');
    expect(b.column('_x')!.length).toBe(2);
  });

  it('handles CRLF and CR line ends and a byte-order mark in line counting', () => {
    const crlf = '\uFEFFdata_a\r\n_a 1\r\n_b\r\n;\r\ntext\r\n;\r\n_c 3\r\n';
    const [b] = parseCifBlocks(crlf, 'x.cif');
    expect(b.value('_b')!.text).toBe('text');
    expect(b.lineOf('_c')).toBe(7);
    const [c] = parseCifBlocks('data_a\r_a 1\r_b 2\r', 'x.cif');
    expect(c.lineOf('_b')).toBe(3);
  });

  it('keeps several data blocks and skips global_ and save frames', () => {
    const text = [
      'global_',
      '_global_item 1',
      'data_one',
      '_a 1',
      'save_frame1',
      '_a 99',
      '_in_frame 2',
      'save_',
      '_b 2',
      'data_two',
      '_a 3',
      'stop_',
    ].join('\n');
    const blocks = parseCifBlocks(text, 'x.cif');
    expect(blocks.map((b) => b.name)).toEqual(['one', 'two']);
    expect(blocks[0].value('_a')!.text).toBe('1');
    expect(blocks[0].has('_in_frame')).toBe(false);
    expect(blocks[0].saveFrames).toEqual(['frame1']);
    expect(blocks[0].value('_b')!.text).toBe('2');
    expect(blocks[1].value('_a')!.text).toBe('3');
  });

  it('reads a data block named "global" (AMCSD files) as an ordinary block', () => {
    const [b] = parseCifBlocks('data_global\n_cell_length_a 4.05\n', 'x.cif');
    expect(b.name).toBe('global');
  });

  it('tolerates a CIF 1.1 bare value starting with "[" and reads CIF 2.0 lists, tables and triple quotes', () => {
    const [b1] = parseCifBlocks('data_a\n_formula [Fe(CN)6]\n', 'x.cif');
    expect(b1.value('_formula')!.text).toBe('[Fe(CN)6]');
    const text2 = "#\\#CIF_2.0\ndata_a\n_list [1 2 [3 'x y']]\n_table {'k':v 'n':[1 2]}\n_tq '''multi\nline'''\n_q 'it's'\n";
    expect(() => parseCifBlocks(text2, 'x.cif')).toThrow(ParseError); // CIF2: quote closes at the first '
    const ok = "#\\#CIF_2.0\ndata_a\n_list [1 2 [3 'x y']]\n_table {'k':v 'n':[1 2]}\n_tq '''multi\nline'''\n_after 5\n";
    const [b2] = parseCifBlocks(ok, 'x.cif');
    const list = b2.value('_list')!;
    expect(list.kind).toBe('list');
    expect(list.items!.map((v) => v.kind)).toEqual(['bare', 'bare', 'list']);
    expect(list.items![2].items![1].text).toBe('x y');
    const table = b2.value('_table')!;
    expect(table.keys).toEqual(['k', 'n']);
    expect(b2.value('_tq')!.text).toBe('multi\nline');
    expect(b2.lineOf('_after')).toBe(7);
  });

  it('reads items before any data_ header into an implicit block', () => {
    const blocks = parseCifBlocks('# no header\n_a 1\n_b 2\ndata_x\n_a 3\n', 'x.cif');
    expect(blocks.map((b) => [b.name, b.implicit, b.line])).toEqual([
      ['', true, 2],
      ['x', false, 4],
    ]);
    expect(blocks[0].value('_b')!.text).toBe('2');
  });

  it('returns no blocks for an empty or comment-only file', () => {
    expect(parseCifBlocks('', 'x.cif')).toEqual([]);
    expect(parseCifBlocks('# nothing\n\n', 'x.cif')).toEqual([]);
  });
});

describe('CIF syntax errors name the file and line', () => {
  it.each([
    ['unterminated single quote', "data_a\n_a 1\n_b 'abc\n_c 2\n", 3, /unterminated quoted string/],
    ['unterminated double quote', 'data_a\n_b "abc\n', 2, /unterminated quoted string/],
    ['unterminated text field', 'data_a\n_a 1\n_b\n;\ntext\nmore\n', 4, /unterminated text field/],
    ['loop count mismatch (row on line 6 short)', 'data_a\nloop_\n_x\n_y\n1 2\n3\n5 6\n', 6, /loop_ at line 2 .* 5 values for 2 tags/],
    ['tag without value', 'data_a\n_a\n_b 2\n', 2, /tag _a has no value/],
    ['value without tag', 'data_a\n_a 1 2\n', 2, /without a tag/],
    ['duplicate tag', 'data_a\n_a 1\n_A 2\n', 3, /defined twice/],
    ['loop without tags', 'data_a\nloop_\n1 2\n', 2, /loop_ without tags/],
    ['unclosed save frame', 'data_a\nsave_x\n_a 1\n', 2, /save frame "x" is not closed/],
    ['unterminated CIF2 list', '#\\#CIF_2.0\ndata_a\n_a [1 2\n', 3, /unterminated CIF2 list/],
  ])('%s', (_name, text, line, re) => {
    const e = parseError(text);
    expect(e.file).toBe('x.cif');
    expect(e.line).toBe(line);
    expect(e.message).toMatch(re);
    expect(e.message.startsWith(`x.cif:${line}: `)).toBe(true);
  });
});
