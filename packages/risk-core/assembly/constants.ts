/*
 * Constants of the SIMD kernels, stored once in linear memory and read with `v128.load64_splat`.
 * Why memory and not `v128.const`: V8 (Node 20) materialises every 128-bit constant inside the loop
 * with three instructions (a 64-bit immediate move and two shuffles), while a splat load from memory
 * is one instruction (`movddup`). The values are referred to by their byte offset in TABLE.
 * Coefficients: assembly/coefficients.py (mpmath at 60 digits); see simd-math.ts for their use.
 */
export const TABLE: usize = memory.data<f64>([
  // 0-4: exp range reduction
  1.4426950408889634, // INV_LN2
  6.9314718036912382e-1, // LN2_HI (fdlibm ln2_hi, 32 significant bits)
  1.9082149292705877e-10, // LN2_LO
  6755399441055744.0, // SHIFTER = 1.5 * 2^52
  1.0, // ONE
  // 5-14: exp g(r), ascending powers
  0.5000000000000001, 0.16666666666666669, 0.041666666666624164, 0.008333333333330065,
  0.0013888888917196719, 0.00019841269863040545, 2.4801521322368692e-5, 2.7557268480310024e-6,
  2.7620075879983367e-7, 2.5100375832561234e-8,
  // 15-17: log constants
  1.4142135623730951, // SQRT2
  4503599627371519.0, // 2^52 + 1023
  0.5, // HALF
  // 18-26: log G(w), ascending powers
  0.3333333333333333, 0.19999999999999996, 0.1428571428571768, 0.11111111109929367, 0.09090909296828381,
  0.07692287566165049, 0.06667819334919911, 0.05844061821431555, 0.05940998601480729,
  // 27-36: erfcx numerator P0..P9
  1.0, 2.1927786727582466, 2.378449807971928, 1.639002173927484, 0.7830493514225437, 0.2678862134620146,
  0.06561810487462619, 0.011135582823487485, 0.0011971090535581276, 6.302339412709254e-5,
  // 37-46: erfcx denominator Q1..Q10 (Q0 = 1)
  3.3211578398537442, 5.125975125099497, 4.854140654337748, 3.1327356263557515, 1.4450103947435489,
  0.48462875426113283, 0.1173659728278673, 0.019793159689436686, 0.0021218205518869393,
  0.00011170605761801308,
  // 47-52: normal distribution
  0.3989422804014327, // INV_SQRT_2PI
  1.2533141373155003, // SQRT_PI_OVER_2
  0.7071067811865476, // SQRT1_2
  37.6, // NORMAL_A_MAX: n(a) = 0 beyond (e^{-a^2/2} leaves the normal doubles near 37.64)
  27.5, // ERFCX_Y_MAX
  -0.5, // MINUS_HALF
  // 53-64: Black-76 kernel
  1e-100, // FAST_MIN_PRICE
  1e100, // FAST_MAX_PRICE
  1e-30, // FAST_MIN_TIME
  1e30, // FAST_MAX_TIME
  -1e3, // -FAST_MAX_RATE
  1e3, // FAST_MAX_RATE
  -200, // -FAST_MAX_RT
  200, // FAST_MAX_RT
  0.01, // VEGA_SCALE (per vol point)
  1.0 / 365.0, // DAYS_INV (theta per calendar day)
  1e-300, // MIN_RATIO (F/K)
  1e300, // MAX_RATIO
  0.0, // ZERO
]);

export const INV_LN2: usize = 0;
export const LN2_HI: usize = 8;
export const LN2_LO: usize = 16;
export const SHIFTER: usize = 24;
export const ONE: usize = 32;
export const EXP_G0: usize = 40;
export const EXP_G1: usize = 48;
export const EXP_G2: usize = 56;
export const EXP_G3: usize = 64;
export const EXP_G4: usize = 72;
export const EXP_G5: usize = 80;
export const EXP_G6: usize = 88;
export const EXP_G7: usize = 96;
export const EXP_G8: usize = 104;
export const EXP_G9: usize = 112;
export const SQRT2: usize = 120;
export const TWO52_PLUS_BIAS: usize = 128;
export const HALF: usize = 136;
export const LOG_G0: usize = 144;
export const LOG_G1: usize = 152;
export const LOG_G2: usize = 160;
export const LOG_G3: usize = 168;
export const LOG_G4: usize = 176;
export const LOG_G5: usize = 184;
export const LOG_G6: usize = 192;
export const LOG_G7: usize = 200;
export const LOG_G8: usize = 208;
export const ERFCX_P0: usize = 216;
export const ERFCX_P1: usize = 224;
export const ERFCX_P2: usize = 232;
export const ERFCX_P3: usize = 240;
export const ERFCX_P4: usize = 248;
export const ERFCX_P5: usize = 256;
export const ERFCX_P6: usize = 264;
export const ERFCX_P7: usize = 272;
export const ERFCX_P8: usize = 280;
export const ERFCX_P9: usize = 288;
export const ERFCX_Q1: usize = 296;
export const ERFCX_Q2: usize = 304;
export const ERFCX_Q3: usize = 312;
export const ERFCX_Q4: usize = 320;
export const ERFCX_Q5: usize = 328;
export const ERFCX_Q6: usize = 336;
export const ERFCX_Q7: usize = 344;
export const ERFCX_Q8: usize = 352;
export const ERFCX_Q9: usize = 360;
export const ERFCX_Q10: usize = 368;
export const INV_SQRT_2PI: usize = 376;
export const SQRT_PI_OVER_2: usize = 384;
export const SQRT1_2: usize = 392;
export const NORMAL_A_MAX: usize = 400;
export const ERFCX_Y_MAX: usize = 408;
export const MINUS_HALF: usize = 416;
export const FAST_MIN_PRICE: usize = 424;
export const FAST_MAX_PRICE: usize = 432;
export const FAST_MIN_TIME: usize = 440;
export const FAST_MAX_TIME: usize = 448;
export const FAST_MIN_RATE: usize = 456;
export const FAST_MAX_RATE: usize = 464;
export const FAST_MIN_RT: usize = 472;
export const FAST_MAX_RT: usize = 480;
export const VEGA_SCALE: usize = 488;
export const DAYS_INV: usize = 496;
export const MIN_RATIO: usize = 504;
export const MAX_RATIO: usize = 512;
export const ZERO: usize = 520;

/** The constant at byte offset `offset` of TABLE in both lanes. */
@inline export function k(offset: usize): v128 {
  return v128.load64_splat(TABLE + offset);
}

/** Integer (bit-pattern) constants, read like TABLE with {@link ik}. */
export const ITABLE: usize = memory.data<i64>([
  0x000fffffffffffff, // MANTISSA_MASK
  0x3ff0000000000000, // EXP_BIAS: biased exponent 1023 in the exponent field (also the bits of 1.0)
  0x4330000000000000, // TWO52_BITS: OR-ing a 12-bit integer E gives the double 2^52 + E exactly
  0xfffffffff8000000, // SPLIT_MASK: clears the low 27 mantissa bits (head of 26 bits, exact square)
  1, // I64_ONE
]);
export const MANTISSA_MASK: usize = 0;
export const EXP_BIAS: usize = 8;
export const TWO52_BITS: usize = 16;
export const SPLIT_MASK: usize = 24;
export const I64_ONE: usize = 32;

/** The 64-bit integer constant at byte offset `offset` of ITABLE in both lanes. */
@inline export function ik(offset: usize): v128 {
  return v128.load64_splat(ITABLE + offset);
}
