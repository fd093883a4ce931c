/**
 * Natural log of the gamma function for x > 0, and the Stirling-series remainder it is built on.
 *
 * Method: Stirling's series (DLMF 5.11.1) for x >= 10 with eight Bernoulli terms
 * B_{2k} / (2k (2k-1) x^{2k-1}); the first omitted term is below 2e-18 at x = 10. For x < 10 the
 * recurrence lnGamma(x) = lnGamma(x + n) - ln(x (x+1) ... (x+n-1)) shifts the argument to >= 10.
 * Absolute error about 3e-15 over (0, 1e300]; checked against scipy.special.gammaln in the stats fixture.
 */

/** 0.5 ln(2 pi). */
export const HALF_LOG_2PI = 0.9189385332046728;

const STIRLING_MIN = 10;

/**
 * Stirling remainder s(x) = lnGamma(x) - [(x - 1/2) ln x - x + ln(2 pi)/2] for x >= 10
 * (DLMF 5.11.1, coefficients B2/(2*1) .. B16/(16*15)). Internal: callers guarantee x >= 10.
 */
export function stirlingRemainder(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  return (
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 +
          r2 *
            (1 / 1260 +
              r2 *
                (-1 / 1680 +
                  r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156 + r2 * (-3617 / 122400))))))))
  );
}

/**
 * ln Gamma(x) for finite x > 0 (no argument checks: internal building block of the distribution
 * functions, which validate their own inputs). Returns +Infinity for x = 0.
 */
export function logGamma(x: number): number {
  if (x >= STIRLING_MIN) {
    return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingRemainder(x);
  }
  if (x === 0) return Number.POSITIVE_INFINITY;
  let shift = 1;
  let y = x;
  while (y < STIRLING_MIN) {
    shift *= y;
    y += 1;
  }
  return (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + stirlingRemainder(y) - Math.log(shift);
}

/**
 * ln Beta(a, b) = lnGamma(a) + lnGamma(b) - lnGamma(a + b), evaluated without the cancellation of
 * the naive sum when a or b is large: with m = max(a, b) >= 10 the difference
 * lnGamma(m) - lnGamma(m + n) (n = min) is expanded with Stirling's series,
 * -(m - 1/2) log1p(n/m) - n ln(m + n) + n + s(m) - s(m + n).
 */
export function logBeta(a: number, b: number): number {
  const big = Math.max(a, b);
  const small = Math.min(a, b);
  if (big < STIRLING_MIN) return logGamma(a) + logGamma(b) - logGamma(a + b);
  const diff =
    -(big - 0.5) * Math.log1p(small / big) -
    small * Math.log(big + small) +
    small +
    stirlingRemainder(big) -
    stirlingRemainder(big + small);
  return logGamma(small) + diff;
}
