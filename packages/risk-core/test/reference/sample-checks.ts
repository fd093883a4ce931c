/** Sample-based checks shared by the rng and tail tests (tests only). */

/** Kolmogorov-Smirnov statistic sup |F_n - F| of a sample against a continuous cdf. */
export function ksStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const s = Float64Array.from(sample).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i] as number);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * Kolmogorov-Smirnov critical value at significance alpha (default 1e-4) from the asymptotic
 * Kolmogorov law, P(sqrt(n) D > c) ~ 2 exp(-2 c^2): c = sqrt(-ln(alpha/2) / 2).
 */
export function ksCritical(n: number, alpha = 1e-4): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) / Math.sqrt(n);
}

/** Mean and unbiased variance. */
export function meanVar(x: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  const mean = s / x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += ((x[i] as number) - mean) ** 2;
  return { mean, variance: ss / (x.length - 1) };
}

/** Pearson correlation of two equally long series. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const { mean: ma } = meanVar(a);
  const { mean: mb } = meanVar(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}
