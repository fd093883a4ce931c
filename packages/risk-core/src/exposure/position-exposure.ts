import { expiryBucket } from '../aggregation/expiry-bucket.ts';
import { expiredFutureExposure } from '../instruments/expired-future.ts';
import { expiredOptionExposure } from '../instruments/expired-option.ts';
import type { TokenRisk } from '../instruments/exposure-types.ts';
import { linearTokenRisk } from '../instruments/exposure-types.ts';
import { inverseFutureExposure } from '../instruments/inverse-future.ts';
import { lendingExposure } from '../instruments/lending.ts';
import { leveragedTokenExposure, leveragedTokenNavAfterMove } from '../instruments/leveraged-token.ts';
import { linearFutureExposure } from '../instruments/linear-future.ts';
import { optionExposure } from '../instruments/option.ts';
import { quantoFutureExposure } from '../instruments/quanto-future.ts';
import { spotExposure } from '../instruments/spot.ts';
import type {
  DeltaOnePosition,
  LendingPosition,
  LeveragedTokenPosition,
  OptionPosition,
  Position,
  QuantoPosition,
  SpotPosition,
} from '../portfolio/types.ts';
import type { MarketView } from './market-view.ts';
import { withPositionContext } from './position-context.ts';
import type { PositionExposure, TokenLeg } from './types.ts';

type Base = Pick<PositionExposure, 'id' | 'account' | 'venue' | 'fund' | 'kind'>;

/** A leg with exactly the `TokenRisk` fields of `risk` (instrument results carry more). */
function leg(token: string, risk: TokenRisk, marketValueUsd: number): TokenLeg {
  return {
    token,
    quantityTokens: risk.quantityTokens,
    notionalUsd: risk.notionalUsd,
    deltaTokens: risk.deltaTokens,
    deltaUsd: risk.deltaUsd,
    gamma: risk.gamma,
    cashGammaUsd: risk.cashGammaUsd,
    vegaUsd: risk.vegaUsd,
    thetaUsd: risk.thetaUsd,
    marketValueUsd,
  };
}

/**
 * Exposure of one position in a market (DESIGN "Conventions the numbers must follow"; per-kind
 * formulas in `src/instruments/`). Defaults taken from `view` when the position lacks them:
 * `entryPrice` = current forward, leveraged-token `referencePrice` = spot, expired `settlementPrice`
 * = spot. For scenario revaluation resolve those first (`resolvePosition`) so they stay fixed.
 *
 * @param index the position's index in the document, for error messages.
 * @throws RiskInputError naming the position id and field (invalid numbers, missing market data).
 */
export function positionExposure(p: Position, view: MarketView, index?: number): PositionExposure {
  return withPositionContext(p.id, index, () => {
    const base: Base = { id: p.id, account: p.account, venue: p.venue, fund: p.fund, kind: p.kind };
    switch (p.kind) {
      case 'spot':
      case 'collateral':
        return spotPosition(p, base, view);
      case 'future':
      case 'perpetual':
        return p.settlement === 'quanto' ? quantoPosition(p, base, view) : deltaOnePosition(p, base, view);
      case 'option':
        return optionPosition(p, base, view);
      case 'leveraged-token':
        return leveragedTokenPosition(p, base, view);
      case 'lending':
        return lendingPosition(p, base, view);
    }
  });
}

function spotPosition(p: SpotPosition, base: Base, view: MarketView): PositionExposure {
  const e = spotExposure({ quantity: p.quantity, price: view.spot(p.underlying) });
  return {
    ...base,
    underlying: p.underlying,
    bucket: 'perp/spot',
    legs: [leg(p.underlying, e, e.marketValueUsd)],
    marketValueUsd: e.marketValueUsd,
  };
}

function dated(
  expiry: string | undefined,
  view: MarketView,
): Pick<PositionExposure, 'expiry' | 'expiryYears' | 'bucket'> {
  if (expiry === undefined) return { bucket: 'perp/spot' };
  const expiryYears = view.yearsTo(expiry);
  return { expiry, expiryYears, bucket: expiryBucket(expiryYears) };
}

function deltaOnePosition(p: DeltaOnePosition, base: Base, view: MarketView): PositionExposure {
  const when = dated(p.expiry, view);
  const head = { ...base, settlement: p.settlement, underlying: p.underlying, ...when };
  if (when.bucket === 'expired') {
    const spot = view.spot(p.underlying);
    const settlementPrice = p.settlementPrice ?? spot;
    const e = expiredFutureExposure({
      settlement: p.settlement,
      quantity: p.quantity,
      contractSize: p.contractSize,
      entryPrice: p.entryPrice ?? settlementPrice,
      settlementPrice,
      spot,
    });
    return {
      ...head,
      legs: [leg(p.underlying, e, e.marketValueUsd)],
      marketValueUsd: e.marketValueUsd,
      pnlUsd: e.pnlUsd,
      ...(e.coin ? { coin: { coin: p.underlying, ...e.coin } } : {}),
      expired: true,
    };
  }
  const forward = view.forward(p.underlying, p.expiry);
  const input = {
    quantity: p.quantity,
    contractSize: p.contractSize,
    forward,
    entryPrice: p.entryPrice ?? forward,
  };
  if (p.settlement === 'linear') {
    const e = linearFutureExposure(input);
    return {
      ...head,
      legs: [leg(p.underlying, e, e.marketValueUsd)],
      marketValueUsd: e.marketValueUsd,
      pnlUsd: e.pnlUsd,
    };
  }
  const e = inverseFutureExposure(input);
  return {
    ...head,
    legs: [leg(p.underlying, e, e.marketValueUsd)],
    marketValueUsd: e.marketValueUsd,
    pnlUsd: e.pnlUsd,
    coin: { coin: p.underlying, ...e.coin },
  };
}

