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
 *    1/(q-t)^m - 1/(q+t)^m = 2 sum_{j odd} C(m,j) q^{m-j} t^j / r^m,  q = -h, r = q^2 - t^2
 *    (no cancellation inside a term).
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
export function millsDerivative(h: number, y: number): number {
  const a = -h;
  if (a <= NORMAL_SMALL) return 1 + h * y;
  return oneMinusSqrtPiYErfcx(a * Math.SQRT1_2);
}

/** 1/k, so the series below multiplies instead of dividing (divisions dominate a latency-bound loop). */
const INV = Float64Array.from({ length: 20 }, (_, k) => (k === 0 ? 0 : 1 / k));

/** Output of {@link taylorSums}: [even part, odd part]. */
export const TAYLOR_SUMS = new Float64Array(2);

/**
 * Taylor series of the Mills-type ratio Y = N/n around h <= 0, for t < SMALL_T: writes
 * even = sum_{k even} u_k and odd = sum_{k odd} u_k to {@link TAYLOR_SUMS}, where u_k = t^k Y^(k)(h)/k!,
 * so that Y(h+t) = even + odd, Y(h-t) = even - odd and Y(h+t) - Y(h-t) = 2 odd. From
 * Y^(k+1) = k Y^(k-1) + h Y^(k): u_{k+1} = t/(k+1) (t u_{k-1} + h u_k), all u_k > 0. The number of terms
 * is fixed by t: the first omitted odd term is below 1e-17 of the sum (bound t^(k-1)/k!! at h = 0,
 * where the terms decay slowest). `y0 = Y(h)`, `y1 = Y'(h)`.
 */
export function taylorSums(h: number, t: number, y0: number, y1: number): void {
  const kMax = t < 0.0174 ? 8 : t < 0.0502 ? 10 : t < 0.1025 ? 12 : t < 0.1737 ? 14 : 16;
  let um1 = y0;
  let u = t * y1;
  let even = um1;
  let odd = u;
  for (let k = 2; k <= kMax; k += 2) {
    // Two steps at once with coefficients off the dependency chain (ILP):
    // u_k = p u_{k-2} + q u_{k-1}, u_{k+1} = c (t + h q) u_{k-1} + c h p u_{k-2}, p = t^2/k, q = t h/k,
    // c = t/(k+1).
    const ck = t * (INV[k] as number);
    const ck1 = t * (INV[k + 1] as number);
    const p = ck * t;
    const q = ck * h;
    const ue = p * um1 + q * u;
    const uo = ck1 * (t + h * q) * u + ck1 * h * p * um1;
    even += ue;
    odd += uo;
    um1 = ue;
    u = uo;
  }
  TAYLOR_SUMS[0] = even;
  TAYLOR_SUMS[1] = odd;
}

/**
 * Y(h+t) - Y(h-t) for h <= 0 and small t (< SMALL_T) by the Taylor series of Y around h
 * ({@link taylorSums}); all terms positive, no cancellation.
 */
export function smallTBracket(h: number, t: number): number {
  const y0 = normMillsRatio(h);
  taylorSums(h, t, y0, millsDerivative(h, y0));
  return 2 * (TAYLOR_SUMS[1] as number);
}

/**
 * Y(h+t) - Y(h-t) for h + t < ASYMPTOTIC_H by the asymptotic series of the Mills ratio, differenced
 * in closed form: (2t/r) sum_n (-1)^n (2n-1)!! Qh^n S_n, Qh = (h/r)^2, r = h^2 - t^2, and
 * S_n = sum_{i=0..n} C(2n+1, 2i+1) e^i = ((1+u)^{2n+1} - (1-u)^{2n+1}) / (2u), e = u^2 = (t/h)^2.
 * S_n comes from the positive recurrence S' = (1+e) S + 2 C, C' = (1+e) C + 2 e S (C_n the even-power
 * companion, S_0 = C_0 = 1), so each term costs O(1). Terms decrease like (2n-1)!!/(h+t)^{2n}.
 */
export function asymptoticBracket(h: number, t: number): number {
  const q = -h;
  const r = (q - t) * (q + t);
  const qh = (q / r) * (q / r);
  const e = (t / q) * (t / q);
  const e1 = 1 + e;
  const e2 = 2 * e;
  let sn = 1;
  let cn = 1;
  let sum = 1;
  let coefficient = 1; // (-1)^n (2n-1)!! Qh^n
  for (let n = 1; n < 60; n++) {
    const next = e1 * sn + 2 * cn;
    cn = e1 * cn + e2 * sn;
    sn = next;
    coefficient *= -(2 * n - 1) * qh;
    const term = coefficient * sn;
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
