/**
 * A space group as people read it: "F d -3 m :2 (No. 227)", or, for operators that match no tabulated
 * setting (number 0), what is known: the symbol if the file gave one and the number of operators.
 */
import type { SpaceGroup } from '../types.js';

export function spaceGroupLabel(sg: SpaceGroup): string {
  if (sg.number > 0) return `${sg.symbol} (No. ${sg.number})`;
  const ops = `${sg.operators.length} operator${sg.operators.length === 1 ? '' : 's'}`;
  return sg.symbol.trim() ? `${sg.symbol} (setting not identified, ${ops})` : `setting not identified (${ops})`;
}
