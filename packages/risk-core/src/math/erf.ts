import { INV_SQRT_PI, SQRT_PI } from './constants.ts';
import { requireNumber } from './guards.ts';

/*
 * Error function family after W. J. Cody, "Rational Chebyshev approximations for the error
 * function", Math. Comp. 23 (1969) 631-638, with the coefficient sets of his later portable
 * implementation (Cody, ACM TOMS 19 (1993) 22-32, "CALERF"): maximal relative errors below 1e-18
 * (in exact arithmetic) on the three ranges
 *   |y| <= 0.46875        erf(y)  = y R1(y^2)
 *   0.46875 < y <= 4      erfcx(y) = R2(y)
 *   y > 4                 erfcx(y) = (1/sqrt(pi) - z R3(z)) / y,  z = 1/y^2
 * where erfcx(y) = exp(y^2) erfc(y). Only the published coefficients are reused; the evaluation
 * below (unrolled Horner) is this project's.
 */

/** Upper end of the small-argument range of the Cody approximations. */
export const ERF_SMALL = 0.46875;

// R1 = P1/Q1 for erf on |y| <= 0.46875 (degree 4 in y^2).
const A0 = 3.1611237438705655;
const A1 = 113.86415415105016;
const A2 = 377.485237685302;
const A3 = 3209.3775891384694;
const A4 = 0.18577770618460315;
const B0 = 23.601290952344122;
const B1 = 244.02463793444417;
const B2 = 1282.6165260773723;
const B3 = 2844.236833439171;

// R2 = P2/Q2 for erfcx on 0.46875 < y <= 4 (degree 8 in y).
const C0 = 0.5641884969886701;
const C1 = 8.883149794388377;
const C2 = 66.11919063714163;
const C3 = 298.6351381974001;
const C4 = 881.952221241769;
const C5 = 1712.0476126340707;
const C6 = 2051.0783778260716;
const C7 = 1230.3393547979972;
const C8 = 2.1531153547440383e-8;
const D0 = 15.744926110709835;
const D1 = 117.6939508913125;
const D2 = 537.1811018620099;
const D3 = 1621.3895745666903;
const D4 = 3290.7992357334597;
const D5 = 4362.619090143247;
const D6 = 3439.3676741437216;
const D7 = 1230.3393548037495;

// R3 = P3/Q3 for the asymptotic range y > 4 (degree 5/4 in z = 1/y^2).
const P0 = 0.30532663496123236;
const P1 = 0.36034489994980445;
const P2 = 0.12578172611122926;
const P3 = 0.016083785148742275;
const P4 = 0.0006587491615298378;
const P5 = 0.016315387137302097;
const Q0 = 2.568520192289822;
const Q1 = 1.8729528499234604;
const Q2 = 0.5279051029514285;
const Q3 = 0.06051834131244132;
const Q4 = 0.0023352049762686918;

/** erf(y) for |y| <= 0.46875 (no argument check; internal fast path). */
export function erfSmall(y: number): number {
  const z = y * y;
  const num = (((A4 * z + A0) * z + A1) * z + A2) * z + A3;
  const den = (((z + B0) * z + B1) * z + B2) * z + B3;
  return (y * num) / den;
}

/** erfcx(y) for 0.46875 < y <= 4: Cody's R2(y) (internal fast path, no check). */
export function erfcxMid(y: number): number {
  const num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7;
  const den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7;
  return num / den;
}

/**
 * w(y) = z R3(z), z = 1/y^2, for y > 4: erfcx(y) = (1/sqrt(pi) - w) / y and
 * 1 - sqrt(pi) y erfcx(y) = sqrt(pi) w exactly in this representation (internal, no check).
 */
export function erfcxAsymW(y: number): number {
  const z = 1 / (y * y);
  const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
  const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
  return (z * num) / den;
}

/**
 * erfcx(y) = exp(y^2) erfc(y) for y > 0.46875 (no argument check; internal fast path).
 * Relative error ~1 ulp; never overflows.
 */
export function erfcxLarge(y: number): number {
  return y <= 4 ? erfcxMid(y) : (INV_SQRT_PI - erfcxAsymW(y)) / y;
}

/**
 * 1 - sqrt(pi) y erfcx(y) for y > 0.46875, without the cancellation of the naive form for large y
 * (for y > 4 it equals sqrt(pi) z R3(z) exactly in the Cody representation).
 */
export function oneMinusSqrtPiYErfcx(y: number): number {
  return y <= 4 ? 1 - SQRT_PI * y * erfcxMid(y) : SQRT_PI * erfcxAsymW(y);
}

/**
 * exp(-y^2) with the argument split y = y16 + (y - y16), y16 = trunc(16 y) / 16, so that y16^2 is exact
 * and the error amplification |2 y^2| of exp(-fl(y^2)) is avoided (Cody 1993).
 */
export function expNegSquare(y: number): number {
  if (!(Math.abs(y) < 27.3)) return 0; // exp(-745.3) underflows; also maps +-Infinity to 0
  const y16 = Math.trunc(y * 16) / 16;
  const del = (y - y16) * (y + y16);
  return Math.exp(-y16 * y16) * Math.exp(-del);
}

/**
 * Error function erf(x) = 2/sqrt(pi) * integral_0^x exp(-t^2) dt (Cody 1969/1993).
 * Dimensionless; relative accuracy ~1e-16.
 * @throws {RiskInputError} `INVALID_NUMBER` for NaN.
 */
export function erf(x: number): number {
  requireNumber('x', x);
  const y = Math.abs(x);
  if (y <= ERF_SMALL) return erfSmall(x);
  const r = 1 - erfcxLarge(y) * expNegSquare(y);
  return x < 0 ? -r : r;
}

/**
 * Complementary error function erfc(x) = 1 - erf(x), accurate in relative terms in the right tail
 * (erfc(26) ~ 5.7e-296 to ~1e-16 relative) (Cody 1969/1993).
 * @throws {RiskInputError} `INVALID_NUMBER` for NaN.
 */
export function erfc(x: number): number {
  requireNumber('x', x);
  const y = Math.abs(x);
  if (y <= ERF_SMALL) return 1 - erfSmall(x);
  // Scale first so that the product only underflows when the result does.
  const r = erfcxLarge(y) * expNegSquare(y);
  return x < 0 ? 2 - r : r;
}

/**
 * Scaled complementary error function erfcx(x) = exp(x^2) erfc(x) (Cody 1969/1993).
 * Returns Infinity when exp(x^2) overflows (x < about -26.6).
 * @throws {RiskInputError} `INVALID_NUMBER` for NaN.
 */
export function erfcx(x: number): number {
  requireNumber('x', x);
  const y = Math.abs(x);
  if (y <= ERF_SMALL) return Math.exp(x * x) * (1 - erfSmall(x));
  const r = erfcxLarge(y);
  if (x >= 0) return r;
  if (y > 26.7) return Number.POSITIVE_INFINITY; // 2 exp(y^2) overflows
  // erfcx(-y) = 2 exp(y^2) - erfcx(y)
  const y16 = Math.trunc(y * 16) / 16;
  return 2 * Math.exp(y16 * y16) * Math.exp((y - y16) * (y + y16)) - r;
}
