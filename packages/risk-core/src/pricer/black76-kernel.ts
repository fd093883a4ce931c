import { RiskInputError } from '../errors.ts';
import { INV_SQRT_2PI, INV_SQRT_PI, SQRT_PI, SQRT_PI_OVER_2 } from '../math/constants.ts';
import { erfcxAsymW, erfcxMid, erfSmall } from '../math/erf.ts';
import { expFast } from '../math/fast-exp.ts';
import { NORMAL_SMALL } from '../math/normal.ts';
import { ASYMPTOTIC_H, asymptoticBracket, SMALL_T } from './normalised-black.ts';

/*
 * Black-76 price and greeks over index ranges of typed arrays: the one implementation behind both
 * `black76` (a range of length 1) and `black76Batch`.
 * Conventions of DESIGN.md:
 *   price = e^{-rT} [F N(d1) - K N(d2)] (call), put by parity, per 1 unit of underlying;
 *   delta_call = D N(d1), delta_put = -D N(-d1), gamma = D n(d1) / (F s), vega = D F n(d1) sqrt(T) / 100,
 *   theta = -(dP/dT)/365 = (r P - D F n(d1) sigma / (2 sqrt T)) / 365,  D = e^{-rT}, s = sigma sqrt T.
 * The price is D [intrinsic + time value]; the time value, shared by call and put (parity), is that of
 * the out-of-the-money option, F n(d1) [Y(h+t) - Y(h-t)] with h = -|ln(F/K)|/s, t = s/2 and
 * Y = N/n (normalised-black.ts). Three regimes, as in the implied-volatility solver:
 *  - t < SMALL_T: Taylor series of Y around h; it also yields N(d1) (Y(h+t) = even + odd part,
 *    Y(h-t) = even - odd part), so one erfcx serves the price and the delta;
 *  - h + t < ASYMPTOTIC_H: asymptotic series of the bracket;
 *  - otherwise F N(d1) - K N(d2) (or K N(-d2) - F N(-d1)) with both tails from erfcx and the
 *    shared density n(d2) = n(d1) F/K.
 * Each element is checked on the hot path with one combined comparison (NaN fails it); the cold path
 * throws a RiskInputError naming `<field>[i]`.
 * Written as one loop with small inlinable helpers: non-inlined calls with double arguments box
 * them in V8, which would dominate the cost.
 */

const DAYS = 365;

/** N(-a) for a >= 0 from the density n(a) (Cody's erf / erfcx). */
function tailFromDensity(a: number, density: number): number {
  if (a <= NORMAL_SMALL) return 0.5 - 0.5 * erfSmall(a * Math.SQRT1_2);
  const y = a * Math.SQRT1_2;
  const e = y <= 4 ? erfcxMid(y) : (INV_SQRT_PI - erfcxAsymW(y)) / y;
  return SQRT_PI_OVER_2 * e * density;
}

function badElement(field: string, i: number, value: number, rule: string): never {
  const invalid = !Number.isFinite(value);
  throw new RiskInputError(invalid ? 'INVALID_NUMBER' : 'OUT_OF_DOMAIN', `${field}[${i}]`, value, rule);
}

/** Throws for the first invalid field of element i (cold path). */
function rejectElement(i: number, c: number, F: number, K: number, T: number, v: number, r: number): never {
  if (!(F > 0 && F < Infinity)) badElement('forward', i, F, 'must be a finite number > 0');
  if (!(K > 0 && K < Infinity)) badElement('strike', i, K, 'must be a finite number > 0');
  if (!(T >= 0 && T < Infinity)) badElement('expiryYears', i, T, 'must be a finite number >= 0');
  if (!(v > 0 && v < Infinity)) badElement('vol', i, v, 'must be a finite number > 0');
  if (!(r > -Infinity && r < Infinity)) badElement('rate', i, r, 'must be a finite number');
  badElement('isCall', i, c, 'must be 1 (call) or 0 (put)');
}

/**
 * Black-76 over indices [start, end) (array lengths are the caller's responsibility). `rate` is per option when `rateArray` is non-null,
 * else `rateScalar`. `isCall[i]` is 1 for calls.
 */
