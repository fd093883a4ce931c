import { integerAtLeast, openUnitInterval } from './guards.ts';
import { regularizedBeta } from './special/incomplete-beta.ts';

/**
 * Binomial distribution function P(X <= x) for X ~ Bin(n, p):
 * P(X <= x) = I_{1-p}(n - x, x + 1) for 0 <= x < n (DLMF 8.17.5 / A&S 26.5.24), 1 for x >= n.
 * @param x number of successes (integer >= 0).
 * @param n number of trials (integer >= 1).
 * @param p success probability in (0, 1).
 * @throws RiskInputError for a non-integer or negative x, n < 1, or p outside (0, 1).
 */
export function binomialCdf(x: number, n: number, p: number): number {
  integerAtLeast('n', n, 1);
  integerAtLeast('x', x, 0);
  openUnitInterval('p', p);
  if (x >= n) return 1;
  return regularizedBeta(1 - p, p, n - x, x + 1)[0];
}

/**
 * Binomial survival P(X > x) = I_p(x + 1, n - x), accurate in the upper tail.
 * @throws RiskInputError as {@link binomialCdf}.
 */
export function binomialSf(x: number, n: number, p: number): number {
  integerAtLeast('n', n, 1);
  integerAtLeast('x', x, 0);
  openUnitInterval('p', p);
  if (x >= n) return 0;
  return regularizedBeta(1 - p, p, n - x, x + 1)[1];
}
