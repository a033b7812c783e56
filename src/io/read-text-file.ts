/**
 * Reading an input file from disk (Node only): a missing, unreadable or non-regular file is one InputError naming it.
 * node:fs is loaded on first use, so the modules that import this stay loadable in a browser bundle.
 */
import { InputError } from '../errors.js';
import { decodeText, utf16Encoding } from './formats/common.js';

/**
 * The file's bytes. Only a regular file is read: a device (/dev/zero), a FIFO or a folder is refused before
 * opening it, since reading one never ends or blocks until some other process writes.
 * `what` names the file in messages ("pattern file", "recipe file", "file"), `missing` is the message for a path
 * that does not exist.
 */
export async function readInputBytes(path: string, what = 'file', missing = `no such ${what}`): Promise<Uint8Array> {
  const { readFile, stat } = await import('node:fs/promises');
  try {
    const st = await stat(path);
    if (!st.isFile()) {
      const kind = st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a pipe (FIFO)' : st.isSocket() ? 'a socket' : 'a device';
      throw new InputError(`cannot read ${what}: ${kind}, not a regular file`, { file: path });
    }
    return new Uint8Array(await readFile(path));
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' || code === 'ENOTDIR' ? missing
      : code === 'EACCES' || code === 'EPERM' ? `cannot read ${what}: permission denied`
      : code === 'EISDIR' ? `cannot read ${what}: a folder, not a regular file`
      : `cannot read ${what} (${code ?? String(e)})`;
    throw new InputError(why, { file: path });
  }
}

/**
 * The file's text, UTF-8 without a leading byte-order mark; `kind` names the file in messages ("no such recipe
 * file"), none for a plain "file". UTF-16 text and files holding NUL bytes are refused: decoded as UTF-8 they
 * would reach the parsers (and their messages) as NUL-riddled text.
 */
export async function readTextFile(path: string, kind?: string): Promise<string> {
  const what = kind ? `${kind} file` : 'file';
  const bytes = await readInputBytes(path, what);
  if (utf16Encoding(bytes)) throw new InputError(`${what} is UTF-16 encoded; save it as UTF-8`, { file: path });
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new InputError(`${what} holds a NUL byte: a binary file, not text`, { file: path, offset: nul });
  return decodeText(bytes);
}
