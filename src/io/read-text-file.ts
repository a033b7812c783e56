/**
 * Reading an input text file from disk (Node only): a missing or unreadable file is one InputError naming it.
 * node:fs is loaded on first use, so the modules that import this stay loadable in a browser bundle.
 */
import { InputError } from '../errors.js';

/** The file's text (UTF-8); `kind` names the file in messages ("no such recipe file"), none for a plain "file". */
export async function readTextFile(path: string, kind?: string): Promise<string> {
  const what = kind ? `${kind} file` : 'file';
  try {
    const { readFile } = await import('node:fs/promises');
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `no such ${what}` : `cannot read ${what} (${code ?? String(e)})`, { file: path });
  }
}
