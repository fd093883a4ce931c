/*
 * WebAssembly SIMD (f64x2) Black-76 kernels of DTE, compiled by AssemblyScript to
 * src/pricer/wasm/black76.wasm (`pnpm --filter @dte/risk-core build:wasm`). Conventions of DESIGN.md
 * (Black 1976; forward greeks; vega per vol point; theta per calendar day with F fixed):
 *   price = D [F N(d1) - K N(d2)] (call), D [K N(-d2) - F N(-d1)] (put), D = e^{-rT},
 *   d1,2 = ln(F/K)/s +- s/2, s = sigma sqrt T; delta = D N(d1) | -D N(-d1); gamma = D n(d1)/(F s);
 *   vega = D F n(d1) sqrt T / 100; theta = (r price - D F n(d1) sigma^2/(2 s)) / 365.
 * Both normal probabilities come from the left tails N(-|d|) = sqrt(pi/2) erfcx(|d|/sqrt 2) n(|d|) and
 * their complements, with n(d2) = n(d1) F/K (phases.ts).
 *
 * The kernels own no input or output memory: the TypeScript loader (src/pricer/wasm/) lays out the
 * arrays in linear memory and passes their addresses. Counts are even (the loader pads). Lanes outside
 * the SIMD domain (invalid input, expiry T = 0, the zero-volatility limit, extreme magnitudes; see
 * constants.ts FAST_*) are not computed reliably here: their indices are appended to the fallback list
 * and the loader recomputes them with the scalar kernel, which also raises the RiskInputError for
 * invalid input. Every other lane is computed without a branch.
 */
import {
  DAYS_INV,
  FAST_MAX_PRICE,
  FAST_MAX_RATE,
  FAST_MAX_RT,
  FAST_MAX_TIME,
  FAST_MIN_PRICE,
  FAST_MIN_RATE,
  FAST_MIN_RT,
  FAST_MIN_TIME,
  HALF,
  I64_ONE,
  ik,
  INV_SQRT_2PI,
  k,
  MAX_RATIO,
  MIN_RATIO,
  NORMAL_A_MAX,
  ONE,
  SQRT_PI_OVER_2,
  VEGA_SCALE,
  ZERO,
} from './constants';
import { BLOCK, erfcxPhase, erfcxPhase2, expPhase, fma, halfSquarePhase, logPhase, ZEROS } from './phases';

export { OPTION_PNL_RECORD, optionPnl } from './option-pnl';

const B8: i32 = BLOCK << 3;
// Scratch of one block, one double per option.
const S_S = memory.data(B8, 16); // s = sigma sqrt T
const S_SQT = memory.data(B8, 16); // sqrt T
const S_INVFS = memory.data(B8, 16); // 1/(F s)
const S_Q = memory.data(B8, 16); // F/K
const S_X = memory.data(B8, 16); // ln(F/K)
const S_NRT = memory.data(B8, 16); // -r T, then e^{-rT}
const S_D1 = memory.data(B8, 16); // d1
const S_A1 = memory.data(B8, 16); // |d1|, then erfcx(|d1|/sqrt 2)
const S_A2 = memory.data(B8, 16); // |d2|, then erfcx(|d2|/sqrt 2)
const S_HI = memory.data(B8, 16); // -d1^2/2 head, then e^{-d1^2/2}
const S_LO = memory.data(B8, 16); // -d1^2/2 tail

@inline function within(x: v128, lo: v128, hi: v128): v128 {
  return v128.and(f64x2.ge(x, lo), f64x2.le(x, hi));
}

/** Appends the indices i, i+1 of the lanes of `ok` that are false to the list; returns the new count. */
function recordFallback(ok: v128, i: i32, list: usize, count: i32): i32 {
  if (i64x2.extract_lane(ok, 0) == 0) {
    store<i32>(list + (<usize>count << 2), i);
    count++;
  }
  if (i64x2.extract_lane(ok, 1) == 0) {
    store<i32>(list + (<usize>count << 2), i + 1);
    count++;
  }
  return count;
}

/** isCall bytes i, i+1 as two 64-bit lanes (reads 8 bytes). */
@inline function loadFlags(ptr: usize): v128 {
  return i64x2.extend_low_i32x4_u(i32x4.extend_low_i16x8_u(v128.load8x8_u(ptr)));
}

/** The common tail of both kernels: a1 = |d1|, a2 = |d1 - s| and the split of -d1^2/2. */
function tailsPrologue(bytes: usize): void {
  for (let j: usize = 0; j < bytes; j += 16) {
    const d1 = v128.load(S_D1 + j);
    v128.store(S_A1 + j, f64x2.abs(d1));
    v128.store(S_A2 + j, f64x2.abs(f64x2.sub(d1, v128.load(S_S + j))));
  }
  halfSquarePhase(S_A1, S_HI, S_LO, bytes);
  expPhase(S_HI, S_LO, S_HI, bytes); // e^{-d1^2/2} (|d1| clamped to NORMAL_A_MAX)
}

