import { RiskInputError } from '../errors.ts';
import { INV_SQRT_2PI, INV_SQRT_PI, SQRT_PI, SQRT_PI_OVER_2 } from '../math/constants.ts';
import { erfcxAsymW, erfcxMid, erfSmall } from '../math/erf.ts';
import { expFast } from '../math/fast-exp.ts';
import { NORMAL_SMALL } from '../math/normal.ts';
import { ASYMPTOTIC_H, asymptoticBracket, SMALL_T, TAYLOR_SUMS, taylorSums } from './normalised-black.ts';

/*
 * Black-76 price and greeks over index ranges of typed arrays: the one implementation behind both
 * `black76` (a range of length 1) and `black76Batch`. Conventions of DESIGN.md:
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
 *
 * Performance: one option's computation is a long chain of dependent operations (log, exp, rational
 * functions), so a loop doing everything per option is latency-bound. The range is therefore cut
 * into blocks of BLOCK options and each block runs in phases (logarithms; common quantities; time value
 * per regime, each regime in its own loop; greeks) over small scratch arrays, so that consecutive
 * options' chains overlap in the CPU, branches on the regime are taken once per list, and each phase
 * function keeps V8's inlining budget for its own helpers (a non-inlined call with double arguments
 * boxes them). Each element is validated in the first phase with one combined comparison
 * (NaN fails it); the cold path throws a RiskInputError naming `<field>[i]`.
 */

const DAYS = 365;
const BLOCK = 256;

// Scratch of one block (index j = i - block start).
const S = new Float64Array(BLOCK); // s = sigma sqrt T (0: zero-volatility limit)
const SQT = new Float64Array(BLOCK);
const DISC = new Float64Array(BLOCK);
const RATE = new Float64Array(BLOCK);
const X = new Float64Array(BLOCK); // ln(F/K)
const INVS = new Float64Array(BLOCK);
const H = new Float64Array(BLOCK); // -|x| / s
const D1 = new Float64Array(BLOCK);
const ND1 = new Float64Array(BLOCK); // n(d1)
const TV = new Float64Array(BLOCK); // undiscounted OTM time value
const CDF_POS = new Float64Array(BLOCK); // N(d1)
const CDF_NEG = new Float64Array(BLOCK); // N(-d1)
const SERIES = new Int32Array(BLOCK); // indices j in the small-t regime
const DIRECT = new Int32Array(BLOCK); // indices j in the direct regime
const ASYMPTOTIC = new Int32Array(BLOCK); // indices j in the asymptotic regime

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

/** N(-a) for a >= 0 from the density n(a) (Cody's erf / erfcx). */
function tailFromDensity(a: number, density: number): number {
  if (a <= NORMAL_SMALL) return 0.5 - 0.5 * erfSmall(a * Math.SQRT1_2);
  const y = a * Math.SQRT1_2;
  const e = y <= 4 ? erfcxMid(y) : (INV_SQRT_PI - erfcxAsymW(y)) / y;
  return SQRT_PI_OVER_2 * e * density;
}

/** Phase 2, small-t regime: Taylor series around h for the options listed in SERIES[0..count). */
function seriesPhase(forward: Float64Array, base: number, count: number): void {
  for (let q = 0; q < count; q++) {
    const j = SERIES[q] as number;
    const h = H[j] as number;
    const t = 0.5 * (S[j] as number);
    const nd1 = ND1[j] as number;
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
    taylorSums(h, t, y0, y1);
    const even = TAYLOR_SUMS[0] as number;
    const odd = TAYLOR_SUMS[1] as number;
    TV[j] = (forward[base + j] as number) * (2 * nd1 * odd); // F last: no overflow for F near 1.8e308
    // n(h+t) = n(d1) when x <= 0 (d1 = h + t); n(h-t) = n(d1) when x > 0 (h - t = -d1). The tail taken
    // from the series is N(h +- t) < 0.59, so its complement keeps full accuracy.
    if ((X[j] as number) <= 0) {
      const p = nd1 * (even + odd);
      CDF_POS[j] = p;
      CDF_NEG[j] = 1 - p;
    } else {
      const n = nd1 * (even - odd);
      CDF_NEG[j] = n;
      CDF_POS[j] = 1 - n;
    }
  }
}

/** Phase 2, direct regime: both normal tails from erfcx for the options listed in DIRECT[0..count). */
function directPhase(forward: Float64Array, strike: Float64Array, base: number, count: number): void {
  for (let q = 0; q < count; q++) {
    const j = DIRECT[q] as number;
    const F = forward[base + j] as number;
    const K = strike[base + j] as number;
    const d1 = D1[j] as number;
    const d2 = d1 - (S[j] as number);
    const nd1 = ND1[j] as number;
    const tail1 = tailFromDensity(d1 < 0 ? -d1 : d1, nd1); // N(-|d1|)
    const tail2 = tailFromDensity(d2 < 0 ? -d2 : d2, (nd1 * F) / K); // n(d2) = n(d1) F/K
    const pos = d1 < 0 ? tail1 : 1 - tail1;
    const neg = d1 < 0 ? 1 - tail1 : tail1;
    CDF_POS[j] = pos;
    CDF_NEG[j] = neg;
    TV[j] =
      (X[j] as number) <= 0
        ? F * pos - K * (d2 < 0 ? tail2 : 1 - tail2) // OTM call: F N(d1) - K N(d2)
        : K * (d2 > 0 ? tail2 : 1 - tail2) - F * neg; // OTM put: K N(-d2) - F N(-d1)
  }
}

