import type { CoinView, TokenRisk } from './exposure-types.ts';
import { linearTokenRisk } from './exposure-types.ts';
import { requireFinite, requirePositive } from './guards.ts';

/** A dated future at or past its expiry, linear or inverse. */
export interface ExpiredFutureInput {
  settlement: 'linear' | 'inverse';
  quantity: number;
  /** Linear: tokens per contract; inverse: USD face per contract. */
  contractSize: number;
  entryPrice: number;
  /** Final settlement price, USD, > 0; fixed once expired. */
  settlementPrice: number;
  /** Current spot, USD, > 0: values a coin payout (inverse). */
  spot: number;
}

/** Settled future: a USD (linear) or coin (inverse) amount. */
export interface ExpiredFutureExposure extends TokenRisk {
  pnlUsd: number;
  marketValueUsd: number;
  coin?: Omit<CoinView, 'coin'>;
  expired: true;
}

/**
 * Expired future, settled at `settlementPrice` `S_T`:
 * - linear: USD cash `tokens x (S_T - E)`, no token exposure;
 * - inverse: coin `Q (1/E - 1/S_T)` (BitMEX inverse P&L), a coin balance: `deltaTokens` = that
 *   amount, USD value at the current `spot`.
 *
 * @throws RiskInputError for a non-finite quantity or non-positive contractSize/prices.
 */
export function expiredFutureExposure(input: ExpiredFutureInput): ExpiredFutureExposure {
  const quantity = requireFinite('quantity', input.quantity);
  const contractSize = requirePositive('contractSize', input.contractSize);
  const entry = requirePositive('entryPrice', input.entryPrice);
  const settle = requirePositive('settlementPrice', input.settlementPrice);
  const spot = requirePositive('spot', input.spot);
  const size = quantity * contractSize;
  if (input.settlement === 'linear') {
    const pnlUsd = size * (settle - entry);
    return { ...linearTokenRisk(0, spot), pnlUsd, marketValueUsd: pnlUsd, expired: true };
  }
  const coins = size * (1 / entry - 1 / settle);
  return {
    ...linearTokenRisk(coins, spot),
    pnlUsd: coins * spot,
    marketValueUsd: coins * spot,
    coin: { coinValue: coins, coinDelta: 0 },
    expired: true,
  };
}
