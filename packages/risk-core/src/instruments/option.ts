import { black76, coinSettledView } from '../pricer/index.ts';
import { cashGammaPerPercent } from './cash-gamma.ts';
import type { CoinView, TokenRisk } from './exposure-types.ts';
import { requireFinite, requirePositive } from './guards.ts';

export type OptionType = 'call' | 'put';
export type OptionSettlement = 'linear' | 'inverse';

/** A European option position on a USD forward, linear (USD/USDC premium) or inverse (coin premium). */
export interface OptionInput {
  type: OptionType;
  settlement: OptionSettlement;
  /** Contracts, signed (positive long). */
  quantity: number;
  /** Units of the underlying per contract, > 0 (Deribit BTC options 1; USDC SOL options 10). */
  contractSize: number;
  /** Forward of the option's expiry, USD, > 0. */
  forward: number;
  /** Strike, USD, > 0. */
  strike: number;
  /** ACT/365 years to expiry, > 0 (use `expiredOptionExposure` at or after expiry). */
  expiryYears: number;
  /** Black-76 volatility, annualised, > 0. */
  vol: number;
  /** Continuously compounded rate. */
  rate: number;
}

/** Per-unit (one unit of underlying) Black-76 values, with the coin view for inverse options. */
export interface OptionUnitValues {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  /** Inverse only: `price / F` coin per unit. */
  coinPrice?: number;
  /** Inverse only: `delta - price / F`. */
  coinDelta?: number;
}

/** Option position risk. */
export interface OptionExposure extends TokenRisk {
  /** `quantity x contractSize x price`, USD. */
  marketValueUsd: number;
  unit: OptionUnitValues;
  /** Inverse only: `coinValue = units x coinPrice`, `coinDelta = units x (delta - price/F)`. */
  coin?: Omit<CoinView, 'coin'>;
  expired: false;
}

/**
 * Option position exposure (DESIGN, Black-76 on the forward of the expiry): with
 * `units = quantity x contractSize`, `deltaTokens = units x delta` (`delta = dPrice/dF`),
 * `deltaUsd = deltaTokens x F`, `gamma = units x d2Price/dF2`, `cashGammaUsd = gamma F^2 / 100`,
 * `vegaUsd = units x vega` (per vol point), `thetaUsd = units x theta` (per calendar day),
 * market value `units x price`, notional `|units| x F`. Inverse (coin-premium) options have the
 * same USD greeks and add the coin view `coinPrice = price / F`, `coinDelta = delta - price / F`;
 * position `coinValue + coinDelta = deltaTokens` (the two views agree).
 *
 * @throws RiskInputError from the pricer for invalid forward/strike/expiry/vol/rate; for a
 *   non-finite quantity or non-positive contractSize.
 */
export function optionExposure(input: OptionInput): OptionExposure {
  const quantity = requireFinite('quantity', input.quantity);
  const contractSize = requirePositive('contractSize', input.contractSize);
  const g = black76({
    type: input.type,
    forward: input.forward,
    strike: input.strike,
    expiryYears: input.expiryYears,
    vol: input.vol,
    rate: input.rate,
  });
  const units = quantity * contractSize;
  const forward = input.forward;
  const gamma = units * g.gamma;
  const deltaTokens = units * g.delta;
  const unit: OptionUnitValues = {
    price: g.price,
    delta: g.delta,
    gamma: g.gamma,
    vega: g.vega,
    theta: g.theta,
  };
  const base = {
    quantityTokens: units,
    notionalUsd: Math.abs(units) * forward,
    deltaTokens,
    deltaUsd: deltaTokens * forward,
    gamma,
    cashGammaUsd: cashGammaPerPercent(gamma, forward),
    vegaUsd: units * g.vega,
    thetaUsd: units * g.theta,
    marketValueUsd: units * g.price,
    expired: false as const,
  };
  if (input.settlement === 'linear') return { ...base, unit };
  const { coinPrice, coinDelta } = coinSettledView(g, forward);
  return {
    ...base,
    unit: { ...unit, coinPrice, coinDelta },
    coin: { coinValue: units * coinPrice, coinDelta: units * coinDelta },
  };
}
