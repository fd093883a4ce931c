/*
 * Fused Monte Carlo option revaluation (WebAssembly SIMD, f64x2): for every distinct contract, its
 * Black-76 price on every path of a block and the weighted P&L added to the caller's columns (per
 * token, per account). Written for DTE's VaR engine (src/var/engine/fused-option-valuation.ts).
 *
 * Under the revaluation semantics (every forward of token i moves by g = e^y, implied vol kept,
 * expiry shortened to T' = T - h/365), a contract c with base forward F0 and strike K has on a path
 *   ln(F/K) = ln(F0/K) + y,   F/K = (F0/K) g,
 * so d1 = (ln(F0/K) + y) / s + s/2 with s = sigma sqrt T' needs no logarithm per contract and path,
 * and with DK = e^{-r T'} K (per contract constants)
 *   call = DK [(F/K) N(d1) - N(d2)],   put = DK [N(-d2) - (F/K) N(-d1)]   (Black 1976).
 * The normal probabilities come, as in black76.ts, from N(-|d|) = sqrt(pi/2) erfcx(|d|/sqrt 2) n(|d|)
 * with one exponential per lane (n(d2) = n(d1) F/K); the phases are those of phases.ts.
 *
 * Memory (addresses passed by the loader): one record of OPTION_PNL_RECORD doubles per contract,
 *   [ln(F0/K), F0/K, s, 1/s, DK, isCall (1/0), base price, token];
 * token-major y and g (token t, path p at t * stride + p); the contract's entries (column, weight) in
 * CSR form (entryStart[c] .. entryStart[c + 1], i32 columns and f64 weights); column-major
 * accumulators columns[j * stride + p] += weight * (price - base price). Every lane is independent:
 * a path's result never depends on the block it is computed in. The loader keeps paths whose |y|
 * exceeds its bound, and contracts outside the kernel's domain, away from this kernel.
 */
import { HALF, INV_SQRT_2PI, k, NORMAL_A_MAX, ONE, SQRT_PI_OVER_2, ZERO } from './constants';
import { BLOCK, erfcxPhase2, expPhase, fma, halfSquarePhase } from './phases';

const B8: i32 = BLOCK << 3;
const P_D1 = memory.data(B8, 16); // d1
const P_Q = memory.data(B8, 16); // F/K
const P_A1 = memory.data(B8, 16); // |d1|, then erfcx(|d1|/sqrt 2)
const P_A2 = memory.data(B8, 16); // |d2|, then erfcx(|d2|/sqrt 2)
const P_HI = memory.data(B8, 16); // -d1^2/2 head, then e^{-d1^2/2}
const P_LO = memory.data(B8, 16); // -d1^2/2 tail
const P_DV = memory.data(B8, 16); // price - base price

/** Doubles per contract record of {@link optionPnl}. */
export const OPTION_PNL_RECORD: i32 = 8;

/**
 * Adds weight x (price - base price) of contracts 0 <= c < contractCount on paths 0 <= p < paths to
 * their columns (lanes up to the next even count are computed too: the loader pads them).
 */
export function optionPnl(
  contractCount: i32,
  paths: i32,
  stride: i32,
  records: usize,
  ys: usize,
  gs: usize,
  entryStart: usize,
  entryColumn: usize,
  entryWeight: usize,
  columns: usize,
): void {
  const stride8 = <usize>stride << 3;
  for (let c = 0; c < contractCount; c++) {
    const rec = records + (<usize>c << 6);
    const token = <usize>(<i32>load<f64>(rec, 56));
    const Y = ys + token * stride8;
    const G = gs + token * stride8;
    const e0 = load<i32>(entryStart + (<usize>c << 2));
    const e1 = load<i32>(entryStart + (<usize>(c + 1) << 2));
    for (let base = 0; base < paths; base += BLOCK) {
      const bytes = <usize>((min(BLOCK, paths - base) + 1) & ~1) << 3;
      const off = <usize>base << 3;
      {
        const x0 = v128.load64_splat(rec, 0);
        const r0 = v128.load64_splat(rec, 8);
        const s = v128.load64_splat(rec, 16);
        const invS = v128.load64_splat(rec, 24);
        const halfS = f64x2.mul(s, k(HALF));
        for (let j: usize = 0; j < bytes; j += 16) {
          const d1 = fma(f64x2.add(x0, v128.load(Y + off + j)), invS, halfS);
          v128.store(P_D1 + j, d1);
          v128.store(P_A1 + j, f64x2.abs(d1));
          v128.store(P_A2 + j, f64x2.abs(f64x2.sub(d1, s)));
          v128.store(P_Q + j, f64x2.mul(r0, v128.load(G + off + j)));
        }
      }
      halfSquarePhase(P_A1, P_HI, P_LO, bytes);
      expPhase(P_HI, P_LO, P_HI, bytes); // e^{-d1^2/2} (|d1| clamped to NORMAL_A_MAX)
      erfcxPhase2(P_A1, P_A2, P_A1, P_A2, bytes);
      {
        // A put is the call formula on the other tails, negated: with flip all ones for a put,
        // N(+-d) = t or 1 - t as neg XOR flip selects, and D K [N(-d2) - q N(-d1)] = -D K [q N(-d1) -
        // N(-d2)] exactly (IEEE negation and round-to-nearest are symmetric): one loop for both, the
        // flag per contract, no value computed and discarded.
        const s = v128.load64_splat(rec, 16);
        const isCall = load<f64>(rec, 40) == 1.0;
        const flip = isCall ? i64x2.splat(0) : i64x2.splat(-1);
        const DK = isCall ? v128.load64_splat(rec, 32) : f64x2.neg(v128.load64_splat(rec, 32));
        const basePrice = v128.load64_splat(rec, 48);
        const zero = k(ZERO);
        const one = k(ONE);
        const aMax = k(NORMAL_A_MAX);
        const scale = f64x2.mul(k(INV_SQRT_2PI), k(SQRT_PI_OVER_2));
        for (let j: usize = 0; j < bytes; j += 16) {
          const q = v128.load(P_Q + j);
          const d1 = v128.load(P_D1 + j);
          const sn1 = v128.and(f64x2.mul(v128.load(P_HI + j), scale), f64x2.le(f64x2.abs(d1), aMax));
          const t1 = f64x2.mul(v128.load(P_A1 + j), sn1); // N(-|d1|)
          const t2 = f64x2.mul(f64x2.mul(v128.load(P_A2 + j), sn1), q); // N(-|d2|)
          const m1 = v128.xor(f64x2.lt(d1, zero), flip);
          const m2 = v128.xor(f64x2.lt(f64x2.sub(d1, s), zero), flip);
          const n1 = v128.bitselect(t1, f64x2.sub(one, t1), m1); // call N(d1), put N(-d1)
          const n2 = v128.bitselect(t2, f64x2.sub(one, t2), m2); // call N(d2), put N(-d2)
          v128.store(P_DV + j, f64x2.sub(f64x2.mul(DK, f64x2.sub(f64x2.mul(q, n1), n2)), basePrice));
        }
      }
      for (let e = e0; e < e1; e++) {
        const col = columns + <usize>load<i32>(entryColumn + (<usize>e << 2)) * stride8 + off;
        const w = v128.load64_splat(entryWeight + (<usize>e << 3));
        for (let j: usize = 0; j < bytes; j += 16) {
          v128.store(col + j, fma(w, v128.load(P_DV + j), v128.load(col + j)));
        }
      }
    }
  }
}
