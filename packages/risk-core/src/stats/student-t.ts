import { finiteNumber, openUnitInterval, positiveNumber } from './guards.ts';
import { normInv } from './normal.ts';
import { solveMonotone } from './solve-monotone.ts';
import { regularizedBeta } from './special/incomplete-beta.ts';
import { logBeta } from './special/log-gamma.ts';

/**
 * Student-t distribution with `nu` > 0 degrees of freedom (standard form: location 0, scale 1,
 * variance nu / (nu - 2) for nu > 2).
 *
 * P(|T| > |t|) = I_{nu/(nu+t^2)}(nu/2, 1/2) (Abramowitz & Stegun 26.7.1 / DLMF 8.17.2, via the
 * regularized incomplete beta). Checked against scipy.stats.t in test/reference/stats_reference.py.
 */

function tailProbability(t: number, nu: number): number {
  // one-sided P(T > |t|) = I_x(nu/2, 1/2) / 2 with x = nu/(nu+t^2), y = t^2/(nu+t^2) formed without cancellation
  const t2 = t * t;
  let x: number;
  let y: number;
  if (t2 > nu) {
    const r = nu / t2;
    x = r / (1 + r);
    y = 1 / (1 + r);
  } else {
    const r = t2 / nu;
    x = 1 / (1 + r);
    y = r / (1 + r);
  }
  return 0.5 * regularizedBeta(x, y, 0.5 * nu, 0.5)[0];
}

/**
 * Student-t distribution function P(T <= t).
 * @param t any number (+-Infinity allowed).
 * @param nu degrees of freedom, > 0 (need not be an integer).
 * @throws RiskInputError `INVALID_NUMBER`/`OUT_OF_DOMAIN` for NaN t or nu <= 0.
 */
export function studentTCdf(t: number, nu: number): number {
  positiveNumber('nu', nu);
  if (Number.isNaN(t)) finiteNumber('t', t);
  if (t === 0) return 0.5;
  const tail = tailProbability(t, nu);
  return t < 0 ? tail : 1 - tail;
}

/**
 * Student-t survival function P(T > t), accurate in the upper tail.
 * @throws RiskInputError as {@link studentTCdf}.
 */
export function studentTSf(t: number, nu: number): number {
  return studentTCdf(-t, nu);
}

/**
 * Student-t density f(t) = (1 + t^2/nu)^{-(nu+1)/2} / (sqrt(nu) B(nu/2, 1/2)).
 * @throws RiskInputError for NaN t or nu <= 0.
 */
export function studentTPdf(t: number, nu: number): number {
  positiveNumber('nu', nu);
  if (Number.isNaN(t)) finiteNumber('t', t);
  return Math.exp(-logBeta(0.5 * nu, 0.5) - 0.5 * Math.log(nu) - 0.5 * (nu + 1) * Math.log1p((t * t) / nu));
}

/**
 * Student-t quantile: t with P(T <= t) = p.
 *
 * Closed forms for nu = 1 (tan(pi (p - 1/2))) and nu = 2 ((2p - 1) / sqrt(2 p (1 - p)), Hill 1970);
 * otherwise a bracketed Newton iteration on ln P(T <= t) = ln p in the lower tail (symmetry for
 * p > 1/2), started from the normal quantile with the Cornish-Fisher terms of A&S 26.7.5.
 * @param p probability in (0, 1).
 * @param nu degrees of freedom, > 0.
 * @throws RiskInputError `OUT_OF_DOMAIN` unless 0 < p < 1 and nu > 0.
 */
export function studentTQuantile(p: number, nu: number): number {
  openUnitInterval('p', p);
  positiveNumber('nu', nu);
  if (p === 0.5) return 0;
  if (p > 0.5) return -lowerQuantile(1 - p, nu);
  return lowerQuantile(p, nu);
}

function lowerQuantile(q: number, nu: number): number {
  if (nu === 1) return -1 / Math.tan(Math.PI * q); // tan(pi (q - 1/2)) = -cot(pi q), accurate for small q
  if (nu === 2) return (2 * q - 1) / Math.sqrt(2 * q * (1 - q));
  const z = normInv(q);
  const z3 = z * z * z;
  const guess = z + (z3 + z) / (4 * nu) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96 * nu * nu);
  const logQ = Math.log(q);
  // g(t) = ln F(t) - ln q is increasing in t; g(0) = ln(1/2) - ln q > 0 for q < 1/2.
  return solveMonotone(
    (t) => Math.log(tailProbability(t, nu)) - logQ,
    (t) => {
      const f = Math.exp(
        -logBeta(0.5 * nu, 0.5) - 0.5 * Math.log(nu) - 0.5 * (nu + 1) * Math.log1p((t * t) / nu),
      );
      return f / tailProbability(t, nu);
    },
    Math.min(guess, -1e-3),
    Number.NEGATIVE_INFINITY,
    0,
  );
}
