import type { CoinView, TokenRisk } from './exposure-types.ts';
import { linearTokenRisk } from './exposure-types.ts';
import { requireFinite, requirePositive } from './guards.ts';
import type { OptionSettlement, OptionType } from './option.ts';

/** An option at or past its expiry. */
export interface ExpiredOptionInput {
  type: OptionType;
  settlement: OptionSettlement;
  quantity: number;
  contractSize: number;
  strike: number;
  /** Settlement (delivery index) price in USD, > 0. Fixed once the option has expired. */
  settlementPrice: number;
  /** Current spot of the underlying in USD, > 0: values a coin payout (inverse options). */
  spot: number;
}

/** Expired option: a settled cash (linear) or coin (inverse) amount, no option greeks. */
export interface ExpiredOptionExposure extends TokenRisk {
  marketValueUsd: number;
  /** Intrinsic value per unit at the settlement price, USD. */
  intrinsicUsd: number;
  coin?: Omit<CoinView, 'coin'>;
  expired: true;
}

/**
 * Expired option, settled at intrinsic value at `settlementPrice` (cash-settled European):
 * payoff per unit `max(S_T - K, 0)` (call) / `max(K - S_T, 0)` (put).
 * - Linear: the payout is USD cash, `units x intrinsic`: no token exposure at all.
 * - Inverse: the payout is coin, `units x intrinsic / S_T` coins, a coin balance:
 *   `deltaTokens` = that amount, valued at the current `spot`.
 * Gamma, vega and theta are zero.
 *
 * @throws RiskInputError for a non-finite quantity, non-positive contractSize/strike/prices.
 */
export function expiredOptionExposure(input: ExpiredOptionInput): ExpiredOptionExposure {
  const quantity = requireFinite('quantity', input.quantity);
  const contractSize = requirePositive('contractSize', input.contractSize);
  const strike = requirePositive('strike', input.strike);
  const settle = requirePositive('settlementPrice', input.settlementPrice);
  const spot = requirePositive('spot', input.spot);
  const intrinsicUsd = input.type === 'call' ? Math.max(settle - strike, 0) : Math.max(strike - settle, 0);
  const units = quantity * contractSize;
  if (input.settlement === 'linear') {
    return { ...linearTokenRisk(0, spot), marketValueUsd: units * intrinsicUsd, intrinsicUsd, expired: true };
  }
  const coins = (units * intrinsicUsd) / settle;
  return {
    ...linearTokenRisk(coins, spot),
    marketValueUsd: coins * spot,
    intrinsicUsd,
    coin: { coinValue: coins, coinDelta: 0 },
    expired: true,
  };
}
