/**
 * Values with their standard uncertainty in the crystallographic short form (SPEC.md section 2):
 * 70.17(15), 5.43123(8), 1500(200). The esd keeps 2 significant digits when its leading digits are
 * 10-19, else 1; the value is rounded to the esd's last digit.
 */

/** A value without an esd, with up to 6 significant digits and no trailing zeros. */
export function formatValue(value: number, significant = 6): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const v = Number(value.toPrecision(significant));
  return Object.is(v, -0) ? '0' : String(v);
}

/** The esd rounded to 1 or 2 significant digits: its digits as an integer and the power of ten of its last digit. */
function esdDigits(esd: number): { digits: number; lastExp: number } {
  const parse = (s: string) => {
    const [m, e] = s.split('e');
    return { mantissa: Number(m), digits: Number(m.replace('.', '')), exp: Number(e) };
  };
  const two = parse(esd.toExponential(1));
  if (two.mantissa < 2) return { digits: two.digits, lastExp: two.exp - 1 };
  const one = parse(esd.toExponential(0));
  // 0.0996 rounds to 0.1 with one digit, whose leading digits are then 10: keep two (0.10)
  if (one.mantissa < 2) return { digits: two.digits, lastExp: two.exp - 1 };
  return { digits: one.digits, lastExp: one.exp };
}

/**
 * `formatEsd(70.1734, 0.153)` is "70.17(15)"; `formatEsd(73.2, 0.2)` "73.2(2)"; `formatEsd(1534, 230)`
 * "1500(200)". An esd of 0 (a fixed value), or one that is not a finite number, gives the value alone.
 */
export function formatEsd(value: number, esd: number): string {
  if (!Number.isFinite(value)) return String(value);
  const s = Math.abs(esd);
  // an esd below double precision's noise on the value (a single phase's 100 wt%: 1e-13) is no uncertainty
  if (!Number.isFinite(s) || s === 0 || s < 1e-12 * Math.abs(value)) return formatValue(value);
  const { digits, lastExp } = esdDigits(s);
  let text: string;
  if (lastExp <= 0) {
    const decimals = Math.min(-lastExp, 100);
    text = value.toFixed(decimals);
  } else {
    const unit = 10 ** lastExp;
    text = (Math.round(value / unit) * unit).toFixed(0);
  }
  if (/^-0*\.?0*$/.test(text)) text = text.slice(1); // no "-0.00"
  const esdText = lastExp <= 0 ? String(digits) : (digits * 10 ** lastExp).toFixed(0);
  return `${text}(${esdText})`;
}
