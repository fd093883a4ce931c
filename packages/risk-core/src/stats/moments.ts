import { RiskInputError } from '../errors.ts';

/** Sample moments of a series. */
export interface SampleMoments {
  count: number;
  mean: number;
  /** Unbiased variance (divisor n - 1); NaN for n = 1. */
  variance: number;
  /** sqrt(variance). */
  std: number;
  /** Moment skewness g1 = m3 / m2^{3/2} (divisor n; scipy.stats.skew(x, bias=True)). */
  skewness: number;
  /** Moment excess kurtosis g2 = m4 / m2^2 - 3 (scipy.stats.kurtosis(x, fisher=True, bias=True)). */
  excessKurtosis: number;
}

/**
 * Mean, variance, skewness and excess kurtosis by two passes (central moments m_k = sum (x - mean)^k / n),
 * the estimators of Joanes & Gill, "Comparing measures of sample skewness and kurtosis", 1998 (g1, g2).
 * @throws RiskInputError `OUT_OF_DOMAIN` for an empty series, `INVALID_NUMBER` naming `x[i]`.
 */
export function sampleMoments(x: ArrayLike<number>): SampleMoments {
  const n = x.length;
  if (n === 0) throw new RiskInputError('OUT_OF_DOMAIN', 'x.length', 0, 'need at least one value');
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    if (!Number.isFinite(v)) throw new RiskInputError('INVALID_NUMBER', `x[${i}]`, v, 'must be finite');
    s += v;
  }
  const mean = s / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const variance = n > 1 ? m2 / (n - 1) : Number.NaN;
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return {
    count: n,
    mean,
    variance,
    std: Math.sqrt(variance),
    skewness: m2 > 0 ? m3 / m2 ** 1.5 : Number.NaN,
    excessKurtosis: m2 > 0 ? m4 / (m2 * m2) - 3 : Number.NaN,
  };
}
