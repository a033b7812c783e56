/** The list of subcommands; each module registers itself on the program. */
import type { Command } from 'commander';
import { register as batch } from './batch.js';
import { register as convert } from './convert.js';
import { register as info } from './info.js';
import { register as instrument } from './instrument.js';
import { register as reflections } from './reflections.js';
import { register as refine } from './refine.js';
import { register as simulate } from './simulate.js';
import { register as size } from './size.js';
import { register as wh } from './wh.js';

export type Register = (program: Command) => void;

export const commands: Register[] = [refine, instrument, size, wh, simulate, reflections, info, convert, batch];
