import { RiskInputError } from '../errors.ts';
import { INV_SQRT_2PI, SQRT_2PI, SQRT_PI_OVER_2 } from './constants.ts';
import { ERF_SMALL, erfcxLarge, erfSmall } from './erf.ts';
import { requireNumber } from './guards.ts';

/*
 * Standard normal distribution built on Cody's erf/erfcx (see erf.ts):
 *   N(x) = 1/2 + 1/2 erf(x / sqrt 2)                          for |x| <= 0.46875 sqrt 2
 *   N(-a) = 1/2 erfcx(a / sqrt 2) exp(-a^2 / 2)                for a > 0.46875 sqrt 2
 * The Gaussian factor is evaluated from a split of a itself, so the rounding of a / sqrt 2 only
 * enters the smooth erfcx factor: N(x) keeps ~1e-15 relative accuracy down to x = -37.5 and is
 * non-zero down to x = -38.4 (denormal range).
 */

/** |x| below which N(x) is evaluated through erf: 0.46875 * sqrt(2). */
export const NORMAL_SMALL = ERF_SMALL * Math.SQRT2;

/**
 * exp(-x^2 / 2) with the split x = xh + (x - xh), xh = trunc(16 x)/16 (xh^2 exact), so the result has
 * ~1 ulp relative error instead of the |x^2| ulp of exp(-fl(x*x)/2).
 */
export function expNegHalfSquare(x: number): number {
  if (!(Math.abs(x) < 38.6)) return 0; // underflow; also maps +-Infinity to 0
  const xh = Math.trunc(x * 16) / 16;
  const del = 0.5 * (x - xh) * (x + xh);
  return Math.exp(-del) * Math.exp(-0.5 * xh * xh);
}

/**
 * Lower tail N(-a) for a >= 0 given the density n(a) (computed by the caller, possibly shared with a
 * greek): N(-a) = sqrt(pi/2) erfcx(a / sqrt 2) n(a). Internal fast path; no argument check.
 */
export function normTailFromDensity(a: number, density: number): number {
  if (a <= NORMAL_SMALL) return 0.5 - 0.5 * erfSmall(a * Math.SQRT1_2);
  return SQRT_PI_OVER_2 * erfcxLarge(a * Math.SQRT1_2) * density;
}

/**
 * Mills-type ratio Y(h) = N(h) / n(h) for h <= 0 (Y(h) = sqrt(pi/2) erfcx(-h / sqrt 2)); finite for
 * all h <= 0. Internal; no argument check.
 */
export function normMillsRatio(h: number): number {
  const a = -h;
  if (a <= NORMAL_SMALL) {
    return (0.5 - 0.5 * erfSmall(a * Math.SQRT1_2)) / (INV_SQRT_2PI * Math.exp(-0.5 * a * a));
  }
  return SQRT_PI_OVER_2 * erfcxLarge(a * Math.SQRT1_2);
}

/**
 * Standard normal cumulative distribution N(x) = P(Z <= x), Z ~ N(0, 1).
 * Source: Cody (1969, 1993) erf/erfcx approximations; relative error ~1e-15 in both tails
 * (N(-38) = 2.9e-316 is returned as a non-zero denormal). Dimensionless.
 * @throws {RiskInputError} `INVALID_NUMBER` for NaN (infinities map to 0 and 1).
 */
export function normCdf(x: number): number {
  requireNumber('x', x);
  const a = Math.abs(x);
  if (a <= NORMAL_SMALL) return 0.5 + 0.5 * erfSmall(x * Math.SQRT1_2);
  if (!(a < 38.6)) return x < 0 ? 0 : 1; // N(-38.6) < 2^-1074; also +-Infinity
  const ah = Math.trunc(a * 16) / 16;
  const del = 0.5 * (a - ah) * (a + ah);
  // Multiply the normal-range factors first: the result rounds into the denormal range only once.
  const tail = 0.5 * erfcxLarge(a * Math.SQRT1_2) * Math.exp(-del) * Math.exp(-0.5 * ah * ah);
  return x < 0 ? tail : 1 - tail;
}

/**
 * Standard normal density n(x) = exp(-x^2/2) / sqrt(2 pi), ~1 ulp relative accuracy (split
 * exponent). Dimensionless.
 * @throws {RiskInputError} `INVALID_NUMBER` for NaN.
 */
export function normPdf(x: number): number {
  requireNumber('x', x);
  const a = Math.abs(x);
  if (!(a < 38.6)) return 0; // underflow; also +-Infinity
  const ah = Math.trunc(a * 16) / 16;
  const del = 0.5 * (a - ah) * (a + ah);
  return INV_SQRT_2PI * Math.exp(-del) * Math.exp(-0.5 * ah * ah);
}

