import { finiteNumber, openUnitInterval, positiveNumber } from './guards.ts';
import { normInv } from './normal.ts';
import { solveMonotone } from './solve-monotone.ts';
import { gammaPowerFactor, regularizedGamma } from './special/incomplete-gamma.ts';

/**
 * Chi-square distribution with k > 0 degrees of freedom: P(X <= x) = P(k/2, x/2), the regularized
 * lower incomplete gamma function (DLMF 8.2.4, A&S 26.4.19). Checked against scipy.stats.chi2 in
 * test/reference/stats_reference.py.
 */

function checkX(x: number): void {
  if (Number.isNaN(x)) finiteNumber('x', x);
}

/**
 * Chi-square distribution function P(X <= x); 0 for x <= 0.
 * @throws RiskInputError for NaN x or k <= 0.
 */
export function chiSquareCdf(x: number, k: number): number {
  positiveNumber('k', k);
  checkX(x);
  if (x <= 0) return 0;
  return regularizedGamma(0.5 * k, 0.5 * x)[0];
}

/**
 * Chi-square survival function P(X > x), accurate for small p-values (computed directly as Q, not 1 - P).
 * @throws RiskInputError for NaN x or k <= 0.
 */
export function chiSquareSf(x: number, k: number): number {
  positiveNumber('k', k);
  checkX(x);
  if (x <= 0) return 1;
  return regularizedGamma(0.5 * k, 0.5 * x)[1];
}

/**
 * Chi-square density (x/2)^{k/2-1} e^{-x/2} / (2 Gamma(k/2)).
 * @throws RiskInputError for NaN x or k <= 0.
 */
export function chiSquarePdf(x: number, k: number): number {
  positiveNumber('k', k);
  checkX(x);
  if (x < 0) return 0;
  const a = 0.5 * k;
  if (x === 0) return a < 1 ? Number.POSITIVE_INFINITY : a === 1 ? 0.5 : 0;
  return (a * gammaPowerFactor(a, 0.5 * x)) / x;
}

/**
 * Chi-square quantile: x with P(X <= x) = p. Starts from the Wilson-Hilferty approximation
 * (A&S 26.4.17) and solves ln P = ln p (lower half) or ln Q = ln(1-p) (upper half) by bracketed Newton.
 * @param p probability in (0, 1).
 * @param k degrees of freedom, > 0.
 * @throws RiskInputError `OUT_OF_DOMAIN` unless 0 < p < 1 and k > 0.
 */
export function chiSquareQuantile(p: number, k: number): number {
  openUnitInterval('p', p);
  positiveNumber('k', k);
  return chiSquareQuantileFromTail(p, 1 - p, k);
}

/**
 * Chi-square quantile for the upper tail probability q = P(X > x): accurate for tiny q (critical
 * values of tests), where 1 - q would round to 1.
 * @throws RiskInputError `OUT_OF_DOMAIN` unless 0 < q < 1 and k > 0.
 */
export function chiSquareIsf(q: number, k: number): number {
  openUnitInterval('q', q);
  positiveNumber('k', k);
  return chiSquareQuantileFromTail(1 - q, q, k);
}

function chiSquareQuantileFromTail(p: number, q: number, k: number): number {
  const a = 0.5 * k;
  const z = p <= 0.5 ? normInv(p) : -normInv(q);
  const c = 2 / (9 * k);
  const wh = k * (1 - c + z * Math.sqrt(c)) ** 3;
  const start = wh > 0 ? wh : k * 1e-3;
  const pdf = (x: number): number => (a * gammaPowerFactor(a, 0.5 * x)) / x;
  if (p <= 0.5) {
    const logP = Math.log(p);
    return solveMonotone(
      (x) => Math.log(regularizedGamma(a, 0.5 * x)[0]) - logP,
      (x) => pdf(x) / regularizedGamma(a, 0.5 * x)[0],
      start,
      0,
      Number.POSITIVE_INFINITY,
    );
  }
  const logQ = Math.log(q);
  return solveMonotone(
    (x) => logQ - Math.log(regularizedGamma(a, 0.5 * x)[1]),
    (x) => pdf(x) / regularizedGamma(a, 0.5 * x)[1],
    start,
    0,
    Number.POSITIVE_INFINITY,
  );
}
