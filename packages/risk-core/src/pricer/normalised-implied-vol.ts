import { INV_SQRT_2PI } from '../math/constants.ts';
import { normCdf, normInv, normPdf } from '../math/normal.ts';
import { rationalCubic, rationalCubicAt, rFitLeft, rFitRight } from '../math/rational-cubic.ts';
import { normalisedBlackOtm, normalisedBlackOtmComplement, normalisedVega } from './normalised-black.ts';

/*
 * Total implied volatility s = sigma sqrt(T) from a normalised out-of-the-money call price
 * beta = b(x, s), x <= 0, following the structure of P. Jaeckel, "Let's Be Rational" (Wilmott 2015):
 *
 * 1. Four branches for the initial guess, delimited by the inflection point s_c = sqrt(2|x|) of
 *    s -> b(x, s) and the tangent intercepts s_l = s_c - b_c/b'_c (with 0) and s_u = s_c + (b_max - b_c)/b'_c
 *    (with b_max = e^{x/2}):
 *    - beta < b_l: lower map f(s) = (2 pi/sqrt 27)|x| N(x / (sqrt(3) s))^3, which matches b(x, s) as s -> 0
 *      (derived from N(z) ~ n(z)/|z| and b ~ s^3 e^{-x^2/(2s^2)} / (sqrt(2 pi) x^2)); f is interpolated
 *      in beta by a rational cubic with f(0) = 0, f'(0) = 1 and value, slope and curvature at b_l, then
 *      inverted in closed form;
 *    - b_l <= beta <= b_c and b_c < beta <= b_u: rational cubic interpolation of the inverse s(beta) with
 *      slopes 1/b' and zero curvature at the inflection point;
 *    - beta > b_u: upper map f(s) = N(-s/2), which matches (b_max - b)/2 as s -> infinity, interpolated
 *      with f(b_max) = 0, f'(b_max) = -1/2 and inverted as s = -2 N^{-1}(f).
 * 2. Householder steps of order 3 (convergence order 4) on an objective adapted to the branch:
 *    g = 1/ln beta - 1/ln b(s) (lower), g = b(s) - beta (middle), g = ln(b_max - beta) - ln(b_max - b(s))
 *    (upper), using b''/b' = x^2/s^3 - s/4 and b'''/b' = (b''/b')^2 - 3x^2/s^4 - 1/4 (from
 *    ln b' = const - x^2/(2s^2) - s^2/8) and the chain rule for the transformed objectives, derived here.
 *    Step: s += nu (1 + gamma nu / 2) / (1 + nu (gamma + delta nu / 6)), nu = -g/g', gamma = g''/g',
 *    delta = g'''/g', kept inside the bracket known from the branch and from the sign of g.
 * The branch boundaries, maps and objectives are Jaeckel's; the formulas and code were derived and
 * written for this project.
 */

/** 2 pi / sqrt(27). */
const TWO_PI_OVER_SQRT27 = 1.2091995761561452;
const SQRT3 = 1.7320508075688772;
/** Relative step size after which one more order-4 step is not needed (1e-6^4 << 1 ulp). */
const STOP_STEP = 1e-6;
/** Safety cap; the bulk converges in at most 2 steps. */
const MAX_ITERATIONS = 12;

/** Result of {@link normalisedTotalVol}. */
export interface TotalVolSolution {
  /** Total volatility s = sigma sqrt(T). */
  readonly s: number;
  /** Householder steps taken. */
  readonly iterations: number;
}

type Objective = 0 | 1 | 2; // lower, middle, upper

/**
 * Solves b(x, s) = beta for s > 0, with x <= 0 and 0 < beta < e^{x/2}; `betaComplement` is
 * e^{x/2} - beta computed by the caller without cancellation. Dimensionless.
 */
