import { finiteNumber, openUnitInterval } from './guards.ts';
import { normInv } from './normal.ts';

/**
 * Cornish-Fisher expansion of the p-quantile of a standardized variable with skewness S and excess
 * kurtosis K, to the order used in VaR (Cornish & Fisher 1937; Zangari, "A VaR methodology for
 * portfolios that include options", RiskMetrics Monitor Q1 1996, eq. 10):
 *
 *   w = z + (z^2 - 1) S / 6 + (z^3 - 3z) K / 24 - (2 z^3 - 5 z) S^2 / 36,   z = Phi^-1(p).
 *
 * Quantile of the original variable: mean + std * w. The expansion is only monotone in p (a valid
 * quantile function) for moderate (S, K): see {@link cornishFisherIsMonotone}. For a sum of n
 * i.i.d. terms its error is O(n^{-3/2}).
 *
 * @param p probability in (0, 1) (0.99 for the loss quantile of VaR 99%).
 * @param skewness S, finite.
 * @param excessKurtosis K, finite (0 for the normal).
 * @returns w, the standardized quantile.
 * @throws RiskInputError unless 0 < p < 1 and S, K are finite.
 */
export function cornishFisherQuantile(p: number, skewness: number, excessKurtosis: number): number {
  openUnitInterval('p', p);
  const s = finiteNumber('skewness', skewness);
  const k = finiteNumber('excessKurtosis', excessKurtosis);
  const z = normInv(p);
  const z2 = z * z;
  const z3 = z2 * z;
  return z + ((z2 - 1) * s) / 6 + ((z3 - 3 * z) * k) / 24 - ((2 * z3 - 5 * z) * s * s) / 36;
}

/**
 * Whether the Cornish-Fisher map z -> w(z) above is increasing on the whole real line, i.e. a valid
 * quantile function (Maillard, "A user's guide to the Cornish Fisher expansion", SSRN 1997178,
 * 2012, section 2): dw/dz = a z^2 + (S/3) z + c with a = K/8 - S^2/6 and c = 1 - K/8 + 5 S^2/36
 * must be >= 0 for all z: a >= 0 and S^2/9 - 4 a c <= 0.
 * @throws RiskInputError unless S and K are finite.
 */
export function cornishFisherIsMonotone(skewness: number, excessKurtosis: number): boolean {
  const s = finiteNumber('skewness', skewness);
  const k = finiteNumber('excessKurtosis', excessKurtosis);
  const a = k / 8 - (s * s) / 6;
  const c = 1 - k / 8 + (5 * s * s) / 36;
  if (a === 0) return s === 0 && c >= 0;
  return a > 0 && (s * s) / 9 - 4 * a * c <= 0;
}
