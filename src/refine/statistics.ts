/**
 * Agreement indices (SPEC.md section 2), in percent except GOF and Durbin-Watson:
 * Rp = sum|yo - yc| / sum yo; Rwp = sqrt(sum w (yo - yc)^2 / sum w yo^2); Rexp = sqrt((N - P) / sum w yo^2);
 * GOF = Rwp / Rexp; Rwp with the background removed (yo - bkg in the denominator);
 * Durbin-Watson d = sum (r_i - r_{i-1})^2 / sum r_i^2 on weighted residuals r = sqrt(w)(yo - yc).
 * Points with zero weight are left out. Sums are compensated (Neumaier) for exactness on long patterns.
 */
export interface FitStatistics {
  rp: number;
  rwp: number;
  rexp: number;
  gof: number;
  chi2Reduced: number;
  rwpBackgroundRemoved: number;
  durbinWatson: number;
  points: number;
  parameters: number;
}

class Sum {
  private s = 0;
  private c = 0;
  add(x: number): void {
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
  }
  get value(): number {
    return this.s + this.c;
  }
}

export function fitStatistics(
  yo: ArrayLike<number>, yc: ArrayLike<number>, w: ArrayLike<number>, nParams: number, background?: ArrayLike<number>,
): FitStatistics {
  const absDiff = new Sum(), sumYo = new Sum(), wr2 = new Sum(), wyo2 = new Sum(), wyoB2 = new Sum(), dw = new Sum();
  let n = 0;
  let prev = NaN;
  for (let i = 0; i < yo.length; i++) {
    if (!(w[i] > 0)) continue;
    n++;
    const d = yo[i] - yc[i];
    absDiff.add(Math.abs(d));
    sumYo.add(yo[i]);
    wr2.add(w[i] * d * d);
    wyo2.add(w[i] * yo[i] * yo[i]);
    const net = background ? yo[i] - background[i] : yo[i];
    wyoB2.add(w[i] * net * net);
    const r = Math.sqrt(w[i]) * d;
    if (!Number.isNaN(prev)) dw.add((r - prev) * (r - prev));
    prev = r;
  }
  const rwp = Math.sqrt(wr2.value / wyo2.value);
  const rexp = Math.sqrt(Math.max(n - nParams, 1) / wyo2.value);
  return {
    rp: (100 * absDiff.value) / sumYo.value,
    rwp: 100 * rwp,
    rexp: 100 * rexp,
    gof: rwp / rexp,
    chi2Reduced: wr2.value / Math.max(n - nParams, 1),
    rwpBackgroundRemoved: 100 * Math.sqrt(wr2.value / wyoB2.value),
    durbinWatson: dw.value / wr2.value,
    points: n,
    parameters: nParams,
  };
}