export function normalisedTotalVol(x: number, beta: number, betaComplement: number): TotalVolSolution {
  const bMax = Math.exp(0.5 * x);
  let sc: number;
  let bc: number;
  let vc: number;
  if (x === 0) {
    sc = 0;
    bc = 0;
    vc = INV_SQRT_2PI;
  } else {
    sc = Math.sqrt(-2 * x);
    bc = normalisedBlackOtm(x, sc);
    vc = normalisedVega(x, sc);
  }
  let s: number;
  let sLeft: number;
  let sRight: number;
  let objective: Objective;
  if (beta < bc) {
    const sl = sc - bc / vc;
    const bl = sl > 0 ? normalisedBlackOtm(x, sl) : 0;
    const vl = sl > 0 ? normalisedVega(x, sl) : 0;
    if (beta < bl) {
      s = lowerGuess(x, beta, sl, bl, vl);
      sLeft = 0;
      sRight = sl;
      objective = 0;
    } else {
      const r = rFitRight(bl, bc, sl, sc, 1 / vl, 1 / vc, 0);
      s = rationalCubic(beta, bl, bc, Math.max(sl, 0), sc, 1 / vl, 1 / vc, r);
      sLeft = Math.max(sl, 0);
      sRight = sc;
      objective = 1;
    }
  } else {
    const su = sc + (bMax - bc) / vc;
    const cu = normalisedBlackOtmComplement(x, su);
    const bu = bMax - cu;
    const vu = normalisedVega(x, su);
    if (beta <= bu) {
      const r = rFitLeft(bc, bu, sc, su, 1 / vc, 1 / vu, 0);
      s = rationalCubic(beta, bc, bu, sc, su, 1 / vc, 1 / vu, r);
      sLeft = sc;
      sRight = su;
      objective = 1;
    } else {
      s = upperGuess(x, betaComplement, su, cu, vu);
      sLeft = su;
      sRight = Number.POSITIVE_INFINITY;
      objective = 2;
    }
  }
  if (!(s > sLeft && s < sRight)) s = bisect(sLeft, sRight, s);
  return householder(x, beta, betaComplement, s, sLeft, sRight, objective);
}

/** b''/b' as a function of s. */
function curvature(x: number, s: number): number {
  return (x * x) / (s * s * s) - 0.25 * s;
}

/** Initial guess on the lower branch (beta < b_l) through the map f(s) = C|x| N(x/(sqrt3 s))^3. */
function lowerGuess(x: number, beta: number, sl: number, bl: number, vl: number): number {
  const ax = -x;
  const z = x / (SQRT3 * sl);
  const cdf = normCdf(z);
  const pdf = normPdf(z);
  const fl = TWO_PI_OVER_SQRT27 * ax * cdf * cdf * cdf;
  const zs = -z / sl; // dz/ds
  const zss = (2 * z) / (sl * sl); // d2z/ds2
  const fs = 3 * TWO_PI_OVER_SQRT27 * ax * cdf * cdf * pdf * zs;
  const fss = 3 * TWO_PI_OVER_SQRT27 * ax * cdf * pdf * (2 * pdf * zs * zs - z * cdf * zs * zs + cdf * zss);
  const fb = fs / vl; // df/dbeta
  const fbb = (fss - fs * curvature(x, sl)) / (vl * vl); // d2f/dbeta2
  const r = rFitRight(0, bl, 0, fl, 1, fb, fbb);
  const f = rationalCubic(beta, 0, bl, 0, fl, 1, fb, r);
  if (!(f > 0)) return 0.5 * sl;
  const q = Math.cbrt(f / (TWO_PI_OVER_SQRT27 * ax));
  if (!(q < 0.5)) return 0.5 * sl;
  return x / (SQRT3 * normInv(q));
}

