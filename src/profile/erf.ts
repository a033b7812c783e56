/**
 * Error functions to near double precision: erf by its Taylor series for |x| <= 2, the scaled complementary
 * function erfcx(x) = exp(x^2) erfc(x) by Laplace's continued fraction for x > 2 (evaluated bottom-up).
 */
const SQRT_PI = Math.sqrt(Math.PI);

export function erf(x: number): number {
  if (x < 0) return -erf(-x);
  if (x > 2) return 1 - Math.exp(-x * x) * erfcx(x);
  // erf x = 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1))
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / SQRT_PI) * sum;
}

export function erfc(x: number): number {
  if (x > 2) return Math.exp(-x * x) * erfcx(x);
  return 1 - erf(x);
}

/** exp(x^2) erfc(x), stable for large x. */
export function erfcx(x: number): number {
  if (x <= 2) return Math.exp(x * x) * (1 - erf(x));
  // erfc x = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
  let f = x;
  for (let k = 120; k >= 1; k--) f = x + k / 2 / f;
  return 1 / (SQRT_PI * f);
}
