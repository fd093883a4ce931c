import type { QuadraticPnl } from './sensitivities.ts';

/**
 * The P&L expansion rewritten in the log returns x ~ N(0, h Sigma) of the simulation: with
 * g_i = exp(x_i - h sigma_i^2 / 2), u_i = g_i - 1 = x_i + (x_i^2 - h sigma_i^2)/2 + O(x^3), so
 *
 *   P&L ~ c + a'x + x'Bx / 2,   a = delta,  B = gamma + diag(delta),
 *   c = carry - h/2 sum_i delta_i sigma_i^2.
 *
 * The diag(delta) term is the lognormal convexity of a linear position (a spot holding's P&L is
 * N (e^{x - h sigma^2/2} - 1), not N x), so the delta-gamma method is exact to second order for
 * linear books too.
 */
export interface LogQuadratic {
  c: number;
  a: Float64Array;
  /** d x d row-major, symmetric. */
  b: Float64Array;
}

/** @see LogQuadratic; `dailyCov` is d x d row-major, `horizonDays` h. */
export function toLogQuadratic(q: QuadraticPnl, dailyCov: Float64Array, horizonDays: number): LogQuadratic {
  const d = q.delta.length;
  const b = Float64Array.from(q.gamma);
  let c = q.carry;
  for (let i = 0; i < d; i++) {
    const di = q.delta[i] as number;
    b[i * d + i] = (b[i * d + i] as number) + di;
    c -= 0.5 * horizonDays * di * (dailyCov[i * d + i] as number);
  }
  return { c, a: Float64Array.from(q.delta), b };
}

/** First four cumulants of Q = c + a'x + x'Bx/2, x ~ N(0, S). */
export interface QuadraticCumulants {
  k1: number;
  k2: number;
  k3: number;
  k4: number;
}

function matMul(x: Float64Array, y: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const v = x[i * d + k] as number;
      if (v === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j] = (out[i * d + j] as number) + v * (y[k * d + j] as number);
    }
  }
  return out;
}

function matVec(m: Float64Array, v: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (m[i * d + j] as number) * (v[j] as number);
    out[i] = s;
  }
  return out;
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (y[i] as number);
  return s;
}

function trace(m: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += m[i * d + i] as number;
  return s;
}

/**
 * Cumulants of the quadratic form Q = c + a'x + x'Bx/2 with x ~ N(0, S) (Mathai & Provost,
 * "Quadratic Forms in Random Variables", 1992, Thm 3.2b.2; Jaschke, "The Cornish-Fisher expansion
 * in the context of delta-gamma-normal approximations", J. Risk 4(4), 2002, eq. 4):
 *
 *   k1 = c + tr(BS)/2,
 *   k_r = (r-1)!/2 tr((BS)^r) + r!/2 a'S(BS)^(r-2)a,   r >= 2,
 *
 * i.e. k2 = a'Sa + tr((BS)^2)/2, k3 = 3 a'SBSa + tr((BS)^3), k4 = 12 a'SBSBSa + 3 tr((BS)^4).
 *
 * @param s covariance of x, d x d row-major (h x the daily covariance).
 */
export function quadraticCumulants(q: LogQuadratic, s: Float64Array): QuadraticCumulants {
  const d = q.a.length;
  const m = matMul(q.b, s, d); // BS
  const m2 = matMul(m, m, d);
  const m3 = matMul(m2, m, d);
  const m4 = matMul(m3, m, d);
  const sa = matVec(s, q.a, d); // S a
  const bsa = matVec(q.b, sa, d); // B S a
  const sbsa = matVec(s, bsa, d); // S B S a
  return {
    k1: q.c + 0.5 * trace(m, d),
    k2: dot(q.a, sa) + 0.5 * trace(m2, d),
    k3: 3 * dot(q.a, sbsa) + trace(m3, d),
    k4: 12 * dot(bsa, sbsa) + 3 * trace(m4, d),
  };
}