function quantoPosition(p: QuantoPosition, base: Base, view: MarketView): PositionExposure {
  const when = dated(p.expiry, view);
  const coinPrice = view.spot(p.settlementCoin);
  const head = { ...base, settlement: 'quanto' as const, underlying: p.underlying, ...when };
  if (when.bucket === 'expired') {
    const settle = p.settlementPrice ?? view.spot(p.underlying);
    const pnlCoin = p.quantity * p.multiplier * (settle - (p.entryPrice ?? settle));
    const pnlUsd = pnlCoin * coinPrice;
    return {
      ...head,
      legs: [leg(p.settlementCoin, linearTokenRisk(pnlCoin, coinPrice), pnlUsd)],
      marketValueUsd: pnlUsd,
      pnlUsd,
      coin: { coin: p.settlementCoin, coinValue: pnlCoin, coinDelta: 0 },
      expired: true,
    };
  }
  const forward = view.forward(p.underlying, p.expiry);
  const e = quantoFutureExposure({
    quantity: p.quantity,
    multiplier: p.multiplier,
    forward,
    entryPrice: p.entryPrice ?? forward,
    settlementPrice: coinPrice,
  });
  const legs =
    p.settlementCoin === p.underlying
      ? [leg(p.underlying, sumRisk(e.priceToken, e.settlementCoin), e.marketValueUsd)]
      : [leg(p.underlying, e.priceToken, e.marketValueUsd), leg(p.settlementCoin, e.settlementCoin, 0)];
  return {
    ...head,
    legs,
    marketValueUsd: e.marketValueUsd,
    pnlUsd: e.pnlUsd,
    coin: {
      coin: p.settlementCoin,
      coinValue: e.pnlCoin,
      coinDelta: e.priceToken.deltaTokens * (forward / coinPrice),
    },
  };
}

function sumRisk(a: TokenRisk, b: TokenRisk): TokenRisk {
  return {
    quantityTokens: a.quantityTokens + b.quantityTokens,
    notionalUsd: a.notionalUsd + b.notionalUsd,
    deltaTokens: a.deltaTokens + b.deltaTokens,
    deltaUsd: a.deltaUsd + b.deltaUsd,
    gamma: a.gamma + b.gamma,
    cashGammaUsd: a.cashGammaUsd + b.cashGammaUsd,
    vegaUsd: a.vegaUsd + b.vegaUsd,
    thetaUsd: a.thetaUsd + b.thetaUsd,
  };
}

function optionPosition(p: OptionPosition, base: Base, view: MarketView): PositionExposure {
  const when = dated(p.expiry, view);
  const head = { ...base, settlement: p.settlement, underlying: p.underlying, ...when };
  if (when.bucket === 'expired') {
    const spot = view.spot(p.underlying);
    const e = expiredOptionExposure({
      type: p.optionType,
      settlement: p.settlement,
      quantity: p.quantity,
      contractSize: p.contractSize,
      strike: p.strike,
      settlementPrice: p.settlementPrice ?? spot,
      spot,
    });
    return {
      ...head,
      legs: [leg(p.underlying, e, e.marketValueUsd)],
      marketValueUsd: e.marketValueUsd,
      ...(e.coin ? { coin: { coin: p.underlying, ...e.coin } } : {}),
      expired: true,
    };
  }
  const e = optionExposure({
    type: p.optionType,
    settlement: p.settlement,
    quantity: p.quantity,
    contractSize: p.contractSize,
    forward: view.forward(p.underlying, p.expiry),
    strike: p.strike,
    expiryYears: when.expiryYears ?? 0,
    vol: view.vol(p.underlying, p.expiry, p.strike),
    rate: view.rate,
  });
  return {
    ...head,
    legs: [leg(p.underlying, e, e.marketValueUsd)],
    marketValueUsd: e.marketValueUsd,
    unit: e.unit,
    ...(e.coin ? { coin: { coin: p.underlying, ...e.coin } } : {}),
  };
}

function leveragedTokenPosition(p: LeveragedTokenPosition, base: Base, view: MarketView): PositionExposure {
  const price = view.spot(p.underlying);
  const nav = leveragedTokenNavAfterMove(p.nav, p.leverage, price / (p.referencePrice ?? price) - 1);
  const e = leveragedTokenExposure({ holding: p.quantity, nav, leverage: p.leverage, price });
  return {
    ...base,
    underlying: p.underlying,
    bucket: 'perp/spot',
    legs: [leg(p.underlying, e, e.marketValueUsd)],
    marketValueUsd: e.marketValueUsd,
  };
}

function lendingPosition(p: LendingPosition, base: Base, view: MarketView): PositionExposure {
  const e = lendingExposure(
    p.supplies.map((s) => ({ ...s, price: view.spot(s.token) })),
    p.borrows.map((b) => ({ ...b, price: view.spot(b.token) })),
  );
  return {
    ...base,
    bucket: 'perp/spot',
    legs: e.legs.map((l) => leg(l.token, l, l.marketValueUsd)),
    marketValueUsd: e.marketValueUsd,
    healthFactor: e.healthFactor,
  };
}
