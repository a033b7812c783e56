/**
 * Hall symbols (S. R. Hall, Acta Cryst. A37 (1981) 517): parsing into generators.
 *
 *   [-]L  N[A][T] ...  [(vx vy vz)]
 *
 * L: lattice P A B C I R S T F ('-' adds the inversion at the origin); N: 1 2 3 4 6, '-' for the
 * rotoinversion; A: axis x y z, ' or " (twofold axes a-b / a+b relative to the preceding axis), * (a+b+c);
 * T: screw subscript 1-5 (k/N along the axis) and translations a b c n u v w d; the origin shift
 * (vx vy vz) is in twelfths. Default axes: the first matrix along z; a second twofold along x after a
 * 2 or 4, along ' after a 3 or 6; a third threefold along *. spglib's '=' for '"' is accepted.
 */
import type { SymOp } from '../types.js';
import { IDENTITY_R, INVERSION_R, makeOp, mulRV, type Vec3 } from './matrix.js';

const CENTRING: Record<string, Vec3[]> = {
  P: [],
  A: [[0, 1 / 2, 1 / 2]],
  B: [[1 / 2, 0, 1 / 2]],
  C: [[1 / 2, 1 / 2, 0]],
  I: [[1 / 2, 1 / 2, 1 / 2]],
  R: [[2 / 3, 1 / 3, 1 / 3], [1 / 3, 2 / 3, 2 / 3]],
  S: [[1 / 3, 1 / 3, 2 / 3], [2 / 3, 2 / 3, 1 / 3]],
  T: [[1 / 3, 2 / 3, 1 / 3], [2 / 3, 1 / 3, 2 / 3]],
  F: [[0, 1 / 2, 1 / 2], [1 / 2, 0, 1 / 2], [1 / 2, 1 / 2, 0]],
};

const TRANSLATION: Record<string, Vec3> = {
  a: [1 / 2, 0, 0],
  b: [0, 1 / 2, 0],
  c: [0, 0, 1 / 2],
  n: [1 / 2, 1 / 2, 1 / 2],
  u: [1 / 4, 0, 0],
  v: [0, 1 / 4, 0],
  w: [0, 0, 1 / 4],
  d: [1 / 4, 1 / 4, 1 / 4],
};

/** Rotations about z (row-major); the x and y versions are obtained by relabelling the axes. */
const ROT_Z: Record<string, number[]> = {
  '1': [1, 0, 0, 0, 1, 0, 0, 0, 1],
  '2': [-1, 0, 0, 0, -1, 0, 0, 0, 1],
  '3': [0, -1, 0, 1, -1, 0, 0, 0, 1],
  '4': [0, -1, 0, 1, 0, 0, 0, 0, 1],
  '6': [1, -1, 0, 1, 0, 0, 0, 0, 1],
  "2'": [0, -1, 0, -1, 0, 0, 0, 0, -1],
  '2"': [0, 1, 0, 1, 0, 0, 0, 0, -1],
};
const THREE_BODY_DIAGONAL = [0, 0, 1, 1, 0, 0, 0, 1, 0];

/** Role of z-frame coordinate i in the frame of the given principal axis. */
const RELABEL: Record<string, number[]> = { z: [0, 1, 2], x: [1, 2, 0], y: [2, 0, 1] };
const UNIT: Record<string, Vec3> = { x: [1, 0, 0], y: [0, 1, 0], z: [0, 0, 1] };

function onAxis(rz: number[], axis: string): number[] {
  const q = RELABEL[axis];
  const r = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) r[3 * q[i] + q[j]] = rz[3 * i + j];
  return r;
}

interface MatrixSymbol {
  improper: boolean;
  n: number;
  axis: string; // x y z ' " * or '' (not given)
  screw: number;
  shift: Vec3;
}

function parseMatrixSymbol(tok: string, fail: (m: string) => never): MatrixSymbol {
  const m = /^(-?)([12346])(.*)$/.exec(tok);
  if (!m) fail(`"${tok}" is not a rotation symbol (1, 2, 3, 4 or 6 with axis and translations)`);
  const sym: MatrixSymbol = { improper: m![1] === '-', n: Number(m![2]), axis: '', screw: 0, shift: [0, 0, 0] };
  for (const ch of m![3]) {
    if ('xyz\'"*'.includes(ch)) {
      if (sym.axis) fail(`"${tok}" has two axis symbols`);
      sym.axis = ch;
    } else if (ch >= '1' && ch <= '5') {
      if (sym.screw || Number(ch) >= sym.n) fail(`"${tok}": screw subscript ${ch} does not fit a ${sym.n}-fold axis`);
      sym.screw = Number(ch);
    } else if (ch in TRANSLATION) {
      const v = TRANSLATION[ch];
      sym.shift = [sym.shift[0] + v[0], sym.shift[1] + v[1], sym.shift[2] + v[2]];
    } else {
      fail(`"${tok}": unknown character "${ch}"`);
    }
  }
  return sym;
}

