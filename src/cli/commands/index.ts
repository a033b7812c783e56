/** The list of subcommands; each module registers itself on the program. */
import type { Command } from 'commander';
import { register as convert } from './convert.js';
import { register as info } from './info.js';

export type Register = (program: Command) => void;

export const commands: Register[] = [info, convert];