/** Initial guess on the upper branch (beta > b_u) through the map f(s) = N(-s/2). */
function upperGuess(x: number, betaComplement: number, su: number, cu: number, vu: number): number {
  const fu = normCdf(-0.5 * su);
  const pu = normPdf(0.5 * su);
  const fs = -0.5 * pu;
  const fss = 0.125 * su * pu;
  const fb = fs / vu;
  const fbb = (fss - fs * curvature(x, su)) / (vu * vu);
  const bu = Math.exp(0.5 * x) - cu;
  const bMax = Math.exp(0.5 * x);
  const r = rFitLeft(bu, bMax, fu, 0, fb, -0.5, fbb);
  const w = betaComplement / cu; // (b_max - beta) / (b_max - b_u), accurate near b_max
  const f = rationalCubicAt(1 - w, w, cu, fu, 0, fb, -0.5, r);
  if (!(f > 0 && f < 0.5)) return 2 * su;
  return -2 * normInv(f);
}

function bisect(sLeft: number, sRight: number, s: number): number {
  if (sRight === Number.POSITIVE_INFINITY) return Math.max(2 * sLeft, 2 * s, 1e-300);
  return 0.5 * (sLeft + sRight);
}

function householder(
  x: number,
  beta: number,
  betaComplement: number,
  s0: number,
  sLeft0: number,
  sRight0: number,
  objective: Objective,
): TotalVolSolution {
  let s = s0;
  let sLeft = sLeft0;
  let sRight = sRight0;
  const lnBeta = Math.log(beta);
  let iterations = 0;
  while (iterations < MAX_ITERATIONS) {
    iterations++;
    const bp = normalisedVega(x, s);
    const b2 = curvature(x, s);
    const b3 = b2 * b2 - (3 * x * x) / (s * s * s * s) - 0.25;
    let g: number;
    let nu: number;
    let gamma: number;
    let delta: number;
    if (objective === 1) {
      const b = normalisedBlackOtm(x, s);
      g = b - beta;
      nu = -g / bp;
      gamma = b2;
      delta = b3;
    } else if (objective === 0) {
      const b = normalisedBlackOtm(x, s);
      if (!(b > 0 && bp > 0)) {
        sLeft = s;
        s = bisect(sLeft, sRight, s);
        continue;
      }
      const lnB = Math.log(b);
      g = 1 / lnBeta - 1 / lnB; // -1/ln b is increasing in b
      const ratio = bp / b;
      const invL = 1 / lnB;
      // nu = -g/g' with g' = b'/(b ln^2 b); ln(beta/b) keeps the difference accurate.
      nu = Math.log(beta / b) * (lnB / lnBeta) * (1 / ratio);
      gamma = b2 - (1 + 2 * invL) * ratio;
      delta = (2 + 6 * invL + 6 * invL * invL) * ratio * ratio - 3 * (1 + 2 * invL) * ratio * b2 + b3;
    } else {
      const c = normalisedBlackOtmComplement(x, s);
      if (!(c > 0 && bp > 0)) {
        sRight = s;
        s = bisect(sLeft, sRight, s);
        continue;
      }
      g = Math.log(betaComplement / c);
      const ratio = bp / c;
      nu = -g / ratio;
      gamma = ratio + b2;
      delta = 2 * ratio * ratio + 3 * ratio * b2 + b3;
    }
    // g is increasing in s: its sign tells on which side of the root s lies.
    if (g > 0) sRight = Math.min(sRight, s);
    else if (g < 0) sLeft = Math.max(sLeft, s);
    else return { s, iterations: iterations - 1 };
    const factor = (1 + 0.5 * gamma * nu) / (1 + nu * (gamma + (delta * nu) / 6));
    const householderStep = factor > 0 && factor < 4;
    const ds = nu * (householderStep ? factor : 1);
    if (Math.abs(ds) <= 4 * Number.EPSILON * s) return { s: s + ds, iterations };
    let next = s + ds;
    const inside = next > sLeft && next < sRight;
    if (!inside) next = bisect(sLeft, sRight, s);
    s = next;
    // Convergence order 4: after a Householder step of relative size <= STOP_STEP the remaining error
    // is of order STOP_STEP^4 (far below 1 ulp), so no further evaluation is needed.
    if (inside && householderStep && Math.abs(ds) <= STOP_STEP * s) break;
  }
  return { s, iterations };
}
