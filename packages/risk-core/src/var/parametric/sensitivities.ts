import { black76Batch } from '../../pricer/black76-batch.ts';
import type { CompiledPortfolio } from '../compile/types.ts';

/**
 * Second-order expansion of a USD P&L in the relative price moves u_i = g_i - 1 of the simulated
 * tokens: `P&L ~ carry + sum_i delta_i u_i + 1/2 sum_ij gamma_ij u_i u_j`.
 * `delta_i` is the USD P&L per unit relative move (the `deltaUsd` of the exposure layer, summed),
 * `gamma_ij` the USD second derivative (options: Gamma F^2, i.e. 100 x cash gamma), `carry` the
 * P&L at unchanged prices over the horizon (option time decay; theta-like).
 */
export interface QuadraticPnl {
  carry: number;
  /** d entries. */
  delta: Float64Array;
  /** d x d, row-major, symmetric. */
  gamma: Float64Array;
}

/** The expansion of the whole portfolio and of each contribution component. */
export interface Sensitivities {
  total: QuadraticPnl;
  /** One per token of `compiled.tokens` (terms attributed to that token). */
  byToken: QuadraticPnl[];
  /** One per account of `compiled.accounts`. */
  byAccount: QuadraticPnl[];
}

function zero(d: number): QuadraticPnl {
  return { carry: 0, delta: new Float64Array(d), gamma: new Float64Array(d * d) };
}

/**
 * Delta, gamma and horizon carry of a compiled portfolio (delta-gamma-theta in the price moves):
 * - linear terms: delta = coefficient, exact;
 * - options: delta = Q Delta F, gamma = Q Gamma F^2 (Black-76 forward greeks at the base market,
 *   DESIGN conventions), carry = Q (V(F, T - h/365) - V(F, T)) (exact time decay at unchanged
 *   forward, vols kept); the vega term vanishes because implied vols are kept (spec semantics);
 * - quanto: exact, a (u_X + u_C + u_X u_C) - b u_C (cross gamma a);
 * - leveraged tokens: delta = v L (the floor at 0 is ignored).
 * Every component gets the terms attributed to it, so the components add up to the total.
 */
export function portfolioSensitivities(c: CompiledPortfolio): Sensitivities {
  const d = c.tokens.length;
  const total = zero(d);
  const byToken = c.tokens.map(() => zero(d));
  const byAccount = c.accounts.map(() => zero(d));
  const targets = (token: number, account: number) => [
    total,
    byToken[token] as QuadraticPnl,
    byAccount[account] as QuadraticPnl,
  ];
  const addDelta = (token: number, account: number, i: number, v: number) => {
    for (const q of targets(token, account)) q.delta[i] = (q.delta[i] as number) + v;
  };
  const addGamma = (token: number, account: number, i: number, j: number, v: number) => {
    for (const q of targets(token, account)) q.gamma[i * d + j] = (q.gamma[i * d + j] as number) + v;
  };
  const addCarry = (token: number, account: number, v: number) => {
    for (const q of targets(token, account)) q.carry += v;
  };

  const la = c.linearByAccount;
  for (let e = 0; e < la.coefficient.length; e++) {
    const t = la.token[e] as number;
    addDelta(t, la.account[e] as number, t, la.coefficient[e] as number);
  }

  const o = c.options;
  const n = o.count;
  if (n > 0) {
    const out = () => new Float64Array(n);
    const greeks = { price: out(), delta: out(), gamma: out(), vega: out(), theta: out() };
    black76Batch(
      {
        isCall: o.isCall,
        forward: o.forward,
        strike: o.strike,
        expiryYears: o.expiryYears,
        vol: o.vol,
        rate: o.rate,
      },
      greeks,
    );
    const horizon = { price: out(), delta: out(), gamma: out(), vega: out(), theta: out() };
    black76Batch(
      {
        isCall: o.isCall,
        forward: o.forward,
        strike: o.strike,
        expiryYears: o.horizonExpiryYears,
        vol: o.vol,
        rate: o.rate,
      },
      horizon,
    );
    for (let k = 0; k < n; k++) {
      const t = o.token[k] as number;
      const f = o.forward[k] as number;
      const dUnit = (greeks.delta[k] as number) * f;
      const gUnit = (greeks.gamma[k] as number) * f * f;
      const cUnit = (horizon.price[k] as number) - (o.basePrice[k] as number);
      for (let e = o.accountStart[k] as number; e < (o.accountStart[k + 1] as number); e++) {
        const a = o.account[e] as number;
        const q = o.accountQuantity[e] as number;
        addDelta(t, a, t, q * dUnit);
        addGamma(t, a, t, t, q * gUnit);
        addCarry(t, a, q * cUnit);
      }
    }
  }

  const qt = c.quanto;
  for (let j = 0; j < qt.count; j++) {
    const x = qt.priceToken[j] as number;
    const cc = qt.coinToken[j] as number;
    const owner = x >= 0 ? x : cc;
    if (owner < 0) continue;
    const a = qt.a[j] as number;
    const b = qt.b[j] as number;
    const acct = qt.account[j] as number;
    if (x >= 0) addDelta(owner, acct, x, a);
    if (cc >= 0) addDelta(owner, acct, cc, a - b);
    if (x >= 0 && cc >= 0) {
      addGamma(owner, acct, x, cc, a);
      addGamma(owner, acct, cc, x, a);
    }
  }

  const lv = c.leveraged;
  for (let j = 0; j < lv.count; j++) {
    const t = lv.token[j] as number;
    addDelta(t, lv.account[j] as number, t, (lv.value[j] as number) * (lv.leverage[j] as number));
  }
  return { total, byToken, byAccount };
}