/**
 * Price, delta, gamma, vega, theta of options 0 <= i < n (n even), inputs isCall (u8, 1 call / 0 put),
 * forward, strike, expiryYears (years), vol (decimal), rate (per option) at the given addresses, outputs
 * to the five addresses. Returns the number of fallback indices written to `fallback` (i32, capacity n).
 */
export function black76Full(
  n: i32,
  isCall: usize,
  forward: usize,
  strike: usize,
  expiry: usize,
  vol: usize,
  rate: usize,
  price: usize,
  delta: usize,
  gamma: usize,
  vega: usize,
  theta: usize,
  fallback: usize,
): i32 {
  let count = 0;
  for (let base = 0; base < n; base += BLOCK) {
    const bytes = <usize>min(BLOCK, n - base) << 3;
    const io = <usize>base << 3;
    const F0 = forward + io;
    const K0 = strike + io;
    const T0 = expiry + io;
    const V0 = vol + io;
    const R0 = rate + io;
    const C0 = isCall + <usize>base;
    {
      // Validation: the SIMD domain (constants.ts); NaN fails every comparison.
      const pMin = k(FAST_MIN_PRICE);
      const pMax = k(FAST_MAX_PRICE);
      const tMin = k(FAST_MIN_TIME);
      const tMax = k(FAST_MAX_TIME);
      const rMin = k(FAST_MIN_RATE);
      const rMax = k(FAST_MAX_RATE);
      const rtMin = k(FAST_MIN_RT);
      const rtMax = k(FAST_MAX_RT);
      const i64One = ik(I64_ONE);
      for (let j: usize = 0; j < bytes; j += 16) {
        const T = v128.load(T0 + j);
        const r = v128.load(R0 + j);
        const ok = v128.and(
          v128.and(
            v128.and(within(v128.load(F0 + j), pMin, pMax), within(v128.load(K0 + j), pMin, pMax)),
            v128.and(within(T, tMin, tMax), within(v128.load(V0 + j), tMin, tMax)),
          ),
          v128.and(
            v128.and(within(r, rMin, rMax), within(f64x2.mul(r, T), rtMin, rtMax)),
            i64x2.le_s(loadFlags(C0 + (j >> 3)), i64One),
          ),
        );
        if (!i64x2.all_true(ok)) count = recordFallback(ok, base + <i32>(j >> 3), fallback, count);
      }
    }
    {
      // Geometry: s, sqrt T, 1/(F s), F/K (its rounding is amplified by 1/s in d1: a division of its
      // own), -rT.
      const one = k(ONE);
      for (let j: usize = 0; j < bytes; j += 16) {
        const F = v128.load(F0 + j);
        const T = v128.load(T0 + j);
        const sqT = f64x2.sqrt(T);
        const s = f64x2.mul(v128.load(V0 + j), sqT);
        v128.store(S_S + j, s);
        v128.store(S_SQT + j, sqT);
        v128.store(S_INVFS + j, f64x2.div(one, f64x2.mul(F, s)));
        v128.store(S_Q + j, f64x2.div(F, v128.load(K0 + j)));
        v128.store(S_NRT + j, f64x2.neg(f64x2.mul(v128.load(R0 + j), T)));
      }
    }
    logPhase(S_Q, S_X, bytes);
    {
      // d1 = ln(F/K)/s + s/2, 1/s = F/(F s).
      const half = k(HALF);
      for (let j: usize = 0; j < bytes; j += 16) {
        const s = v128.load(S_S + j);
        const invS = f64x2.mul(v128.load(F0 + j), v128.load(S_INVFS + j));
        v128.store(S_D1 + j, fma(v128.load(S_X + j), invS, f64x2.mul(s, half)));
      }
    }
    tailsPrologue(bytes);
    expPhase(S_NRT, ZEROS, S_NRT, bytes); // discount factors
    erfcxPhase2(S_A1, S_A2, S_A1, S_A2, bytes);
    {
      // Price and greeks.
      const zero = k(ZERO);
      const one = k(ONE);
      const half = k(HALF);
      const i64One = ik(I64_ONE);
      const aMax = k(NORMAL_A_MAX);
      const invSqrt2Pi = k(INV_SQRT_2PI);
      const sqrtPiOver2 = k(SQRT_PI_OVER_2);
      for (let j: usize = 0; j < bytes; j += 16) {
        const F = v128.load(F0 + j);
        const K = v128.load(K0 + j);
        const d1 = v128.load(S_D1 + j);
        const D = v128.load(S_NRT + j);
        // n(d1), 0 beyond NORMAL_A_MAX; tails N(-|d1|), N(-|d2|) with n(d2) = n(d1) F/K.
        const n1 = v128.and(f64x2.mul(v128.load(S_HI + j), invSqrt2Pi), f64x2.le(f64x2.abs(d1), aMax));
        const sn1 = f64x2.mul(n1, sqrtPiOver2);
        const t1 = f64x2.mul(v128.load(S_A1 + j), sn1);
        const t2 = f64x2.mul(f64x2.mul(v128.load(S_A2 + j), sn1), v128.load(S_Q + j));
        const neg1 = f64x2.lt(d1, zero);
        const neg2 = f64x2.lt(f64x2.sub(d1, v128.load(S_S + j)), zero);
        const u1 = f64x2.sub(one, t1);
        const u2 = f64x2.sub(one, t2);
        const Nd1 = v128.bitselect(t1, u1, neg1);
        const Nmd1 = v128.bitselect(u1, t1, neg1);
        const Nd2 = v128.bitselect(t2, u2, neg2);
        const Nmd2 = v128.bitselect(u2, t2, neg2);
        const call = i64x2.eq(loadFlags(C0 + (j >> 3)), i64One);
        const callValue = f64x2.sub(f64x2.mul(F, Nd1), f64x2.mul(K, Nd2));
        const putValue = f64x2.sub(f64x2.mul(K, Nmd2), f64x2.mul(F, Nmd1));
        const p = f64x2.mul(D, v128.bitselect(callValue, putValue, call));
        const dn = f64x2.mul(D, n1);
        const dnF = f64x2.mul(dn, F);
        const invFs = v128.load(S_INVFS + j);
        const sigma = v128.load(V0 + j);
        const o = io + j;
        v128.store(price + o, p);
        v128.store(delta + o, f64x2.mul(D, v128.bitselect(Nd1, f64x2.neg(Nmd1), call)));
        v128.store(gamma + o, f64x2.mul(dn, invFs));
        v128.store(vega + o, f64x2.mul(f64x2.mul(dnF, v128.load(S_SQT + j)), k(VEGA_SCALE)));
        // D F n(d1) sigma / (2 sqrt T) = D F n(d1) sigma^2 / (2 s), 1/s = F/(F s)
        const decay = f64x2.mul(f64x2.mul(f64x2.mul(dnF, f64x2.mul(sigma, sigma)), f64x2.mul(F, invFs)), half);
        v128.store(theta + o, f64x2.mul(f64x2.sub(f64x2.mul(v128.load(R0 + j), p), decay), k(DAYS_INV)));
      }
    }
  }
  return count;
}

