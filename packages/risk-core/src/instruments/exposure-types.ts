/**
 * Risk of one instrument position on ONE token, in the DESIGN conventions:
 * - `quantityTokens`: token-equivalent quantity of the contract (linear: `quantity x contractSize`;
 *   inverse: face value in coin `Q / F`; option: `quantity x contractSize` units of underlying;
 *   leveraged token: `h n L / S`; spot/lending: the token amount).
 * - `deltaTokens = dV_usd / dF` (forward delta, tokens of the underlying), `deltaUsd = deltaTokens x F`
 *   (USD P&L per unit relative move of the underlying, first order; `F` is the instrument's own
 *   forward, the spot for spot/perpetuals).
 * - `gamma = d2V_usd / dF2` (tokens per USD); `cashGammaUsd = gamma x F^2 / 100`: the change of
 *   `deltaUsd` for a +1% move of the underlying (USD per 1%).
 * - `vegaUsd`: USD per +1 vol point (absolute, 0.01); `thetaUsd`: USD per calendar day, forward fixed.
 */
export interface TokenRisk {
  quantityTokens: number;
  notionalUsd: number;
  deltaTokens: number;
  deltaUsd: number;
  gamma: number;
  cashGammaUsd: number;
  vegaUsd: number;
  thetaUsd: number;
}

/** Coin view of a coin-settled position (inverse future/perpetual, inverse option, quanto). */
export interface CoinView {
  /** Settlement coin, e.g. `BTC`. */
  coin: string;
  /** Value of the position in coin (for futures: the unrealised P&L in coin). */
  coinValue: number;
  /**
   * Exposure of the coin-denominated value, in coin: `F x d(coinValue)/dF`. Inverse future `Q/F`;
   * inverse option `quantity x contractSize x (delta - price/F)`.
   */
  coinDelta: number;
}

/** A `TokenRisk` with all greeks zero and the given delta: spot-like (linear) exposure. */
export function linearTokenRisk(deltaTokens: number, price: number, quantityTokens = deltaTokens): TokenRisk {
  return {
    quantityTokens,
    notionalUsd: Math.abs(quantityTokens) * price,
    deltaTokens,
    deltaUsd: deltaTokens * price,
    gamma: 0,
    cashGammaUsd: 0,
    vegaUsd: 0,
    thetaUsd: 0,
  };
}
