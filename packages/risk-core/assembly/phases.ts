/*
 * Block phases of the SIMD kernels: branch-free f64x2 (WebAssembly SIMD) exp, log, erfcx over small
 * scratch arrays, written for DTE. Coefficients: assembly/coefficients.py (mpmath, 60 digits), stored
 * in constants.ts.
 *
 * Why phases: V8's optimising compiler (Node 20) neither hoists constant loads out of loops nor keeps
 * a long loop body's values in its 16 vector registers, and one long body per option is latency-bound
 * (its dependency chain exceeds the out-of-order window). Each phase below is a short loop over a block
 * whose constants are loaded once before the loop and stay in registers, and whose iterations are
 * independent, so the CPU overlaps many of them. Arrays hold one double per option; `bytes` is the
 * block length in bytes (a multiple of 16: one f64x2 per iteration).
 *
 *  expPhase: e^(hi + lo) by Cody & Waite reduction hi + lo = n ln2 + r, |r| <= ln2/2 (+ |lo|), ln2 split
 *    in a 32-bit head (n ln2_hi exact; hi - n ln2_hi exact by Sterbenz's lemma) and a tail;
 *    e^r = 1 + r + r^2 g(r), g of degree 9 (near-minimax, below 1e-17); 2^n is built in the exponent
 *    field by an integer shift of n. Domain -708.3 <= hi <= 709 (callers clamp); error about 1 ulp.
 *  logPhase: ln q for normal positive q: q = 2^e m, m in [sqrt(1/2), sqrt 2) from the exponent and
 *    mantissa bits, ln m = 2 atanh(u) = 2u + 2u w G(w), u = (m-1)/(m+1) (m - 1 exact), w = u^2, G of
 *    degree 8; ln q = e ln2_hi + (e ln2_lo + ln m).
 *  erfcxPhase: erfcx(a / sqrt 2) for a >= 0, erfcx(y) = e^{y^2} erfc(y), as ONE rational function
 *    P9(y)/Q10(y) on 0 <= y <= 27.5 (relative error 5e-17 in exact arithmetic, 1.1e-15 measured in
 *    double; the argument is clamped to 27.5, where the tails below are far under the smallest double):
 *    no blending of the small, middle and asymptotic ranges of Cody's approximations.
 *  halfSquarePhase: -a^2/2 as an exact head and a small tail from the split a = ah + al, ah = a with the
 *    low 27 mantissa bits cleared (ah^2 exact), so e^{-a^2/2} keeps ~1 ulp relative accuracy deep in the
 *    tail (W. J. Cody, Math. Comp. 23 (1969) 631-638 uses the same device); a is clamped to 37.6.
 * With n(a) = e^{-a^2/2}/sqrt(2 pi), the kernels form N(-a) = sqrt(pi/2) erfcx(a/sqrt 2) n(a).
 */
import {
  ERFCX_P0,
  ERFCX_P1,
  ERFCX_P2,
  ERFCX_P3,
  ERFCX_P4,
  ERFCX_P5,
  ERFCX_P6,
  ERFCX_P7,
  ERFCX_P8,
  ERFCX_P9,
  ERFCX_Q1,
  ERFCX_Q10,
  ERFCX_Q2,
  ERFCX_Q3,
  ERFCX_Q4,
  ERFCX_Q5,
  ERFCX_Q6,
  ERFCX_Q7,
  ERFCX_Q8,
  ERFCX_Q9,
  ERFCX_Y_MAX,
  EXP_BIAS,
  EXP_G0,
  EXP_G1,
  EXP_G2,
  EXP_G3,
  EXP_G4,
  EXP_G5,
  EXP_G6,
  EXP_G7,
  EXP_G8,
  EXP_G9,
  HALF,
  ik,
  INV_LN2,
  k,
  LN2_HI,
  LN2_LO,
  LOG_G0,
  LOG_G1,
  LOG_G2,
  LOG_G3,
  LOG_G4,
  LOG_G5,
  LOG_G6,
  LOG_G7,
  LOG_G8,
  MANTISSA_MASK,
  MINUS_HALF,
  NORMAL_A_MAX,
  ONE,
  SHIFTER,
  SPLIT_MASK,
  SQRT1_2,
  SQRT2,
  TWO52_BITS,
  TWO52_PLUS_BIAS,
} from './constants';

/** Largest block of the phases, in options. */
export const BLOCK: i32 = 128;
const B8: i32 = BLOCK << 3;
// Scratch private to the phases.
const TMP_A = memory.data(B8, 16);
const TMP_B = memory.data(B8, 16);
const TMP_C = memory.data(B8, 16);
const TMP_D = memory.data(B8, 16);
/** A block of zeros (the `lo` argument of expPhase when there is none). Never written. */
export const ZEROS = memory.data(B8, 16);

@inline export function fma(a: v128, b: v128, c: v128): v128 {
  return f64x2.add(f64x2.mul(a, b), c);
}

