/**
 * ZIP containers (.brml, .rasx) through fflate. Only the members a reader asks for are
 * inflated, and a member announcing more than 512 MB is refused rather than allocated.
 */
import { unzipSync } from 'fflate';
import { ParseError } from '../../errors.js';
import { clip, fail } from './common.js';

const MAX_MEMBER = 512 * 1024 * 1024;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Names of the members, without inflating anything. */
export function zipNames(bytes: Uint8Array, file: string): string[] {
  const names: string[] = [];
  unzipMembers(bytes, file, (name) => {
    names.push(name);
    return false;
  });
  return names;
}

/** Inflates the members whose name passes `want`. */
export function unzipMembers(bytes: Uint8Array, file: string, want: (name: string) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, {
      filter: (f) => {
        if (!want(f.name)) return false;
        if (f.originalSize > MAX_MEMBER) fail(file, `ZIP member ${clip(f.name)} claims ${f.originalSize} bytes: refused`, { offset: 0 });
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ParseError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    fail(file, `damaged ZIP container: ${clip(msg, 200)}`, { offset: zipDirectoryOffset(bytes) });
  }
}

/** Offset of the end-of-central-directory record (where a damaged archive is read from), or 0. */
function zipDirectoryOffset(bytes: Uint8Array): number {
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 65557; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return i;
  }
  return 0;
}
