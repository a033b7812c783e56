/**
 * The observed and calculated curves of a refinement as CSV, one row per point:
 * two_theta_deg,observed,calculated,background,difference,<phase>... (difference = observed - calculated).
 */

export interface CurvesCsvInput {
  twoTheta: ArrayLike<number>;
  yobs: ArrayLike<number>;
  ycalc: ArrayLike<number>;
  background: ArrayLike<number>;
  phases: { name: string; curve: ArrayLike<number> }[];
}

/** A header cell: quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Shortest text that reads back as the same number. */
function num(x: number): string {
  return Number.isFinite(x) ? String(x) : '';
}

export function curvesCsv(d: CurvesCsvInput): string {
  const n = d.twoTheta.length;
  for (const [what, a] of [['yobs', d.yobs], ['ycalc', d.ycalc], ['background', d.background], ...d.phases.map((p) => [`phase ${p.name}`, p.curve] as const)] as const) {
    if (a.length !== n) throw new RangeError(`curvesCsv: ${what} has ${a.length} points, two_theta has ${n}`);
  }
  const lines: string[] = [['two_theta_deg', 'observed', 'calculated', 'background', 'difference', ...d.phases.map((p) => csvField(p.name))].join(',')];
  for (let i = 0; i < n; i++) {
    const row = [num(d.twoTheta[i]), num(d.yobs[i]), num(d.ycalc[i]), num(d.background[i]), num(d.yobs[i] - d.ycalc[i])];
    for (const p of d.phases) row.push(num(p.curve[i]));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}