/** Doubles per contract record of {@link black76Prices}. */
export const CONTRACT_STRIDE: i32 = 8;

/**
 * Price-only kernel for Monte Carlo revaluation. `contracts` holds CONTRACT_STRIDE doubles per contract:
 * [fast (1: SIMD, 0: skip), isCall (1/0), strike K, unused, s = sigma sqrt T, 1/s, discount D, unused].
 * `forwards` and `prices` are contract-major with `stride` doubles per contract (stride even, >= paths):
 * contract c, path p at index c * stride + p; lanes p >= paths are padding (computed, not reported).
 * Contracts with fast = 0 are skipped (the loader prices them with the scalar kernel); forwards outside
 * [1e-150, 1e150] or with F/K outside [1e-300, 1e300] are listed as fallbacks (index c * stride + p).
 */
export function black76Prices(
  contractCount: i32,
  paths: i32,
  stride: i32,
  contracts: usize,
  forwards: usize,
  prices: usize,
  fallback: usize,
): i32 {
  let count = 0;
  for (let c = 0; c < contractCount; c++) {
    const rec = contracts + (<usize>c << 6);
    if (load<f64>(rec) != 1.0) continue;
    for (let base = 0; base < paths; base += BLOCK) {
      const bytes = <usize>((min(BLOCK, paths - base) + 1) & ~1) << 3;
      const first = c * stride + base;
      const F0 = forwards + (<usize>first << 3);
      {
        // Validation and F/K.
        const pMin = k(FAST_MIN_PRICE);
        const pMax = k(FAST_MAX_PRICE);
        const qMin = k(MIN_RATIO);
        const qMax = k(MAX_RATIO);
        const K = v128.load64_splat(rec, 16);
        for (let j: usize = 0; j < bytes; j += 16) {
          const F = v128.load(F0 + j);
          const q = f64x2.div(F, K); // not F (1/K): the rounding of F/K is amplified by 1/s in d1
          v128.store(S_Q + j, q);
          const ok = v128.and(within(F, pMin, pMax), within(q, qMin, qMax));
          if (!i64x2.all_true(ok)) count = recordFallback(ok, first + <i32>(j >> 3), fallback, count);
        }
      }
      logPhase(S_Q, S_X, bytes);
      {
        const s = v128.load64_splat(rec, 32);
        const invS = v128.load64_splat(rec, 40);
        const halfS = f64x2.mul(s, k(HALF));
        for (let j: usize = 0; j < bytes; j += 16) {
          v128.store(S_D1 + j, fma(v128.load(S_X + j), invS, halfS));
          v128.store(S_S + j, s);
        }
      }
      tailsPrologue(bytes);
      erfcxPhase2(S_A1, S_A2, S_A1, S_A2, bytes);
      {
        const call = f64x2.eq(v128.load64_splat(rec, 8), k(ONE));
        const K = v128.load64_splat(rec, 16);
        const s = v128.load64_splat(rec, 32);
        const D = v128.load64_splat(rec, 48);
        const zero = k(ZERO);
        const one = k(ONE);
        const aMax = k(NORMAL_A_MAX);
        const scale = f64x2.mul(k(INV_SQRT_2PI), k(SQRT_PI_OVER_2));
        const P0 = prices + (<usize>first << 3);
        for (let j: usize = 0; j < bytes; j += 16) {
          const F = v128.load(F0 + j);
          const d1 = v128.load(S_D1 + j);
          const sn1 = v128.and(f64x2.mul(v128.load(S_HI + j), scale), f64x2.le(f64x2.abs(d1), aMax));
          const t1 = f64x2.mul(v128.load(S_A1 + j), sn1);
          const t2 = f64x2.mul(f64x2.mul(v128.load(S_A2 + j), sn1), v128.load(S_Q + j));
          const neg1 = f64x2.lt(d1, zero);
          const neg2 = f64x2.lt(f64x2.sub(d1, s), zero);
          const u1 = f64x2.sub(one, t1);
          const u2 = f64x2.sub(one, t2);
          const callValue = f64x2.sub(
            f64x2.mul(F, v128.bitselect(t1, u1, neg1)),
            f64x2.mul(K, v128.bitselect(t2, u2, neg2)),
          );
          const putValue = f64x2.sub(
            f64x2.mul(K, v128.bitselect(u2, t2, neg2)),
            f64x2.mul(F, v128.bitselect(u1, t1, neg1)),
          );
          v128.store(P0 + j, f64x2.mul(D, v128.bitselect(callValue, putValue, call)));
        }
      }
    }
  }
  return count;
}

