import type { TokenRisk } from './exposure-types.ts';
import { linearTokenRisk } from './exposure-types.ts';
import { requireFinite, requirePositive } from './guards.ts';

/** A linear (USD/stablecoin-settled) future or perpetual. */
export interface LinearFutureInput {
  /** Contracts, signed (positive long). */
  quantity: number;
  /** Tokens of the underlying per contract, > 0 (e.g. Binance USD-M BTCUSDT 1, OKX BTC-USDT-SWAP 0.01). */
  contractSize: number;
  /** Current forward of the contract's expiry (spot for a perpetual), USD, > 0. */
  forward: number;
  /** Entry price, USD, > 0. */
  entryPrice: number;
}

/** Linear future risk plus its unrealised P&L. */
export interface LinearFutureExposure extends TokenRisk {
  /** Unrealised USD P&L `tokens x (F - E)`; a future's value is its P&L. */
  pnlUsd: number;
  marketValueUsd: number;
}

/**
 * Linear future/perpetual (DESIGN): `tokens = quantity x contractSize`; USD P&L `tokens x (F - E)`;
 * token delta = tokens; `deltaUsd = tokens x F`; notional `|tokens| x F`; no gamma/vega/theta.
 *
 * @throws RiskInputError `INVALID_NUMBER`/`OUT_OF_DOMAIN` for non-finite quantity or non-positive
 *   contractSize/forward/entryPrice.
 */
export function linearFutureExposure(input: LinearFutureInput): LinearFutureExposure {
  const quantity = requireFinite('quantity', input.quantity);
  const contractSize = requirePositive('contractSize', input.contractSize);
  const forward = requirePositive('forward', input.forward);
  const entry = requirePositive('entryPrice', input.entryPrice);
  const tokens = quantity * contractSize;
  const pnlUsd = tokens * (forward - entry);
  return { ...linearTokenRisk(tokens, forward), pnlUsd, marketValueUsd: pnlUsd };
}
