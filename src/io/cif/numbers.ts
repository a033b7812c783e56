/**
 * CIF numbers with standard uncertainties: "5.4311(5)" is 5.4311 with esd 0.0005,
 * "1.2e-3(2)" is 0.0012 with esd 0.0002, "12(3)" is 12 with esd 3 (CIF 1.1 numeric values).
 */

export interface CifNumber {
  value: number;
  /** Standard uncertainty in the units of the value; absent when the file gives none. */
  esd?: number;
}

// sign, mantissa (digits with optional point), optional exponent, optional (esd digits)
const NUMBER_RE = /^([+-]?)(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?(?:\((\d+)\))?$/;

/**
 * Parses a CIF numeric value. Returns null for anything that is not a number
 * (including "?" and "."), and for values that overflow to infinity.
 */
export function parseCifNumber(text: string): CifNumber | null {
  const m = NUMBER_RE.exec(text.trim());
  if (!m) return null;
  const [, sign, mantissa, exponent, esdDigits] = m;
  const value = Number(`${sign}${mantissa}${exponent !== undefined ? `e${exponent}` : ''}`);
  if (!Number.isFinite(value)) return null;
  if (esdDigits === undefined) return { value };
  const point = mantissa.indexOf('.');
  const decimals = point < 0 ? 0 : mantissa.length - point - 1;
  const esd = Number(`${esdDigits}e${(exponent !== undefined ? Number(exponent) : 0) - decimals}`);
  if (!Number.isFinite(esd)) return null;
  return { value, esd };
}

/**
 * Formats a value with its esd in CIF notation, e.g. (5.43110, 0.00005) -> "5.43110(5)".
 * The esd keeps two significant digits when its leading digits are 10-19, else one
 * (the convention of SPEC.md, e.g. 70.17(15)). Without a usable esd the value is printed plainly.
 */
export function formatCifNumber(value: number, esd?: number, maxDecimals = 6): string {
  if (esd === undefined || !(esd > 0) || !Number.isFinite(esd)) return formatPlain(value, maxDecimals);
  let exp = Math.floor(Math.log10(esd));
  let lead = esd / 10 ** exp;
  // round to one digit first to see whether the leading digits are 10..19
  if (Math.round(lead) >= 10) {
    exp += 1;
    lead /= 10;
  }
  const twoDigits = lead < 2 - 0.05;
  const decimalsExp = twoDigits ? exp - 1 : exp; // position of the last printed digit
  let digits = Math.round(esd / 10 ** decimalsExp);
  let last = decimalsExp;
  if (digits >= (twoDigits ? 100 : 10)) {
    digits = Math.round(digits / 10);
    last += 1;
  }
  if (last >= 0) {
    // esd at or above units: print the value rounded to that place, the esd in the value's units
    const scale = 10 ** last;
    const rounded = Math.round(value / scale) * scale;
    return `${rounded.toFixed(0)}(${digits * scale})`;
  }
  const decimals = -last;
  return `${value.toFixed(decimals)}(${digits})`;
}

/** Plain decimal with at most maxDecimals decimals, trailing zeros removed ("90", "5.4311"). */
export function formatPlain(value: number, maxDecimals = 6): string {
  if (!Number.isFinite(value)) return '?';
  let s = value.toFixed(maxDecimals);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  if (s === '-0') s = '0';
  return s;
}
