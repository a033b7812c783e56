/**
 * What ships with the page: the CIFs of structures/ (as text), the example patterns of patterns/ (as
 * URLs, fetched when chosen) and the instrument calibrated on the LaB6 standard.
 */
import instrumentText from '../../patterns/instrument.json?raw';

const cifs = import.meta.glob<string>('../../structures/*.cif', { query: '?raw', import: 'default', eager: true });
const patterns = import.meta.glob<string>('../../patterns/*.xye', { query: '?url', import: 'default', eager: true });

const baseName = (path: string) => path.split('/').pop()!;

/** file name (Si.cif) -> CIF text, sorted by name */
export const BUNDLED_CIFS: ReadonlyMap<string, string> = new Map(
  Object.entries(cifs).map(([k, v]) => [baseName(k), v] as [string, string]).sort((a, b) => a[0].localeCompare(b[0])),
);

/** file name (dev_SiNi.xye) -> URL */
export const BUNDLED_PATTERNS: ReadonlyMap<string, string> = new Map(
  Object.entries(patterns).map(([k, v]) => [baseName(k), v] as [string, string]).sort((a, b) => a[0].localeCompare(b[0])),
);

export const BUNDLED_INSTRUMENT = { name: 'instrument.json', text: instrumentText };

export async function fetchBundledPattern(name: string): Promise<Uint8Array> {
  const url = BUNDLED_PATTERNS.get(name);
  if (!url) throw new Error(`no bundled pattern ${name}`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot load ${name}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}