/** Generators (centring translations, inversion, rotations) of the group a Hall symbol describes. */
export function hallGenerators(hall: string): SymOp[] {
  const fail = (msg: string): never => {
    throw new Error(`Hall symbol "${hall}" not recognised: ${msg}`);
  };
  let s = hall.trim().replace(/=/g, '"');
  let origin: Vec3 = [0, 0, 0];
  const shift = /\(([^)]*)\)\s*$/.exec(s);
  if (shift) {
    const v = shift[1].trim().split(/[\s,]+/).map(Number);
    if (v.length !== 3 || !v.every(Number.isInteger)) fail(`origin shift "(${shift[1]})" is not three integers (twelfths)`);
    origin = [v[0] / 12, v[1] / 12, v[2] / 12];
    s = s.slice(0, shift.index).trim();
  }
  const tokens = s.split(/\s+/).filter(Boolean);
  const lat = /^(-?)([PABCIRSTF])$/i.exec(tokens[0] ?? '');
  if (!lat) fail(`"${tokens[0] ?? ''}" is not a lattice symbol ([-]P, A, B, C, I, R, S, T, F)`);
  const gens: SymOp[] = CENTRING[lat![2].toUpperCase()].map((c) => makeOp(IDENTITY_R, c));
  if (lat![1] === '-') gens.push(makeOp(INVERSION_R, [0, 0, 0]));
  const mats = tokens.slice(1);
  if (mats.length === 0) fail('no rotation symbol');
  if (mats.length > 4) fail('more than four rotation symbols');

  let prevN = 0;
  let prevAxis = 'z';
  mats.forEach((tok, i) => {
    const sym = parseMatrixSymbol(tok, fail);
    let axis = sym.axis;
    if (!axis && sym.n !== 1) {
      if (i === 0) axis = 'z';
      else if (i === 1 && sym.n === 2 && (prevN === 2 || prevN === 4)) axis = 'x';
      else if (i === 1 && sym.n === 2 && (prevN === 3 || prevN === 6)) axis = "'";
      else if (i === 2 && sym.n === 3) axis = '*';
      else fail(`"${tok}" needs an explicit axis`);
    }
    let r: number[];
    const ref = prevAxis === 'x' || prevAxis === 'y' ? prevAxis : 'z';
    if (sym.n === 1) r = ROT_Z['1'];
    else if (axis === '*') {
      if (sym.n !== 3) fail(`"${tok}": only a threefold axis can lie along *`);
      r = THREE_BODY_DIAGONAL;
    } else if (axis === "'" || axis === '"') {
      if (sym.n !== 2) fail(`"${tok}": only a twofold axis can lie along ${axis}`);
      r = onAxis(ROT_Z[`2${axis}`], ref);
    } else r = onAxis(ROT_Z[String(sym.n)], axis);
    if (sym.improper) r = r.map((x) => -x);
    const t: Vec3 = [...sym.shift];
    if (sym.screw) {
      if (!(axis in UNIT)) fail(`"${tok}": a screw needs the axis x, y or z`);
      const u = UNIT[axis];
      for (let k = 0; k < 3; k++) t[k] += (sym.screw / sym.n) * u[k];
    }
    gens.push(makeOp(r, t));
    if (sym.n !== 1) {
      prevN = sym.n;
      prevAxis = axis;
    }
  });

  if (origin.some((x) => x !== 0)) {
    // x' = x + v: (R, t) -> (R, t + v - R v)
    return gens.map((g) => {
      const rv = mulRV(g.r, origin);
      return makeOp(g.r, [g.t[0] + origin[0] - rv[0], g.t[1] + origin[1] - rv[1], g.t[2] + origin[2] - rv[2]]);
    });
  }
  return gens;
}

/** Canonical spelling of a Hall symbol: single spaces, '"' for spglib's '=', lattice letter upper case. */
export function normaliseHall(hall: string): string {
  return hall
    .trim()
    .replace(/=/g, '"')
    .replace(/\s+/g, ' ')
    .replace(/^(-?)([a-z])/, (_m, sign: string, l: string) => sign + l.toUpperCase())
    .replace(/\(\s*/, '(')
    .replace(/\s*\)/, ')');
}
