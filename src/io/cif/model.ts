/**
 * The generic CIF data model: data blocks holding single-valued items and loops.
 * Tag look-ups are case-insensitive and treat "." like "_" (so the DDLm/mmCIF spelling
 * "_cell.length_a" finds "_cell_length_a" and vice versa).
 */

/** How a value was written: bare (unquoted), quoted, a semicolon text field, or a CIF2 list/table. */
export type CifValueKind = 'bare' | 'single-quoted' | 'double-quoted' | 'text-field' | 'list' | 'table';

export interface CifValue {
  /** The text without its delimiters (for lists and tables: the source text between the brackets). */
  text: string;
  kind: CifValueKind;
  /** 1-based line where the value starts. */
  line: number;
  /** CIF2 list elements or table values. */
  items?: CifValue[];
  /** CIF2 table keys, parallel to items. */
  keys?: string[];
}

export interface CifItem {
  /** The tag as written, e.g. "_cell_length_a". */
  tag: string;
  value: CifValue;
  /** Line of the tag. */
  line: number;
}

export interface CifLoop {
  /** Tags as written. */
  tags: string[];
  /** One array of values per row, in tag order. */
  rows: CifValue[][];
  /** Line of the loop_ keyword. */
  line: number;
}

/** Normalised key of a tag: lower case, "." replaced by "_". */
export function tagKey(tag: string): string {
  return tag.toLowerCase().replace(/\./g, '_');
}

/** True for the CIF null values: bare "?" (unknown) and bare "." (inapplicable). */
export function isNull(v: CifValue | undefined): boolean {
  return v === undefined || (v.kind === 'bare' && (v.text === '?' || v.text === '.'));
}

export class CifBlock {
  /** Single-valued items by tag key. */
  readonly items = new Map<string, CifItem>();
  readonly loops: CifLoop[] = [];
  /** Names of save frames seen in this block (their contents are not read). */
  readonly saveFrames: string[] = [];
  private readonly loopIndex = new Map<string, { loop: CifLoop; column: number }>();

  constructor(
    /** Block name without the "data_" prefix. */
    readonly name: string,
    /** Line of the data_ header (of the first item for an implicit block). */
    readonly line: number,
    /** True for items that came before any data_ header (a file without one). */
    readonly implicit = false,
  ) {}

  /** True when the tag occurs in this block, single-valued or in a loop. */
  has(tag: string): boolean {
    const k = tagKey(tag);
    return this.items.has(k) || this.loopIndex.has(k);
  }

  /** Line where the tag is defined (tag line or loop line), if present. */
  lineOf(tag: string): number | undefined {
    const k = tagKey(tag);
    return this.items.get(k)?.line ?? this.loopIndex.get(k)?.loop.line;
  }

  /**
   * The single value of a tag: a single-valued item, or a looped tag whose loop has exactly one row.
   * Undefined when absent.
   */
  value(tag: string): CifValue | undefined {
    const k = tagKey(tag);
    const item = this.items.get(k);
    if (item) return item.value;
    const l = this.loopIndex.get(k);
    if (l && l.loop.rows.length === 1) return l.loop.rows[0][l.column];
    return undefined;
  }

  /** The first of several alternative tags that is present, with its value. */
  firstValue(...tags: string[]): { tag: string; value: CifValue } | undefined {
    for (const t of tags) {
      const v = this.value(t);
      if (v !== undefined) return { tag: t, value: v };
    }
    return undefined;
  }

  /** The loop holding a tag and the tag's column in it. */
  loopOf(tag: string): { loop: CifLoop; column: number } | undefined {
    return this.loopIndex.get(tagKey(tag));
  }

  /** All values of a tag: the column of its loop, or the single value as a one-element list. */
  column(tag: string): CifValue[] | undefined {
    const k = tagKey(tag);
    const item = this.items.get(k);
    if (item) return [item.value];
    const l = this.loopIndex.get(k);
    return l ? l.loop.rows.map((r) => r[l.column]) : undefined;
  }

  /** Adds a single-valued item; returns false when the tag is already defined in this block. */
  addItem(item: CifItem): boolean {
    const k = tagKey(item.tag);
    if (this.has(k)) return false;
    this.items.set(k, item);
    return true;
  }

  /** Adds a loop; returns the first tag already defined in this block, if any (the loop is not added then). */
  addLoop(loop: CifLoop): string | undefined {
    const seen = new Set<string>();
    for (const t of loop.tags) {
      const k = tagKey(t);
      if (this.has(k) || seen.has(k)) return t;
      seen.add(k);
    }
    this.loops.push(loop);
    loop.tags.forEach((t, column) => this.loopIndex.set(tagKey(t), { loop, column }));
    return undefined;
  }
}
