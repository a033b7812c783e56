/**
 * CIF parser: tokens to data blocks (the generic model of ./model.ts).
 * Save frames are skipped (their names are recorded on the block), a global_ block is skipped
 * up to the next data_ header, and stop_ is ignored. Every syntax error is a ParseError with
 * the file and line. Items before any data_ header (files that have none) go into an implicit
 * block with an empty name and `implicit` set.
 */
import { ParseError } from '../../errors.js';
import { CifBlock, type CifLoop, type CifValue } from './model.js';
import { tokenize } from './tokenizer.js';

/** Parses CIF text into its data blocks, in file order. */
export function parseCifBlocks(text: string, fileName: string): CifBlock[] {
  const tokens = tokenize(text, fileName);
  const blocks: CifBlock[] = [];
  const fail = (msg: string, line: number): never => {
    throw new ParseError(msg, { file: fileName, line });
  };
  let block: CifBlock | undefined;
  let inGlobal = false;
  let saveFrame: { name: string; line: number } | undefined;

  let k = 0;
  while (k < tokens.length) {
    const t = tokens[k];
    switch (t.type) {
      case 'data': {
        if (saveFrame) fail(`save frame "${saveFrame.name}" opened at line ${saveFrame.line} is not closed before data_${t.text}`, t.line);
        block = new CifBlock(t.text, t.line);
        blocks.push(block);
        inGlobal = false;
        k++;
        break;
      }
      case 'global':
        inGlobal = true;
        block = undefined;
        k++;
        break;
      case 'save':
        if (t.text !== '') {
          if (saveFrame) fail(`save frame "${saveFrame.name}" opened at line ${saveFrame.line} is not closed`, t.line);
          saveFrame = { name: t.text, line: t.line };
          if (block && !inGlobal) block.saveFrames.push(t.text);
        } else {
          if (!saveFrame) fail('save_ without an open save frame', t.line);
          saveFrame = undefined;
        }
        k++;
        break;
      case 'stop':
        k++;
        break;
      case 'tag': {
        const next = tokens[k + 1];
        if (!next || next.type !== 'value') fail(`tag ${t.text} has no value`, t.line);
        const target = owner(t.line);
        if (target && !target.addItem({ tag: t.text, value: next.value!, line: t.line })) {
          fail(`tag ${t.text} is defined twice in data block "${target.name}"`, t.line);
        }
        k += 2;
        break;
      }
      case 'loop': {
        const loopLine = t.line;
        const tags: string[] = [];
        k++;
        while (k < tokens.length && tokens[k].type === 'tag') tags.push(tokens[k++].text);
        if (tags.length === 0) fail('loop_ without tags', loopLine);
        const values: CifValue[] = [];
        while (k < tokens.length && tokens[k].type === 'value') values.push(tokens[k++].value!);
        if (values.length % tags.length !== 0) {
          fail(loopCountMessage(tags, values, loopLine), culpritLine(tags.length, values, loopLine));
        }
        const rows: CifValue[][] = [];
        for (let r = 0; r < values.length; r += tags.length) rows.push(values.slice(r, r + tags.length));
        const loop: CifLoop = { tags, rows, line: loopLine };
        const target = owner(loopLine);
        if (target) {
          const dup = target.addLoop(loop);
          if (dup !== undefined) fail(`tag ${dup} is defined twice in data block "${target.name}"`, loopLine);
        }
        break;
      }
      case 'value':
        fail(`value "${short(t.text)}" without a tag`, t.line);
    }
  }
  if (saveFrame) fail(`save frame "${saveFrame.name}" is not closed`, saveFrame.line);
  return blocks;

  /** The block items go to, or undefined for items to skip (global_ block, save frames). */
  function owner(line: number): CifBlock | undefined {
    if (inGlobal || saveFrame) return undefined;
    if (!block) {
      // tolerated: a file without any data_ header (some program outputs) gets an implicit block
      block = new CifBlock('', line, true);
      blocks.push(block);
    }
    return block;
  }
}

function short(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 37)}...` : one;
}

function loopCountMessage(tags: string[], values: CifValue[], loopLine: number): string {
  const last = values.length ? values[values.length - 1].line : loopLine;
  return (
    `loop_ at line ${loopLine} (${tags[0]}${tags.length > 1 ? ', ...' : ''}) has ${values.length} values ` +
    `for ${tags.length} tags: not a whole number of rows (${values.length % tags.length} left over; values end at line ${last})`
  );
}

/**
 * Best guess of the line with the missing or extra value: when the first row sits on one line,
 * rows are taken to be one per line, and the first line whose number of values differs is named.
 * Otherwise the loop_ line.
 */
function culpritLine(nTags: number, values: CifValue[], loopLine: number): number {
  if (values.length < nTags) return values.length ? values[0].line : loopLine;
  const firstRowOneLine = values[0].line === values[nTags - 1].line && (nTags === values.length || values[nTags].line !== values[0].line);
  if (!firstRowOneLine) return loopLine;
  const perLine = new Map<number, number>();
  for (const v of values) perLine.set(v.line, (perLine.get(v.line) ?? 0) + 1);
  for (const [line, count] of perLine) if (count !== nTags) return line;
  return loopLine;
}
