/** The list of subcommands; each module registers itself on the program. */
import type { Command } from 'commander';

export type Register = (program: Command) => void;

export const commands: Register[] = [];
