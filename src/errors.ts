/**
 * The project's error types. Anything the user can fix (bad file, bad option, unknown element)
 * is an InputError: the CLI prints its one-line message and exits with status 2.
 */
export class InputError extends Error {
  /** File the problem is in, if any. */
  readonly file?: string;
  /** 1-based line number, if known. */
  readonly line?: number;
  /** Byte offset, for binary files, if known. */
  readonly offset?: number;

  constructor(message: string, where: { file?: string; line?: number; offset?: number } = {}) {
    const loc = where.file
      ? `${where.file}${where.line !== undefined ? `:${where.line}` : ''}${where.offset !== undefined ? ` (offset ${where.offset})` : ''}: `
      : '';
    super(loc + message);
    this.name = 'InputError';
    this.file = where.file;
    this.line = where.line;
    this.offset = where.offset;
  }
}

/** A file that cannot be parsed: a subclass so readers can be told apart from other input errors. */
export class ParseError extends InputError {
  constructor(message: string, where: { file?: string; line?: number; offset?: number } = {}) {
    super(message, where);
    this.name = 'ParseError';
  }
}

/**
 * A refinement setting that is wrong whatever the pattern (an instrument value out of range, a value set by name
 * outside its parameter's bounds, a cell that is not a cell): a batch refuses it once, before any refinement.
 */
export class SettingsError extends InputError {
  constructor(message: string, where: { file?: string; line?: number; offset?: number } = {}) {
    super(message, where);
    this.name = 'SettingsError';
  }
}

/** A refinement that cannot proceed (singular matrix, no peaks of a phase, divergence). */
export class RefinementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefinementError';
  }
}
