/**
 * A portfolio compiled for fast full revaluation under joint moves of the token prices (Monte Carlo,
 * historical simulation): every position is reduced to terms in the gross returns `g_i = S_i'/S_i`
 * of the simulated tokens (spot and every forward of token i move by the same factor g_i, implied
 * vols are kept, expiries are shortened by the horizon). Terms are attributed to one token and one
 * account for the contributions. Typed arrays throughout; nothing here is JSON.
 */

/** Sparse (account, token, coefficient) entries of the linear terms. */
export interface LinearByAccount {
  account: Int32Array;
  token: Int32Array;
  coefficient: Float64Array;
}

/**
 * Distinct option contracts (underlying, call/put, strike, expiry): positions on the same contract
 * collapse into one priced contract with a summed quantity `q x contractSize` (linear and inverse
 * options alike: their USD P&L is the same, spec "USD P&L per kind"), split per account in CSR form.
 */
export interface OptionContracts {
  count: number;
  /** Index of the underlying in `CompiledPortfolio.tokens`. */
  token: Int32Array;
  /** 1 call, 0 put. */
  isCall: Uint8Array;
  /** Base forward F of the contract's expiry, USD. */
  forward: Float64Array;
  strike: Float64Array;
  /** Years to expiry at valuation, T (> 0). */
  expiryYears: Float64Array;
  /** Years to expiry at the horizon, max(T - h/365, 0) (0: priced at intrinsic value). */
  horizonExpiryYears: Float64Array;
  /** Implied vol, kept fixed over the horizon (the contract's vol at the base market). */
  vol: Float64Array;
  /** Continuously compounded rate (the document's). */
  rate: number;
  /** Black-76 USD price per unit at (F, T): V(F, T). */
  basePrice: Float64Array;
  /** Sum over positions of quantity x contractSize (units of underlying, signed). */
  quantity: Float64Array;
  /** CSR split per account: entries accountStart[c] .. accountStart[c+1]-1 of account/accountQuantity. */
  accountStart: Int32Array;
  account: Int32Array;
  accountQuantity: Float64Array;
  /** Readable key per contract (`BTC call 100000 2026-12-25T08:00:00.000Z`). */
  labels: string[];
}

/**
 * Quanto futures/perps: USD value q m (F_X g_X - E) S_C g_C, so the P&L is
 * `a g_X g_C - b g_C - (a - b)` with a = q m F_X S_C, b = q m E S_C. Token index -1 = a stablecoin
 * (g = 1). Attributed to X.
 */
export interface QuantoTerms {
  count: number;
  priceToken: Int32Array;
  coinToken: Int32Array;
  a: Float64Array;
  b: Float64Array;
  account: Int32Array;
}

/**
 * Leveraged tokens: value h n' with n' = max(0, n (1 + L (g - 1))) (one rebalance over the
 * horizon), so the P&L is `v (max(0, 1 + L (g - 1)) - 1)` with v = h n the base value.
 */
export interface LeveragedTerms {
  count: number;
  token: Int32Array;
  value: Float64Array;
  leverage: Float64Array;
  account: Int32Array;
}

/** Portfolio compiled for the revaluation engine. */
export interface CompiledPortfolio {
  /** Simulated (non-stable) tokens, in the covariance's order. */
  tokens: string[];
  /** Accounts in first-seen order of the document's positions. */
  accounts: string[];
  horizonDays: number;
  /** USD P&L per unit of (g_i - 1) of the terms linear in prices (spot, futures, perps, lending, settled). */
  linear: Float64Array;
  linearByAccount: LinearByAccount;
  options: OptionContracts;
  quanto: QuantoTerms;
  leveraged: LeveragedTerms;
  /** Number of positions compiled. */
  positions: number;
}
