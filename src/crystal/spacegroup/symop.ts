/**
 * Symmetry operators as text, "x,y+1/2,-z" or "-x+y, -x, z+2/3": parsing (tolerant of case,
 * spaces, quotes, constants before or after the variable, fractions and decimals) and formatting.
 */
import type { SymOp } from '../types.js';
import { det, reduceT } from './matrix.js';

const AXES = ['x', 'y', 'z'];
/** A decimal translation this close to a multiple of 1/24 is taken as that multiple ("0.3333" -> 1/3). */
const SNAP = 0.005;

function parseNumber(body: string, what: () => string): number {
  let m = /^(\d+)\/(\d+)$/.exec(body);
  if (m) {
    const den = Number(m[2]);
    if (den === 0) throw new Error(`${what()}: division by zero in "${body}"`);
    return Number(m[1]) / den;
  }
  m = /^(\d+\.?\d*|\.\d+)$/.exec(body);
  if (m) return Number(body);
  throw new Error(`${what()}: cannot read "${body}"`);
}

function snap(x: number): number {
  const f = reduceT(x);
  const k = Math.round(f * 24);
  return Math.abs(f - k / 24) < SNAP ? reduceT(k / 24) : f;
}

/** Parses one operator, e.g. "x,y+1/2,-z", "-x+y, -x, z+2/3", "1/2+x", "X-Y,X,Z+0.5". */
export function parseSymmetryOperator(xyz: string): SymOp {
  const what = (): string => `symmetry operator "${xyz}"`;
  let s = String(xyz).trim();
  if (s.length >= 2 && (s[0] === "'" || s[0] === '"') && s[s.length - 1] === s[0]) s = s.slice(1, -1);
  s = s.replace(/\s+/g, '').toLowerCase();
  const parts = s.split(',');
  if (parts.length !== 3) throw new Error(`${what()}: expected three comma-separated components`);
  const r = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const t: [number, number, number] = [0, 0, 0];
  parts.forEach((part, i) => {
    if (part === '') throw new Error(`${what()}: component ${i + 1} is empty`);
    const re = /([+-]?)([^+-]+)/g;
    let used = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(part)) !== null) {
      if (m.index !== used) break;
      used += m[0].length;
      const sign = m[1] === '-' ? -1 : 1;
      const body = m[2];
      const axis = AXES.indexOf(body);
      if (axis >= 0) {
        if (r[3 * i + axis] !== 0) throw new Error(`${what()}: "${body}" appears twice in component ${i + 1}`);
        r[3 * i + axis] = sign;
      } else if (/[a-z]/.test(body)) {
        throw new Error(`${what()}: cannot read "${body}" (only x, y, z with coefficient +-1 and constants)`);
      } else {
        t[i] += sign * parseNumber(body, what);
      }
    }
    if (used !== part.length) throw new Error(`${what()}: cannot read component "${part}"`);
  });
  const d = det(r);
  if (d !== 1 && d !== -1) throw new Error(`${what()}: rotation part has determinant ${d}, not +-1`);
  return { r, t: [snap(t[0]), snap(t[1]), snap(t[2])] };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function formatFraction(x: number): string {
  for (const den of [1, 2, 3, 4, 6, 8, 12, 24]) {
    const num = Math.round(x * den);
    if (Math.abs(x * den - num) < 1e-6) {
      const g = gcd(num, den);
      return den / g === 1 ? String(num / g) : `${num / g}/${den / g}`;
    }
  }
  return String(Number(x.toFixed(6)));
}

/** Formats an operator as "-x+y,-x,z+2/3" (variables first, translation last, reduced to [0, 1)). */
export function formatSymmetryOperator(op: SymOp): string {
  const rows: string[] = [];
  for (let i = 0; i < 3; i++) {
    let s = '';
    for (let j = 0; j < 3; j++) {
      const c = op.r[3 * i + j];
      if (c === 0) continue;
      const mag = Math.abs(c) === 1 ? '' : String(Math.abs(c));
      s += (c < 0 ? '-' : s === '' ? '' : '+') + mag + AXES[j];
    }
    const t = reduceT(op.t[i]);
    if (t !== 0) s += (s === '' ? '' : '+') + formatFraction(t);
    rows.push(s === '' ? '0' : s);
  }
  return rows.join(',');
}