// P. J. Acklam (2003), "An algorithm for computing the inverse normal cumulative distribution
// function": rational approximations with relative error < 1.15e-9, refined below by one Halley step.
const ACKLAM_A1 = -39.69683028665376;
const ACKLAM_A2 = 220.9460984245205;
const ACKLAM_A3 = -275.9285104469687;
const ACKLAM_A4 = 138.357751867269;
const ACKLAM_A5 = -30.66479806614716;
const ACKLAM_A6 = 2.506628277459239;
const ACKLAM_B1 = -54.47609879822406;
const ACKLAM_B2 = 161.5858368580409;
const ACKLAM_B3 = -155.6989798598866;
const ACKLAM_B4 = 66.80131188771972;
const ACKLAM_B5 = -13.28068155288572;
const ACKLAM_C1 = -0.007784894002430293;
const ACKLAM_C2 = -0.3223964580411365;
const ACKLAM_C3 = -2.400758277161838;
const ACKLAM_C4 = -2.549732539343734;
const ACKLAM_C5 = 4.374664141464968;
const ACKLAM_C6 = 2.938163982698783;
const ACKLAM_D1 = 0.007784695709041462;
const ACKLAM_D2 = 0.3224671290700398;
const ACKLAM_D3 = 2.445134137142996;
const ACKLAM_D4 = 3.754408661907416;
const ACKLAM_P_LOW = 0.02425;

/**
 * Acklam's rational approximation of N^{-1}(p) for 0 < p <= 1/2 (relative error < 1.15e-9).
 * Internal; used as the starting point of {@link normInv}.
 */
export function normInvAcklam(p: number): number {
  if (p < ACKLAM_P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((ACKLAM_C1 * q + ACKLAM_C2) * q + ACKLAM_C3) * q + ACKLAM_C4) * q + ACKLAM_C5) * q + ACKLAM_C6) /
      ((((ACKLAM_D1 * q + ACKLAM_D2) * q + ACKLAM_D3) * q + ACKLAM_D4) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((ACKLAM_A1 * r + ACKLAM_A2) * r + ACKLAM_A3) * r + ACKLAM_A4) * r + ACKLAM_A5) * r + ACKLAM_A6) *
      q) /
    (((((ACKLAM_B1 * r + ACKLAM_B2) * r + ACKLAM_B3) * r + ACKLAM_B4) * r + ACKLAM_B5) * r + 1)
  );
}

/** ln N(x) for x <= -1 without underflow: ln(erfcx(-x/sqrt2)/2) - x^2/2. */
function logNormCdfLeft(x: number): number {
  return Math.log(0.5 * erfcxLarge(-x * Math.SQRT1_2)) - 0.5 * x * x;
}

/** N^{-1}(p) for 0 < p <= 1/2. */
function normInvLower(p: number): number {
  let x = normInvAcklam(p);
  if (p > 1e-300) {
    // One Halley step on N(x) - p = 0 (cubic convergence: 1e-9 -> below 1 ulp).
    const e = normCdf(x) - p;
    const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
    x -= u / (1 + 0.5 * x * u);
  } else {
    // Deep (denormal) tail: Newton on ln N(x) = ln p, where N/n = Mills ratio never underflows.
    const lp = Math.log(p);
    for (let i = 0; i < 3; i++) {
      const f = logNormCdfLeft(x) - lp;
      const mills = SQRT_PI_OVER_2 * erfcxLarge(-x * Math.SQRT1_2);
      x -= f * mills;
    }
  }
  return x;
}

/**
 * Inverse standard normal cumulative distribution (quantile) x = N^{-1}(p).
 * Source: Acklam (2003) rational approximation refined by one Halley step against {@link normCdf};
 * relative error ~1e-15 (the conditioning of p near 1/2 and 1 is the only limit). Dimensionless.
 * `normInv(0) = -Infinity`, `normInv(1) = Infinity`.
 * @throws {RiskInputError} `INVALID_NUMBER` for NaN, `OUT_OF_DOMAIN` outside [0, 1].
 */
export function normInv(p: number): number {
  requireNumber('p', p);
  if (p < 0 || p > 1) throw new RiskInputError('OUT_OF_DOMAIN', 'p', p, 'must be a probability in [0, 1]');
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  // 1 - p is exact for p >= 1/2 (Sterbenz), so the symmetry costs no accuracy.
  return p < 0.5 ? normInvLower(p) : -normInvLower(1 - p);
}
