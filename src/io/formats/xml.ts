/**
 * Small helpers over fast-xml-parser for the XML-based formats (.xrdml, .brml, .rasx).
 * Malformed XML becomes a ParseError with the line the validator reports; lookups never throw
 * on a missing or oddly shaped node, they return undefined.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { clip, fail } from './common.js';

/** A parsed element: attributes as "@_name", text as "#text", children by tag name. */
export type XNode = Record<string, unknown>;

export function parseXml(text: string, file: string, arrayTags: ReadonlySet<string> = new Set()): XNode {
  const v = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (v !== true) {
    fail(file, `malformed XML: ${clip(v.err.msg, 200)}`, { line: v.err.line });
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (name) => arrayTags.has(name),
  });
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (e) {
    // the validator let it through but the parser did not (e.g. a broken <?xml ...?> head)
    const msg = e instanceof Error ? e.message : String(e);
    const line = Number(/line[: ]+(\d+)/i.exec(msg)?.[1] ?? 1);
    fail(file, `malformed XML: ${clip(msg, 200)}`, { line });
  }
  if (!doc || typeof doc !== 'object') fail(file, 'empty XML document', { line: 1 });
  return doc as XNode;
}

export function isNode(v: unknown): v is XNode {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The child (first one when repeated) at a path of tag names. */
export function child(node: unknown, ...path: string[]): XNode | undefined {
  let cur: unknown = node;
  for (const p of path) {
    if (!isNode(cur)) return undefined;
    let next = cur[p];
    if (Array.isArray(next)) next = next[0];
    if (typeof next === 'string' || typeof next === 'number') next = { '#text': String(next) };
    if (next === '' || next === undefined || next === null) return next === '' ? { '#text': '' } : undefined;
    cur = next;
  }
  return isNode(cur) ? cur : undefined;
}

/** All children with a tag name, as an array of nodes. */
export function children(node: unknown, tag: string): XNode[] {
  if (!isNode(node)) return [];
  const v = node[tag];
  const arr = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return arr.map((x) => (isNode(x) ? x : { '#text': x === null || x === undefined ? '' : String(x) }));
}

/** Text content of a node (or of the child at a path), trimmed; undefined when absent. */
export function text(node: unknown, ...path: string[]): string | undefined {
  const n = path.length ? child(node, ...path) : isNode(node) ? node : undefined;
  if (!n) return typeof node === 'string' && !path.length ? node : undefined;
  const t = n['#text'];
  return t === undefined || t === null ? (Object.keys(n).length ? undefined : '') : String(t).trim();
}

export function attr(node: unknown, name: string): string | undefined {
  if (!isNode(node)) return undefined;
  const v = node[`@_${name}`];
  return v === undefined || v === null ? undefined : String(v);
}

/** Depth-first visit of every element node under `node` (with its tag name). */
export function walk(node: unknown, visit: (tag: string, n: XNode) => void, tag = ''): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit, tag);
    return;
  }
  if (!isNode(node)) return;
  visit(tag, node);
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('@_') || k === '#text') continue;
    walk(v, visit, k);
  }
}