/** out = e^(hi + lo) over the block (out may alias hi or lo). */
export function expPhase(hi: usize, lo: usize, out: usize, bytes: usize): void {
  const invLn2 = k(INV_LN2);
  const shifter = k(SHIFTER);
  const ln2Hi = k(LN2_HI);
  const ln2Lo = k(LN2_LO);
  // Reduction: t (holds n in its low bits) to TMP_A, r to TMP_B.
  for (let j: usize = 0; j < bytes; j += 16) {
    const h = v128.load(hi + j);
    const t = fma(h, invLn2, shifter);
    const n = f64x2.sub(t, shifter);
    v128.store(TMP_A + j, t);
    v128.store(TMP_B + j, f64x2.add(f64x2.sub(f64x2.sub(h, f64x2.mul(n, ln2Hi)), f64x2.mul(n, ln2Lo)), v128.load(lo + j)));
  }
  const bias = ik(EXP_BIAS);
  // e^r = 1 + r + r^2 g(r), g by Estrin's scheme (short dependency chains: these loops are bound by
  // latency, the schedulers hold only a few iterations of a long chain), times 2^n from the bits of t.
  for (let j: usize = 0; j < bytes; j += 16) {
    const r = v128.load(TMP_B + j);
    const r2 = f64x2.mul(r, r);
    const r4 = f64x2.mul(r2, r2);
    const g01 = fma(k(EXP_G1), r, k(EXP_G0));
    const g23 = fma(k(EXP_G3), r, k(EXP_G2));
    const g45 = fma(k(EXP_G5), r, k(EXP_G4));
    const g67 = fma(k(EXP_G7), r, k(EXP_G6));
    const g89 = fma(k(EXP_G9), r, k(EXP_G8));
    const g = fma(fma(fma(g89, r4, fma(g67, r2, g45)), r4, fma(g23, r2, g01)), r2, r);
    v128.store(out + j, f64x2.mul(f64x2.add(k(ONE), g), i64x2.add(i64x2.shl(v128.load(TMP_A + j), 52), bias)));
  }
}

/** out = ln q over the block, q normal and positive (out may alias q). */
export function logPhase(q: usize, out: usize, bytes: usize): void {
  const mantissa = ik(MANTISSA_MASK);
  const oneBits = ik(EXP_BIAS);
  const two52 = ik(TWO52_BITS);
  const two52Bias = k(TWO52_PLUS_BIAS);
  const sqrt2 = k(SQRT2);
  const half = k(HALF);
  const one = k(ONE);
  // Reduction: e to TMP_A, u = (m-1)/(m+1) to TMP_B.
  for (let j: usize = 0; j < bytes; j += 16) {
    const x = v128.load(q + j);
    let m = v128.or(v128.and(x, mantissa), oneBits); // [1, 2)
    const big = f64x2.gt(m, sqrt2);
    m = v128.bitselect(f64x2.mul(m, half), m, big);
    const e = f64x2.sub(v128.or(i64x2.shr_u(x, 52), two52), two52Bias);
    v128.store(TMP_A + j, f64x2.add(e, v128.and(big, one)));
    v128.store(TMP_B + j, f64x2.div(f64x2.sub(m, one), f64x2.add(m, one)));
  }
  const ln2Hi = k(LN2_HI);
  const ln2Lo = k(LN2_LO);
  for (let j: usize = 0; j < bytes; j += 16) {
    const u = v128.load(TMP_B + j);
    const e = v128.load(TMP_A + j);
    const w = f64x2.mul(u, u);
    const w2 = f64x2.mul(w, w);
    const w4 = f64x2.mul(w2, w2);
    const G01 = fma(k(LOG_G1), w, k(LOG_G0));
    const G23 = fma(k(LOG_G3), w, k(LOG_G2));
    const G45 = fma(k(LOG_G5), w, k(LOG_G4));
    const G67 = fma(k(LOG_G7), w, k(LOG_G6));
    const G = fma(fma(k(LOG_G8), w4, fma(G67, w2, G45)), w4, fma(G23, w2, G01));
    const u2 = f64x2.add(u, u);
    const lnm = fma(f64x2.mul(u2, w), G, u2);
    v128.store(out + j, fma(e, ln2Hi, fma(e, ln2Lo, lnm)));
  }
}

/** P9(y) of the erfcx rational by Estrin's scheme (see expPhase), y >= 0. */
@inline function erfcxNum(y: v128, y2: v128, y4: v128, y8: v128): v128 {
  const p01 = fma(k(ERFCX_P1), y, k(ERFCX_P0));
  const p23 = fma(k(ERFCX_P3), y, k(ERFCX_P2));
  const p45 = fma(k(ERFCX_P5), y, k(ERFCX_P4));
  const p67 = fma(k(ERFCX_P7), y, k(ERFCX_P6));
  const p89 = fma(k(ERFCX_P9), y, k(ERFCX_P8));
  return fma(p89, y8, fma(fma(p67, y2, p45), y4, fma(p23, y2, p01)));
}

