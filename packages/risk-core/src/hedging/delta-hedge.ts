import type { MarketView } from '../exposure/market-view.ts';
import { positionExposure } from '../exposure/position-exposure.ts';
import type { PositionExposure } from '../exposure/types.ts';
import type { Position } from '../portfolio/types.ts';
import type { HedgeInstrument } from './hedge-instrument.ts';

/**
 * A delta in USD (P&L per unit relative move of spot and all forwards, first order) and in
 * spot-equivalent tokens `deltaUsd / spot`. (A position's `deltaTokens` in `exposure` is its forward
 * delta; summed over expiries it differs from `deltaUsd / spot` by the basis `F / S`.)
 */
export interface DeltaPair {
  deltaUsd: number;
  deltaTokens: number;
}

/** The hedge trade for one underlying and what remains after it. */
export interface DeltaHedge {
  underlying: string;
  instrument: HedgeInstrument;
  /** The instrument's price: forward of its expiry, spot for perpetuals and spot. */
  instrumentPrice: number;
  before: DeltaPair;
  /** Delta of one long contract (lot) of the instrument. */
  perContract: DeltaPair;
  /** `-before.deltaUsd / perContract.deltaUsd`. */
  exactContracts: number;
  /** Whole contracts to trade, signed (positive = buy), `exactContracts` rounded half away from zero. */
  contracts: number;
  /** Contract size of the instrument, as given. */
  contractSize: number;
  /** `before + contracts x perContract`. */
  residual: DeltaPair;
  /** Greeks left on the underlying; a delta-one hedge does not change them. */
  remaining: { gamma: number; cashGammaUsd: number; vegaUsd: number; thetaUsd: number };
}

function roundHalfAway(x: number): number {
  const r = Math.sign(x) * Math.round(Math.abs(x));
  return r === 0 ? 0 : r;
}

function hedgePosition(h: HedgeInstrument): Position {
  const common = { id: 'hedge', account: 'hedge', venue: 'hedge', fund: 'hedge' };
  if (h.kind === 'spot')
    return { ...common, kind: 'spot', underlying: h.underlying, quantity: h.contractSize };
  return {
    ...common,
    kind: h.kind,
    settlement: h.settlement,
    underlying: h.underlying,
    contractSize: h.contractSize,
    quantity: 1,
    ...(h.expiry ? { expiry: h.expiry } : {}),
  };
}

/**
 * Delta hedge of one underlying with a delta-one instrument: the portfolio's USD delta on the
 * token (`sum deltaUsd` of the legs on it) is offset by `n` contracts with
 * `n = round(-deltaUsd / deltaUsd_per_contract)`; a new trade's entry is the current price, so per
 * contract `deltaUsd` is `contractSize x F` (linear), `contractSize` (inverse: `Q/E x F` with
 * `E = F`), `contractSize x S` (spot). Neutralising `deltaUsd` neutralises the P&L of a small
 * proportional move of spot and all forwards. Residual delta is reported in tokens and USD;
 * gamma, vega and theta are unchanged by the hedge and reported as remaining. Token figures are
 * spot-equivalent (`deltaUsd / spot`).
 *
 * @throws RiskInputError `MISSING_MARKET_DATA` when the market has no price for the underlying,
 *   or the pricer's errors for an invalid instrument.
 */
export function deltaHedge(
  exposures: readonly PositionExposure[],
  view: MarketView,
  instrument: HedgeInstrument,
): DeltaHedge {
  const token = instrument.underlying;
  const spot = view.spot(token);
  const pair = (deltaUsd: number): DeltaPair => ({ deltaUsd, deltaTokens: deltaUsd / spot });
  let beforeUsd = 0;
  const remaining = { gamma: 0, cashGammaUsd: 0, vegaUsd: 0, thetaUsd: 0 };
  for (const e of exposures) {
    for (const l of e.legs) {
      if (l.token !== token) continue;
      beforeUsd += l.deltaUsd;
      remaining.gamma += l.gamma;
      remaining.cashGammaUsd += l.cashGammaUsd;
      remaining.vegaUsd += l.vegaUsd;
      remaining.thetaUsd += l.thetaUsd;
    }
  }
  const before = pair(beforeUsd);
  const perContract = pair(positionExposure(hedgePosition(instrument), view).legs[0]?.deltaUsd ?? 0);
  const exactContracts = perContract.deltaUsd === 0 ? 0 : -before.deltaUsd / perContract.deltaUsd;
  const contracts = roundHalfAway(exactContracts);
  return {
    underlying: token,
    instrument,
    instrumentPrice: instrument.kind === 'spot' ? view.spot(token) : view.forward(token, instrument.expiry),
    before,
    perContract,
    exactContracts,
    contracts,
    contractSize: instrument.contractSize,
    residual: pair(before.deltaUsd + contracts * perContract.deltaUsd),
    remaining,
  };
}
