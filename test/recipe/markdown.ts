/** Fenced code blocks of a Markdown file, for the tests that run the docs' examples. */
export function fencedBlocks(markdown: string, langs: string[]): { lang: string; text: string; line: number }[] {
  const out: { lang: string; text: string; line: number }[] = [];
  for (const m of markdown.matchAll(/^```(\w+)[^\n]*\n([\s\S]*?)^```/gm)) {
    if (langs.includes(m[1])) out.push({ lang: m[1], text: m[2], line: markdown.slice(0, m.index).split('\n').length });
  }
  return out;
}
