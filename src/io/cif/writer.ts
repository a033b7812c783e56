/**
 * CrystalStructure -> CIF 1.1 text: cell (with esds in parentheses when given), crystal system,
 * IT number, H-M and Hall symbols, the explicit symmetry operators, atom sites with B_iso_or_equiv
 * and, where present, an _atom_site_aniso_U_* loop. The output reads back with parseCif to the same
 * structure (values rounded to 6 decimals).
 */
import { formatSymmetryOperator } from '../../crystal/spacegroup/index.js';
import type { CrystalStructure } from '../../crystal/types.js';
import { CELL_NAMES, metricOf, type CellName } from './cell.js';
import { formatCifNumber, formatPlain } from './numbers.js';

export interface WriteCifExtra {
  /** esds of the cell parameters, printed in parentheses, e.g. 5.4311(5). */
  esd?: Partial<Record<CellName, number>>;
  /** Free text written as comment lines at the top. */
  comment?: string;
}

const RESERVED = /^(data_|save_|loop_|global_|stop_)/i;

/** A CIF 1.1 value: bare when safe, else quoted, else a text field. */
export function cifValue(s: string): string {
  if (s.includes('\n') || s.includes('\r')) return `\n;\n${s.replace(/\r\n?/g, '\n').replace(/^;/gm, ' ;')}\n;\n`;
  if (s !== '' && s !== '?' && s !== '.' && /^[^\s'"_#$;[\]]\S*$/.test(s) && !RESERVED.test(s)) return s;
  if (!/'(\s|$)/.test(s)) return `'${s}'`;
  if (!/"(\s|$)/.test(s)) return `"${s}"`;
  return `\n;\n${s}\n;\n`;
}

/** A data block name: no whitespace. */
function blockName(name: string): string {
  const s = name.trim().replace(/\s+/g, '_');
  return s === '' ? 'structure' : s;
}

function typeSymbolOf(element: string, charge: number, typeSymbol: string): string {
  if (typeSymbol && /^[A-Za-z]{1,2}(\d*[+-]|[+-]\d*)?$/.test(typeSymbol) && typeSymbol.toLowerCase().startsWith(element.toLowerCase())) {
    return typeSymbol;
  }
  if (!charge) return element;
  return `${element}${Math.abs(charge)}${charge > 0 ? '+' : '-'}`;
}

export function writeCif(s: CrystalStructure, extra: WriteCifExtra = {}): string {
  const out: string[] = ['#\\#CIF_1.1'];
  const comment = [extra.comment, s.source ? `Source: ${s.source}` : undefined].filter((x): x is string => !!x);
  for (const block of comment) for (const line of block.split(/\r?\n/)) out.push(`# ${line}`.trimEnd());
  out.push('# Written by xrd-engine writeCif.', '');
  out.push(`data_${blockName(s.name)}`);
  out.push(`_pd_phase_name ${cifValue(s.name)}`);
  const pad = (tag: string) => tag.padEnd(34);
  for (const name of CELL_NAMES) {
    const tag = name.length === 1 ? `_cell_length_${name}` : `_cell_angle_${name}`;
    out.push(`${pad(tag)}${formatCifNumber(s.cell[name], extra.esd?.[name], 6)}`);
  }
  const G = metricOf(s.cell);
  const det = G[0] * (G[4] * G[8] - G[5] * G[7]) - G[1] * (G[3] * G[8] - G[5] * G[6]) + G[2] * (G[3] * G[7] - G[4] * G[6]);
  if (det > 0) out.push(`${pad('_cell_volume')}${formatPlain(Math.sqrt(det), 4)}`);
  const sg = s.spaceGroup;
  out.push(`${pad('_space_group_crystal_system')}${sg.crystalSystem}`);
  if (sg.number >= 1 && sg.number <= 230) out.push(`${pad('_space_group_IT_number')}${sg.number}`);
  if (sg.symbol) out.push(`${pad('_space_group_name_H-M_alt')}${cifValue(sg.symbol)}`);
  if (sg.hall) out.push(`${pad('_space_group_name_Hall')}${cifValue(sg.hall)}`);
  out.push('', 'loop_', '_space_group_symop_id', '_space_group_symop_operation_xyz');
  sg.operators.forEach((op, i) => out.push(`${i + 1} ${cifValue(formatSymmetryOperator(op))}`));

  // unique labels (aniso rows refer to them)
  const seen = new Map<string, number>();
  const labels = s.sites.map((site, i) => {
    let l = site.label?.trim() ? site.label.trim().replace(/\s+/g, '_') : `${site.element}${i + 1}`;
    if (seen.has(l)) {
      let k = 2;
      while (seen.has(`${l}_${k}`)) k++;
      l = `${l}_${k}`;
    }
    seen.set(l, i);
    return l;
  });
  out.push('', 'loop_', '_atom_site_label', '_atom_site_type_symbol', '_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z');
  out.push('_atom_site_occupancy', '_atom_site_adp_type', '_atom_site_B_iso_or_equiv');
  s.sites.forEach((site, i) => {
    out.push(
      [
        cifValue(labels[i]),
        cifValue(typeSymbolOf(site.element, site.charge, site.typeSymbol)),
        formatPlain(site.x, 6),
        formatPlain(site.y, 6),
        formatPlain(site.z, 6),
        formatPlain(site.occupancy, 6),
        site.uAniso ? 'Uani' : 'Biso',
        formatPlain(site.bIso, 5),
      ].join(' '),
    );
  });
  const aniso = s.sites.map((site, i) => ({ site, label: labels[i] })).filter((x) => x.site.uAniso);
  if (aniso.length) {
    out.push('', 'loop_', '_atom_site_aniso_label');
    for (const k of ['11', '22', '33', '12', '13', '23']) out.push(`_atom_site_aniso_U_${k}`);
    for (const { site, label } of aniso) {
      const u = site.uAniso!;
      out.push([cifValue(label), ...[u.u11, u.u22, u.u33, u.u12, u.u13, u.u23].map((v) => formatPlain(v, 6))].join(' '));
    }
  }
  out.push('');
  return out.join('\n');
}
