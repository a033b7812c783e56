/**
 * The `xrd` command. Each subcommand lives in ./commands/<name>.ts and exports `register(program)`.
 * Errors the user can fix (InputError) print one line and exit 2; nothing prints a stack trace.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { InputError, RefinementError } from '../errors.js';
import { projectFile } from '../paths.js';
import { commands } from './commands/index.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('xrd')
    .description('Powder X-ray diffraction: calculated patterns, Rietveld refinement, weight fractions, crystallite size')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of commands) register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return reportError(err);
  }
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(projectFile('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Turns any error into one line on stderr and an exit status (2 for bad input, 1 otherwise). */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
    return 2; // commander already printed its message
  }
  if (err instanceof InputError) {
    process.stderr.write(`xrd: ${err.message}\n`);
    return 2;
  }
  if (err instanceof RefinementError) {
    process.stderr.write(`xrd: the refinement cannot proceed: ${err.message}\n`);
    return 2;
  }
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`xrd: internal error: ${msg}\n`);
  if (process.env.XRD_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