export function black76Range(
  isCall: Uint8Array,
  forward: Float64Array,
  strike: Float64Array,
  expiryYears: Float64Array,
  volatility: Float64Array,
  rateArray: Float64Array | null,
  rateScalar: number,
  price: Float64Array,
  delta: Float64Array,
  gamma: Float64Array,
  vega: Float64Array,
  theta: Float64Array,
  start: number,
  end: number,
): void {
  for (let i = start; i < end; i++) {
    const F = forward[i] as number;
    const K = strike[i] as number;
    const T = expiryYears[i] as number;
    const vol = volatility[i] as number;
    const r = rateArray === null ? rateScalar : (rateArray[i] as number);
    const c = isCall[i] as number;
    if (
      !(F > 0 && F < Infinity && K > 0 && K < Infinity && T >= 0 && T < Infinity) ||
      !(vol > 0 && vol < Infinity && r > -Infinity && r < Infinity && c <= 1)
    ) {
      rejectElement(i, c, F, K, T, vol, r);
    }
    const sqT = Math.sqrt(T);
    const s = vol * sqT;
    const D = expFast(-r * T);
    if (!(s > 0)) {
      // Expiry (T = 0) or a total volatility that underflows: the zero-volatility limit. At the money
      // the one-sided derivatives are 0 and +-D; report their mean +-D/2 (also lim N(s/2), s -> 0).
      const p = D * (c === 1 ? (F > K ? F - K : 0) : K > F ? K - F : 0);
      price[i] = p;
      delta[i] = c === 1 ? (F > K ? D : F < K ? 0 : 0.5 * D) : F < K ? -D : F > K ? 0 : -0.5 * D;
      gamma[i] = 0;
      vega[i] = 0;
      theta[i] = (r * p) / DAYS;
      continue;
    }
    const fk = F / K;
    const x = Math.log(fk);
    const t = 0.5 * s;
    const h = (x < 0 ? x : -x) / s;
    const d1 = x / s + t;
    const nd1 = INV_SQRT_2PI * expFast(-0.5 * d1 * d1);
    let tv: number; // undiscounted time value of the out-of-the-money option
    let cdfPos: number; // N(d1)
    let cdfNeg: number; // N(-d1)
    if (t < SMALL_T && h + t >= ASYMPTOTIC_H) {
      // Y(h) and Y'(h) = 1 + h Y(h) without cancellation (Cody's representation for -h/sqrt2 > 4).
      const a = -h;
      let y0: number;
      let y1: number;
      if (a <= NORMAL_SMALL) {
        y0 = (0.5 - 0.5 * erfSmall(a * Math.SQRT1_2)) / (INV_SQRT_2PI * expFast(-0.5 * a * a));
        y1 = 1 + h * y0;
      } else {
        const yy = a * Math.SQRT1_2;
        if (yy <= 4) {
          const e = erfcxMid(yy);
          y0 = SQRT_PI_OVER_2 * e;
          y1 = 1 - SQRT_PI * yy * e;
        } else {
          const w = erfcxAsymW(yy);
          y0 = (SQRT_PI_OVER_2 * (INV_SQRT_PI - w)) / yy;
          y1 = SQRT_PI * w;
        }
      }
      // Taylor series: even = sum_{k even} t^k Y^(k)(h)/k!, odd = sum_{k odd}; all terms positive.
      let even = y0;
      let odd = t * y1;
      let ykm1 = y0;
      let yk = y1;
      let tk = t;
      for (let k = 1; k < 41; k += 2) {
        const yk1 = k * ykm1 + h * yk;
        const yk2 = (k + 1) * yk + h * yk1;
        const te = (tk * t) / (k + 1);
        tk = (te * t) / (k + 2);
        const termEven = te * yk1;
        const termOdd = tk * yk2;
        even += termEven;
        odd += termOdd;
        if (termEven <= 1e-17 * even && termOdd <= 1e-17 * odd) break;
        ykm1 = yk1;
        yk = yk2;
      }
      tv = 2 * F * nd1 * odd;
      // n(h+t) = n(d1) when x <= 0 (d1 = h + t); n(h-t) = n(d1) when x > 0 (h - t = -d1).
      // The tail taken from the series is <= N(t) - 1/2 + 1/2 < 0.59, so its complement keeps accuracy.
      if (x <= 0) {
        cdfPos = nd1 * (even + odd);
        cdfNeg = 1 - cdfPos;
      } else {
        cdfNeg = nd1 * (even - odd);
        cdfPos = 1 - cdfNeg;
      }
    } else {
      const a1 = d1 < 0 ? -d1 : d1;
      const tail1 = tailFromDensity(a1, nd1); // N(-|d1|)
      cdfPos = d1 < 0 ? tail1 : 1 - tail1;
      cdfNeg = d1 < 0 ? 1 - tail1 : tail1;
      if (h + t < ASYMPTOTIC_H) {
        tv = F * nd1 * asymptoticBracket(h, t);
      } else {
        const d2 = d1 - s;
        const tail2 = tailFromDensity(d2 < 0 ? -d2 : d2, nd1 * fk); // n(d2) = n(d1) F/K
        tv =
          x <= 0
            ? F * cdfPos - K * (d2 < 0 ? tail2 : 1 - tail2) // OTM call: F N(d1) - K N(d2)
            : K * (d2 > 0 ? tail2 : 1 - tail2) - F * cdfNeg; // OTM put: K N(-d2) - F N(-d1)
      }
    }
    let p: number;
    if (c === 1) {
      p = D * (F > K ? F - K + tv : tv);
      delta[i] = D * cdfPos;
    } else {
      p = D * (K > F ? K - F + tv : tv);
      delta[i] = -D * cdfNeg;
    }
    price[i] = p;
    const dn = D * nd1;
    gamma[i] = dn / (F * s);
    vega[i] = (dn * F * sqT) / 100;
    theta[i] = (r * p - (dn * F * vol) / (2 * sqT)) / DAYS;
  }
}
