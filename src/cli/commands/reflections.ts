/** `xrd reflections CIF [--wavelength 1.54056] [--max-two-theta 150] [--monochromator DEG] [--json]` */
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { spaceGroupLabel } from '../../crystal/spacegroup/index.js';
import { reflectionTable } from '../../model/reflection-table.js';
import { loadStructure, numberOption } from '../io.js';

export function register(program: Command): void {
  program
    .command('reflections')
    .description('list the reflections of a structure: hkl, multiplicity, d (A), 2theta (deg), |F|^2, LP, relative intensity')
    .argument('<cif>', 'structure (CIF)')
    .option('--wavelength <A>', 'wavelength in A', '1.54056')
    .option('--max-two-theta <deg>', 'upper 2theta limit in deg', '150')
    .option('--monochromator <deg>', 'monochromator 2theta in deg for the polarization factor (default: none)')
    .option('--json', 'print JSON (SPEC.md section 3)')
    .action(async (cif: string, o: { wavelength: string; maxTwoTheta: string; monochromator?: string; json?: boolean }) => {
      const structure = await loadStructure(cif);
      const wavelength = numberOption(o.wavelength, '--wavelength');
      if (!(wavelength > 0)) throw new InputError(`--wavelength must be above 0 A, not ${o.wavelength}`);
      const maxTwoTheta = numberOption(o.maxTwoTheta, '--max-two-theta');
      if (!(maxTwoTheta > 0 && maxTwoTheta <= 180)) throw new InputError(`--max-two-theta must be above 0 and at most 180 deg, not ${o.maxTwoTheta}`);
      const mono = o.monochromator !== undefined ? numberOption(o.monochromator, '--monochromator') : null;
      if (mono !== null && !(mono >= 0 && mono < 180)) throw new InputError(`--monochromator must be 0 to below 180 deg (2theta of the monochromator crystal), not ${o.monochromator}`);
      const rows = reflectionTable(structure, { wavelength, maxTwoTheta, monochromatorTwoThetaDeg: mono });
      if (o.json) {
        const out = rows.map((r) => ({
          hkl: r.hkl, multiplicity: r.multiplicity, d: round(r.d, 6), twoTheta: round(r.twoTheta, 4),
          F2: round(r.F2, 4), lp: round(r.lp, 5), iRel: round(r.iRel, 4), iAbs: r.iAbs,
        }));
        process.stdout.write(JSON.stringify(out, null, 1) + '\n');
        return;
      }
      const lines = [
        `# ${structure.name}: ${spaceGroupLabel(structure.spaceGroup)}, a=${structure.cell.a} b=${structure.cell.b} c=${structure.cell.c} A, alpha=${structure.cell.alpha} beta=${structure.cell.beta} gamma=${structure.cell.gamma} deg; lambda ${wavelength} A`,
        '   h   k   l    m     d (A)  2theta (deg)        |F|^2         LP    I_rel',
      ];
      for (const r of rows) {
        lines.push(
          `${r.hkl.map((v) => String(v).padStart(4)).join('')} ${String(r.multiplicity).padStart(4)} ${r.d.toFixed(5).padStart(9)} ${r.twoTheta.toFixed(4).padStart(13)} ${r.F2.toFixed(3).padStart(12)} ${r.lp.toFixed(4).padStart(10)} ${r.iRel.toFixed(2).padStart(8)}`,
        );
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
