import { INV_SQRT_2PI } from '../math/constants.ts';
import { oneMinusSqrtPiYErfcx } from '../math/erf.ts';
import { NORMAL_SMALL, normMillsRatio } from '../math/normal.ts';

/*
 * Normalised Black function (P. Jaeckel, "Let's Be Rational", Wilmott 2015, section 2):
 *   b(x, s) = e^{x/2} N(x/s + s/2) - e^{-x/2} N(x/s - s/2),   x = ln(F/K), s = sigma sqrt(T),
 * the undiscounted call price divided by sqrt(F K). Everything here works on the out-of-the-money
 * call, x <= 0 (any option maps to it by put-call parity and the symmetry b(x,s,put) = b(-x,s,call)).
 *
 * With h = x/s, t = s/2 and the Mills-type ratio Y(z) = N(z)/n(z) one has, since
 * e^{x/2} n(h+t) = e^{-x/2} n(h-t) = e^{-(h^2+t^2)/2}/sqrt(2 pi),
 *   b = e^{-(h^2+t^2)/2}/sqrt(2 pi) * [Y(h+t) - Y(h-t)].
 * The bracket cancels when t is small against |h|. Three evaluations, each derived for this project:
 *  - small t (t < SMALL_T): Taylor series in t of the bracket, 2 sum_{k odd} t^k Y^(k)(h)/k!, with the
 *    derivatives from Y' = 1 + zY and Y^(k+1) = k Y^(k-1) + z Y^(k) (differentiate Y' = 1 + zY);
 *    Y'(h) comes from Cody's erfcx form without cancellation.
 *  - large negative h + t (h + t < ASYMPTOTIC_H): the asymptotic series
 *    Y(z) ~ sum_n (-1)^n (2n-1)!! (-1/z)^{2n+1}, differenced term by term in closed form:
 *    1/(q-t)^m - 1/(q+t)^m = 2 sum_{j odd} C(m,j) q^{m-j} t^j / r^m,  q = -h, r = q^2 - t^2;
 *    every term positive, no cancellation.
 *  - elsewhere: the two normal tails directly.
 */

/** Below this t = s/2 the small-t Taylor expansion is used (as in Jaeckel's LBR). */
export const SMALL_T = 0.21;
/** Below this h + t the asymptotic expansion is used. */
export const ASYMPTOTIC_H = -13;

/**
 * Y'(h) = 1 + h Y(h) for h <= 0, with relative accuracy: for -h/sqrt2 > 4 Cody's representation gives
 * it as sqrt(pi) z R3(z) exactly (no cancellation).
 */
function millsDerivative(h: number, y: number): number {
  const a = -h;
  if (a <= NORMAL_SMALL) return 1 + h * y;
  return oneMinusSqrtPiYErfcx(a * Math.SQRT1_2);
}

/**
 * Y(h+t) - Y(h-t) for h <= 0 and small t (< SMALL_T) by the Taylor series of Y around h.
 * All derivatives Y^(k)(h) = int_0^inf u^k e^{hu - u^2/2} du are positive, so the sum has no
 * cancellation.
 */
export function smallTBracket(h: number, t: number): number {
  const y0 = normMillsRatio(h);
  const y1 = millsDerivative(h, y0);
  const t2 = t * t;
  let ykm1 = y0;
  let yk = y1;
  let tk = t; // t^k / k!
  let sum = t * y1;
  for (let k = 1; k < 31; k += 2) {
    const yk1 = k * ykm1 + h * yk;
    const yk2 = (k + 1) * yk + h * yk1;
    tk *= t2 / ((k + 1) * (k + 2));
    const term = tk * yk2;
    sum += term;
    if (term <= 1e-17 * sum) break;
    ykm1 = yk1;
    yk = yk2;
  }
  return 2 * sum;
}

