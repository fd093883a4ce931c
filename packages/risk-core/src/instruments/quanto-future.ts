import type { TokenRisk } from './exposure-types.ts';
import { linearTokenRisk } from './exposure-types.ts';
import { requireFinite, requirePositive } from './guards.ts';

/** A quanto future or perpetual: USD price of token X, P&L paid in coin C. */
export interface QuantoFutureInput {
  /** Contracts, signed (positive long). */
  quantity: number;
  /** Coin C per contract per 1 USD of X's price, > 0 (BitMEX ETHUSD: 0.000001 XBT). */
  multiplier: number;
  /** Current forward (spot for a perpetual) of X in USD, > 0. */
  forward: number;
  /** Entry price of X in USD, > 0. */
  entryPrice: number;
  /** Spot price of the settlement coin C in USD, > 0. */
  settlementPrice: number;
}

/** Quanto risk: exposure to the price token X and to the settlement coin C. */
export interface QuantoFutureExposure {
  /** Risk on X: `deltaTokens = quantity x multiplier x S_C` tokens of X. */
  priceToken: TokenRisk;
  /** Risk on C: the P&L in C held as a coin balance, `deltaTokens = pnlCoin`. */
  settlementCoin: TokenRisk;
  /** P&L in C: `quantity x multiplier x (F_X - E)`. */
  pnlCoin: number;
  /** USD value of the P&L: `pnlCoin x S_C`. */
  pnlUsd: number;
  marketValueUsd: number;
}

/**
 * Quanto future/perpetual (DESIGN; BitMEX ETHUSD "XBT value = price x multiplier x contracts"):
 * P&L in C `quantity x multiplier x (F_X - E)`, USD P&L `pnlCoin x S_C`. Exposure to X is
 * `quantity x multiplier x S_C` tokens of X (`dPnL_usd/dF_X`), notional
 * `|quantity x multiplier x F_X x S_C|` USD; exposure to C is the P&L in C (`dPnL_usd/dS_C`).
 * Own gammas are zero; the cross-gamma `quantity x multiplier` (d2PnL/dF_X dS_C) is not reported
 * here (full revaluation in scenarios captures it).
 *
 * @throws RiskInputError `INVALID_NUMBER`/`OUT_OF_DOMAIN` for non-finite quantity or non-positive
 *   multiplier/forward/entryPrice/settlementPrice.
 */
export function quantoFutureExposure(input: QuantoFutureInput): QuantoFutureExposure {
  const quantity = requireFinite('quantity', input.quantity);
  const multiplier = requirePositive('multiplier', input.multiplier);
  const forward = requirePositive('forward', input.forward);
  const entry = requirePositive('entryPrice', input.entryPrice);
  const coinPrice = requirePositive('settlementPrice', input.settlementPrice);
  const xTokens = quantity * multiplier * coinPrice;
  const pnlCoin = quantity * multiplier * (forward - entry);
  const pnlUsd = pnlCoin * coinPrice;
  return {
    priceToken: linearTokenRisk(xTokens, forward),
    settlementCoin: linearTokenRisk(pnlCoin, coinPrice),
    pnlCoin,
    pnlUsd,
    marketValueUsd: pnlUsd,
  };
}