// Test hooks (accuracy tests of the phases): N(x), e^x and ln x over n doubles, n even.

export function normCdfBlock(n: i32, xs: usize, out: usize): void {
  for (let base = 0; base < n; base += BLOCK) {
    const bytes = <usize>min(BLOCK, n - base) << 3;
    const X0 = xs + (<usize>base << 3);
    const O0 = out + (<usize>base << 3);
    for (let j: usize = 0; j < bytes; j += 16) v128.store(S_A1 + j, f64x2.abs(v128.load(X0 + j)));
    halfSquarePhase(S_A1, S_HI, S_LO, bytes);
    expPhase(S_HI, S_LO, S_HI, bytes);
    erfcxPhase(S_A1, S_A2, bytes);
    const scale = f64x2.mul(k(INV_SQRT_2PI), k(SQRT_PI_OVER_2));
    for (let j: usize = 0; j < bytes; j += 16) {
      const x = v128.load(X0 + j);
      const a = v128.load(S_A1 + j);
      const sn = v128.and(f64x2.mul(v128.load(S_HI + j), scale), f64x2.le(a, k(NORMAL_A_MAX)));
      const t = f64x2.mul(v128.load(S_A2 + j), sn);
      v128.store(O0 + j, v128.bitselect(t, f64x2.sub(k(ONE), t), f64x2.lt(x, k(ZERO))));
    }
  }
}

export function expBlock(n: i32, xs: usize, out: usize): void {
  for (let base = 0; base < n; base += BLOCK) {
    const o = <usize>base << 3;
    expPhase(xs + o, ZEROS, out + o, <usize>min(BLOCK, n - base) << 3);
  }
}

export function logBlock(n: i32, xs: usize, out: usize): void {
  for (let base = 0; base < n; base += BLOCK) {
    const o = <usize>base << 3;
    logPhase(xs + o, out + o, <usize>min(BLOCK, n - base) << 3);
  }
}

/** First free byte of linear memory (after static data and scratch), 64-byte aligned. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~63;
}