/**
 * Y(h+t) - Y(h-t) for h + t < ASYMPTOTIC_H by the asymptotic series of the Mills ratio, differenced
 * in closed form: sum_n (-1)^n (2n-1)!! (2t/r) Qh^n S_n(e), Qh = (h/r)^2, e = (t/h)^2,
 * S_n(e) = sum_{i=0..n} C(2n+1, 2i+1) e^i.
 */
export function asymptoticBracket(h: number, t: number): number {
  const q = -h;
  const r = (q - t) * (q + t);
  const qh = (q / r) * (q / r);
  const e = (t / q) * (t / q);
  let sum = 1;
  let doubleFactorial = 1;
  let qhPow = 1;
  let sign = 1;
  for (let n = 1; n < 40; n++) {
    doubleFactorial *= 2 * n - 1;
    qhPow *= qh;
    sign = -sign;
    const m = 2 * n + 1;
    let s = 0;
    let c = m; // C(m, 1)
    let ep = 1;
    for (let i = 0; i <= n; i++) {
      s += c * ep;
      c = (c * (m - 2 * i - 1) * (m - 2 * i - 2)) / ((2 * i + 2) * (2 * i + 3));
      ep *= e;
    }
    const term = sign * doubleFactorial * qhPow * s;
    sum += term;
    if (Math.abs(term) <= 1e-17 * sum) break;
  }
  return ((2 * t) / r) * sum;
}

/** N(z) for any z via the Mills ratio where it is small, with its own Gaussian factor. */
function cdf(z: number): number {
  if (z <= 0) return normMillsRatio(z) * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
  return 1 - normMillsRatio(-z) * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/**
 * Normalised Black call price b(x, s) for x <= 0 (out of the money), s > 0.
 * Source: Jaeckel (2015) eq. (2.3) with the three evaluations described above; relative accuracy a few
 * ulp times the conditioning of b in s. Dimensionless (price / (discount * sqrt(F K))).
 */
export function normalisedBlackOtm(x: number, s: number): number {
  const h = x / s;
  const t = 0.5 * s;
  if (h + t < ASYMPTOTIC_H) return INV_SQRT_2PI * Math.exp(-0.5 * (h * h + t * t)) * asymptoticBracket(h, t);
  if (t < SMALL_T) return INV_SQRT_2PI * Math.exp(-0.5 * (h * h + t * t)) * smallTBracket(h, t);
  const z1 = h + t;
  const z2 = h - t;
  if (z1 <= 0) {
    return INV_SQRT_2PI * Math.exp(-0.5 * (h * h + t * t)) * (normMillsRatio(z1) - normMillsRatio(z2));
  }
  return Math.exp(0.5 * x) * cdf(z1) - Math.exp(-0.5 * x) * cdf(z2);
}

/**
 * b_max - b(x, s) = e^{x/2} N(-(h+t)) + e^{-x/2} N(h-t) for x <= 0, s > 0 (b_max = e^{x/2}), accurate
 * when b is close to its upper bound (large s). Dimensionless.
 */
export function normalisedBlackOtmComplement(x: number, s: number): number {
  const h = x / s;
  const t = 0.5 * s;
  const z1 = h + t;
  if (z1 >= 0) {
    // Both tails are left tails: e^{-(h^2+t^2)/2}/sqrt(2 pi) [Y(-z1) + Y(h - t)].
    return INV_SQRT_2PI * Math.exp(-0.5 * (h * h + t * t)) * (normMillsRatio(-z1) + normMillsRatio(h - t));
  }
  // b <= b_max / 2 here, so the subtraction loses at most one bit.
  return Math.exp(0.5 * x) - normalisedBlackOtm(x, s);
}

/** Normalised vega db/ds = e^{-(h^2+t^2)/2} / sqrt(2 pi) (same for calls and puts). Dimensionless. */
export function normalisedVega(x: number, s: number): number {
  const h = x / s;
  const t = 0.5 * s;
  return INV_SQRT_2PI * Math.exp(-0.5 * (h * h + t * t));
}
