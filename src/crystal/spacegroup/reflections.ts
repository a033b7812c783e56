/**
 * Reflection conditions from the operators: systematic absences (h R = h with exp(2 pi i h.t) != 1)
 * and the symmetry-equivalent reflections under the Laue group.
 */
import type { SpaceGroup } from '../types.js';
import { laueGroup } from './classify.js';
import { mulHR } from './matrix.js';

const laueCache = new WeakMap<SpaceGroup, number[][]>();

function laueOf(sg: SpaceGroup): number[][] {
  let g = laueCache.get(sg);
  if (!g) {
    g = laueGroup(sg.operators);
    laueCache.set(sg, g);
  }
  return g;
}

/** True when hkl is extinct by the lattice centring or a glide/screw component. */
export function isSystematicallyAbsent(sg: SpaceGroup, h: number, k: number, l: number): boolean {
  if (h === 0 && k === 0 && l === 0) return false;
  for (const op of sg.operators) {
    const r = op.r;
    const hr = mulHR([h, k, l], r);
    if (hr[0] !== h || hr[1] !== k || hr[2] !== l) continue;
    const phase = h * op.t[0] + k * op.t[1] + l * op.t[2];
    if (Math.abs(phase - Math.round(phase)) > 1e-6) return true;
  }
  return false;
}

/** The distinct reflections equivalent to hkl under the Laue group (Friedel pairs included). */
export function equivalentReflections(sg: SpaceGroup, h: number, k: number, l: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  const seen = new Set<string>();
  for (const r of laueOf(sg)) {
    const v = mulHR([h, k, l], r);
    // avoid -0 in the output
    const e: [number, number, number] = [v[0] + 0, v[1] + 0, v[2] + 0];
    const key = e.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}
