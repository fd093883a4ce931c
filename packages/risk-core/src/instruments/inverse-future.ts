import type { CoinView, TokenRisk } from './exposure-types.ts';
import { requireFinite, requirePositive } from './guards.ts';

/** An inverse (coin-settled, fixed USD face value) future or perpetual. */
export interface InverseFutureInput {
  /** Contracts, signed (positive long). */
  quantity: number;
  /** USD face value per contract, > 0 (Deribit BTC-PERPETUAL 10, BitMEX XBTUSD 1, Binance COIN-M BTC 100). */
  contractSize: number;
  /** Current forward of the contract's expiry (spot for a perpetual), USD, > 0. */
  forward: number;
  /** Entry price `E`, USD, > 0. */
  entryPrice: number;
}

/** Inverse future risk, USD view and coin view. */
export interface InverseFutureExposure extends TokenRisk {
  /** Face value `Q = quantity x contractSize` in USD, signed. */
  faceUsd: number;
  /** USD value of the coin P&L: `Q (F/E - 1)`. */
  pnlUsd: number;
  marketValueUsd: number;
  /** Coin view: `coinValue` = coin P&L `Q (1/E - 1/F)`, `coinDelta` = `Q / F` (the contract itself). */
  coin: Omit<CoinView, 'coin'>;
}

/**
 * Inverse future/perpetual (DESIGN; BitMEX XBTUSD "PnL = contracts x (1/entry - 1/exit)"):
 * face `Q = quantity x contractSize` USD; coin P&L `Q (1/E - 1/F)`; USD P&L `Q (F/E - 1)`;
 * token delta `dPnL_usd/dF = Q / E`, which equals the contract's coin delta `Q / F` plus the coin
 * P&L held as a coin balance `Q (1/E - 1/F)` (the two views agree). `quantityTokens = Q / F`
 * (face value in coin), notional `|Q|` USD, `deltaUsd = Q F / E`. The USD P&L is linear in `F`:
 * gamma, vega and theta are zero.
 *
 * @throws RiskInputError `INVALID_NUMBER`/`OUT_OF_DOMAIN` for non-finite quantity or non-positive
 *   contractSize/forward/entryPrice.
 */
export function inverseFutureExposure(input: InverseFutureInput): InverseFutureExposure {
  const quantity = requireFinite('quantity', input.quantity);
  const contractSize = requirePositive('contractSize', input.contractSize);
  const forward = requirePositive('forward', input.forward);
  const entry = requirePositive('entryPrice', input.entryPrice);
  const face = quantity * contractSize;
  const deltaTokens = face / entry;
  const pnlUsd = face * (forward / entry - 1);
  return {
    quantityTokens: face / forward,
    notionalUsd: Math.abs(face),
    deltaTokens,
    deltaUsd: deltaTokens * forward,
    gamma: 0,
    cashGammaUsd: 0,
    vegaUsd: 0,
    thetaUsd: 0,
    faceUsd: face,
    pnlUsd,
    marketValueUsd: pnlUsd,
    coin: { coinValue: face * (1 / entry - 1 / forward), coinDelta: face / forward },
  };
}
