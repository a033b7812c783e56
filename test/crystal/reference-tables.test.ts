/**
 * The forward model against reflection tables computed by another code (xrayutilities 1.7.4, in
 * test/fixtures/reference, copied from ../shared/reference). The structures are built from each table's own
 * header (space group, cell, every atom of the cell with its B), so the check is of the physics alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spaceGroupFromNumber } from '../../src/crystal/spacegroup/index.js';
import { orbit } from '../../src/crystal/sites.js';
import type { AtomSite, CrystalStructure } from '../../src/crystal/types.js';
import { reflectionTable } from '../../src/model/reflection-table.js';

const DIR = join(__dirname, '..', 'fixtures', 'reference');
const PHASES = ['Si', 'Ni', 'Fe', 'Al', 'Ag', 'Cu', 'Ti', 'Y', 'LaB6'];

interface RefRow { hkl: number[]; m: number; d: number; tt: number; F2: number; iRel: number; iAbs: number }

function load(name: string): { structure: CrystalStructure; rows: RefRow[] } {
  const lines = readFileSync(join(DIR, `${name}.tsv`), 'utf8').split('\n');
  const head = /space group (\d+)(?::(\w+))?, a=([\d.]+) b=([\d.]+) c=([\d.]+) alpha=([\d.]+) beta=([\d.]+) gamma=([\d.]+)/.exec(lines[0])!;
  const sg = spaceGroupFromNumber(Number(head[1]), head[2]);
  const cell = { a: +head[3], b: +head[4], c: +head[5], alpha: +head[6], beta: +head[7], gamma: +head[8] };
  const atomText = lines[1].replace('# atoms:', '');
  const sites = atomText.split(';').map((t, i) => {
    const m = /(\w+) \[([^\]]+)\] occ=([\d.]+) B=([\d.]+)/.exec(t.trim())!;
    const [x, y, z] = m[2].trim().split(/\s+/).map(Number);
    return { label: `${m[1]}${i}`, typeSymbol: m[1], element: m[1], charge: 0, x, y, z, occupancy: +m[3], bIso: +m[4] };
  });
  // the header lists every atom of the cell: keep one representative per orbit (the asymmetric unit)
  const asym: AtomSite[] = [];
  for (const s of sites) {
    const covered = asym.some((a) => a.element === s.element && orbit(sg.operators, a.x, a.y, a.z).some(({ pos }) =>
      [pos[0] - s.x, pos[1] - s.y, pos[2] - s.z].every((d) => Math.abs(d - Math.round(d)) < 1e-4)));
    if (!covered) asym.push(s);
  }
  const rows = lines
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('h'))
    .map((l) => {
      const c = l.split('\t').map(Number);
      return { hkl: c.slice(0, 3), m: c[3], d: c[4], tt: c[5], F2: c[6], iRel: c[8], iAbs: c[9] };
    });
  return { structure: { name, cell, spaceGroup: sg, sites: asym }, rows };
}

describe.each(PHASES)('%s against xrayutilities', (name) => {
  const { structure, rows } = load(name);
  const ours = reflectionTable(structure, { wavelength: 1.54056, maxTwoTheta: Math.max(...rows.map((r) => r.tt)) + 0.5 });

  it('every reflection with I_rel >= 1: same 2theta (0.001 deg), multiplicity, |F|^2 (1%), I_rel (1%)', () => {
    for (const ref of rows.filter((r) => r.iRel >= 1)) {
      const match = ours.find((o) => Math.abs(o.twoTheta - ref.tt) < 0.001);
      expect(match, `${name} ${ref.hkl} at ${ref.tt}`).toBeDefined();
      expect(match!.multiplicity, `${name} ${ref.hkl} multiplicity`).toBe(ref.m);
      expect(Math.abs(match!.F2 / ref.F2 - 1), `${name} ${ref.hkl} F2 ${match!.F2} vs ${ref.F2}`).toBeLessThan(0.01);
      expect(Math.abs(match!.iRel - ref.iRel), `${name} ${ref.hkl} I_rel`).toBeLessThan(Math.max(0.01 * ref.iRel, 0.01));
    }
  });

  it('lists no strong reflection the reference lacks', () => {
    for (const o of ours.filter((r) => r.iRel >= 1)) {
      expect(rows.some((r) => Math.abs(o.twoTheta - r.tt) < 0.001), `${name} extra ${o.hkl} at ${o.twoTheta}`).toBe(true);
    }
  });
});

describe('cross-phase intensity scale (cell-volume factors used for weight fractions)', () => {
  it('ratios of I_abs of the strongest reflections between phases agree within 1.5%', () => {
    const strongest = PHASES.map((name) => {
      const { structure, rows } = load(name);
      const ref = rows.reduce((a, b) => (b.iAbs > a.iAbs ? b : a));
      const ours = reflectionTable(structure, { wavelength: 1.54056, maxTwoTheta: ref.tt + 1 });
      const mine = ours.find((o) => Math.abs(o.twoTheta - ref.tt) < 0.001)!;
      return { name, ref: ref.iAbs, ours: mine.iAbs };
    });
    for (const a of strongest) {
      for (const b of strongest) {
        expect(Math.abs(a.ours / b.ours / (a.ref / b.ref) - 1), `${a.name}/${b.name}`).toBeLessThan(0.015);
      }
    }
  });
});