/** Q10(y) of the erfcx rational by Estrin's scheme, y >= 0; Q >= 1 and Q(27.5) < 3e10. */
@inline function erfcxDen(y: v128, y2: v128, y4: v128, y8: v128): v128 {
  const q01 = fma(k(ERFCX_Q1), y, k(ONE));
  const q23 = fma(k(ERFCX_Q3), y, k(ERFCX_Q2));
  const q45 = fma(k(ERFCX_Q5), y, k(ERFCX_Q4));
  const q67 = fma(k(ERFCX_Q7), y, k(ERFCX_Q6));
  const q8a = fma(k(ERFCX_Q10), y2, fma(k(ERFCX_Q9), y, k(ERFCX_Q8)));
  return fma(q8a, y8, fma(fma(q67, y2, q45), y4, fma(q23, y2, q01)));
}

/**
 * out1 = erfcx(min(a1 / sqrt 2, 27.5)), out2 = erfcx(min(a2 / sqrt 2, 27.5)) over the block, a >= 0
 * (outputs may alias inputs). One division for both: [P1 Q2, P2 Q1] / (Q1 Q2), Q1 Q2 < 1e21.
 * Three short loops (the numerators of both inputs, their denominators, then the quotients) rather
 * than one: with all four Estrin evaluations of an iteration in one body V8 spilled ~40 values per
 * iteration and the ~210-instruction body filled the out-of-order window; the short loops' iterations
 * overlap (same operations, same results; ~15-25% faster in a micro-benchmark than the single loop,
 * ~4% faster than four loops of one polynomial each).
 */
export function erfcxPhase2(a1: usize, a2: usize, out1: usize, out2: usize, bytes: usize): void {
  for (let j: usize = 0; j < bytes; j += 16) {
    const y = erfcxArg(a1 + j);
    const z = erfcxArg(a2 + j);
    v128.store(TMP_A + j, erfcxNumOf(y));
    v128.store(TMP_C + j, erfcxNumOf(z));
  }
  for (let j: usize = 0; j < bytes; j += 16) {
    const y = erfcxArg(a1 + j);
    const z = erfcxArg(a2 + j);
    v128.store(TMP_B + j, erfcxDenOf(y));
    v128.store(TMP_D + j, erfcxDenOf(z));
  }
  for (let j: usize = 0; j < bytes; j += 16) {
    const q1 = v128.load(TMP_B + j);
    const q2 = v128.load(TMP_D + j);
    const inv = f64x2.div(k(ONE), f64x2.mul(q1, q2));
    v128.store(out1 + j, f64x2.mul(f64x2.mul(v128.load(TMP_A + j), q2), inv));
    v128.store(out2 + j, f64x2.mul(f64x2.mul(v128.load(TMP_C + j), q1), inv));
  }
}

/** y = min(a / sqrt 2, 27.5) for the two values at `ptr`. */
@inline function erfcxArg(ptr: usize): v128 {
  return f64x2.pmin(f64x2.mul(v128.load(ptr), k(SQRT1_2)), k(ERFCX_Y_MAX));
}

/** P9(y) with its powers of y. */
@inline function erfcxNumOf(y: v128): v128 {
  const y2 = f64x2.mul(y, y);
  const y4 = f64x2.mul(y2, y2);
  return erfcxNum(y, y2, y4, f64x2.mul(y4, y4));
}

/** Q10(y) with its powers of y. */
@inline function erfcxDenOf(y: v128): v128 {
  const y2 = f64x2.mul(y, y);
  const y4 = f64x2.mul(y2, y2);
  return erfcxDen(y, y2, y4, f64x2.mul(y4, y4));
}

/** out = erfcx(min(a / sqrt 2, 27.5)) over the block, a >= 0 (out may alias a). */
export function erfcxPhase(a: usize, out: usize, bytes: usize): void {
  for (let j: usize = 0; j < bytes; j += 16) {
    const y = f64x2.pmin(f64x2.mul(v128.load(a + j), k(SQRT1_2)), k(ERFCX_Y_MAX));
    const y2 = f64x2.mul(y, y);
    const y4 = f64x2.mul(y2, y2);
    const y8 = f64x2.mul(y4, y4);
    v128.store(out + j, f64x2.div(erfcxNum(y, y2, y4, y8), erfcxDen(y, y2, y4, y8)));
  }
}

/** hi + lo = -min(a, 37.6)^2 / 2 with hi exact, over the block, a >= 0. */
export function halfSquarePhase(a: usize, hi: usize, lo: usize, bytes: usize): void {
  const aMax = k(NORMAL_A_MAX);
  const mask = ik(SPLIT_MASK);
  const minusHalf = k(MINUS_HALF);
  for (let j: usize = 0; j < bytes; j += 16) {
    const ac = f64x2.pmin(v128.load(a + j), aMax);
    const ah = v128.and(ac, mask);
    v128.store(hi + j, f64x2.mul(f64x2.mul(ah, ah), minusHalf));
    v128.store(lo + j, f64x2.mul(f64x2.mul(f64x2.sub(ac, ah), f64x2.add(ac, ah)), minusHalf));
  }
}