/** Phase 2, asymptotic regime (rare: far from the money at short expiries). */
function asymptoticPhase(forward: Float64Array, base: number, count: number): void {
  for (let q = 0; q < count; q++) {
    const j = ASYMPTOTIC[q] as number;
    const d1 = D1[j] as number;
    const nd1 = ND1[j] as number;
    const tail1 = tailFromDensity(d1 < 0 ? -d1 : d1, nd1);
    CDF_POS[j] = d1 < 0 ? tail1 : 1 - tail1;
    CDF_NEG[j] = d1 < 0 ? 1 - tail1 : tail1;
    // n(d1) = 0 (d1 beyond 38.6, e.g. F/K overflowing) means a time value below 2^-1074 F: skip the series.
    TV[j] =
      nd1 > 0
        ? (forward[base + j] as number) * (nd1 * asymptoticBracket(H[j] as number, 0.5 * (S[j] as number)))
        : 0;
  }
}

/**
 * Black-76 over indices [start, end) (array lengths are the caller's responsibility). `rate` is per
 * option when `rateArray` is non-null, else `rateScalar`. `isCall[i]` is 1 for calls, 0 for puts.
 * @throws {RiskInputError} naming `<field>[i]` for the first invalid element of a block (outputs of that
 * block are not written).
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
  for (let base = start; base < end; base += BLOCK) {
    const m = Math.min(BLOCK, end - base);
    let nSeries = 0;
    let nDirect = 0;
    let nAsymptotic = 0;
    // Phase 0: ln(F/K) in a loop of its own (Math.log is an out-of-line call that would force the
    // live values of phase 1 to be spilled around it). NaN or non-positive inputs give NaN here and
    // are rejected in phase 1 before any use.
    for (let j = 0; j < m; j++) X[j] = Math.log((forward[base + j] as number) / (strike[base + j] as number));
    // Phase 1: validation and the quantities every regime needs.
    for (let j = 0; j < m; j++) {
      const i = base + j;
      const c = isCall[i] as number;
      const F = forward[i] as number;
      const K = strike[i] as number;
      const T = expiryYears[i] as number;
      const vol = volatility[i] as number;
      const r = rateArray === null ? rateScalar : (rateArray[i] as number);
      if (
        !(F > 0 && F < Infinity && K > 0 && K < Infinity && T >= 0 && T < Infinity) ||
        !(vol > 0 && vol < Infinity && r > -Infinity && r < Infinity && c <= 1)
      ) {
        rejectElement(i, c, F, K, T, vol, r);
      }
      const sqT = Math.sqrt(T);
      const s = vol * sqT;
      S[j] = s;
      SQT[j] = sqT;
      RATE[j] = r;
      DISC[j] = expFast(-r * T);
      if (!(s > 0)) continue; // expiry or underflow: zero-volatility limit in phase 3
      const x = X[j] as number;
      const invS = 1 / s;
      const t = 0.5 * s;
      const h = (x < 0 ? x : -x) * invS;
      const d1 = x * invS + t;
      INVS[j] = invS;
      H[j] = h;
      D1[j] = d1;
      ND1[j] = INV_SQRT_2PI * expFast(-0.5 * d1 * d1);
      if (h + t < ASYMPTOTIC_H) ASYMPTOTIC[nAsymptotic++] = j;
      else if (t < SMALL_T) SERIES[nSeries++] = j;
      else DIRECT[nDirect++] = j;
    }
    // Phase 2: the out-of-the-money time value and N(+-d1), one loop per regime.
    seriesPhase(forward, base, nSeries);
    directPhase(forward, strike, base, nDirect);
    asymptoticPhase(forward, base, nAsymptotic);
    // Phase 3: price and greeks.
    for (let j = 0; j < m; j++) {
      const i = base + j;
      const call = isCall[i] === 1;
      const F = forward[i] as number;
      const K = strike[i] as number;
      const D = DISC[j] as number;
      const r = RATE[j] as number;
      if (!((S[j] as number) > 0)) {
        // At the money the one-sided derivatives are 0 and +-D; report their mean +-D/2 (also the
        // limit of N(s/2) as s -> 0).
        const p = D * (call ? (F > K ? F - K : 0) : K > F ? K - F : 0);
        price[i] = p;
        delta[i] = call ? (F > K ? D : F < K ? 0 : 0.5 * D) : F < K ? -D : F > K ? 0 : -0.5 * D;
        gamma[i] = 0;
        vega[i] = 0;
        theta[i] = (r * p) / DAYS;
        continue;
      }
      const tv = TV[j] as number;
      let p: number;
      if (call) {
        p = D * (F > K ? F - K + tv : tv);
        delta[i] = D * (CDF_POS[j] as number);
      } else {
        p = D * (K > F ? K - F + tv : tv);
        delta[i] = -D * (CDF_NEG[j] as number);
      }
      price[i] = p;
      const dn = D * (ND1[j] as number);
      const invS = INVS[j] as number;
      const vol = volatility[i] as number;
      gamma[i] = (dn * invS) / F;
      vega[i] = dn * F * (SQT[j] as number) * 0.01;
      // vol / (2 sqrt T) = vol^2 / (2 s)
      theta[i] = (r * p - 0.5 * dn * F * vol * vol * invS) * (1 / DAYS);
    }
  }
}
