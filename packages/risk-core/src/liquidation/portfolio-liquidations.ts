import type { MarketView } from '../exposure/market-view.ts';
import { createMarketView } from '../exposure/market-view.ts';
import type { PortfolioDocument, Position } from '../portfolio/types.ts';
import type { FundMarginAccount } from './build-accounts.ts';
import { buildMarginAccounts } from './build-accounts.ts';
import { liquidationDistance } from './distance.ts';
import { lendingDetails } from './lending-details.ts';
import type { LiquidationMoves } from './liquidation-move.ts';
import { liquidationMoves } from './liquidation-move.ts';
import { contractMargin, marginState } from './margin-account.ts';
import type { MarginSpec } from './parse-margin.ts';
import type { AccountLiquidation, PortfolioLiquidations, PositionLiquidation } from './types.ts';

const EMPTY_SPEC: MarginSpec = { accounts: {}, contracts: {}, lending: {} };

/** The root nearest to 0 (the liquidation actually reached first); ties go down. */
function nearest(m: LiquidationMoves): number | null {
  if (m.down === null) return m.up;
  if (m.up === null) return m.down;
  return Math.abs(m.down) <= m.up ? m.down : m.up;
}

function contractResults(a: FundMarginAccount, positions: Map<string, Position>): PositionLiquidation[] {
  const state = marginState(a.margin);
  const tokens = [...new Set(a.margin.contracts.map((c) => c.underlying))];
  const moves = new Map(tokens.map((t) => [t, liquidationMoves(a.margin, t)]));
  const bankrupt = new Map(tokens.map((t) => [t, liquidationMoves(a.margin, t, 'bankruptcy')]));
  return a.margin.contracts.map((c) => {
    const p = positions.get(c.id) as Position;
    const m = moves.get(c.underlying) as LiquidationMoves;
    const b = bankrupt.get(c.underlying) as LiquidationMoves;
    const cm = contractMargin(c, 1);
    const move = nearest(m);
    const at = (x: number | null) => (x === null ? null : c.markPrice * (1 + x));
    const liquidationPrice = at(move);
    const bankruptcyMove = move === null ? null : move < 0 ? b.down : b.up;
    return {
      id: c.id,
      account: a.account,
      kind: p.kind,
      settlement: c.settlement,
      underlying: c.underlying,
      liquidationPrice,
      ...(liquidationPrice === null
        ? { reason: 'no price of the underlying (others fixed) brings the equity to the maintenance margin' }
        : {}),
      currentPrice: c.markPrice,
      ...(liquidationPrice === null || liquidationPrice <= 0
        ? {}
        : { distance: liquidationDistance(c.markPrice, liquidationPrice) }),
      liquidatableNow: state.liquidatable,
      margin: {
        mode: a.mode,
        account: a.name,
        ...(a.marginToken === undefined ? {} : { marginToken: a.marginToken }),
        equityUsd: state.equityUsd,
        maintenanceUsd: state.maintenanceUsd,
        marginRatio: state.marginRatio,
        contractMaintenanceUsd: cm.maintenanceUsd,
        notional: cm.notional,
        maintenanceMarginRate: cm.tier.maintenanceMarginRate,
        maintenanceAmount: cm.tier.maintenanceAmount,
        basis: c.basis,
        lowerPrice: at(m.down),
        upperPrice: at(m.up),
        bankruptcyPrice: at(bankruptcyMove),
      },
    };
  });
}

function noLiquidation(p: Position, reason: string): PositionLiquidation {
  return {
    id: p.id,
    account: p.account,
    kind: p.kind,
    ...('settlement' in p ? { settlement: p.settlement } : {}),
    ...('underlying' in p ? { underlying: p.underlying } : {}),
    liquidationPrice: null,
    reason,
  };
}

function otherResult(p: Position, view: MarketView, spec: MarginSpec, excluded: Map<string, string>) {
  switch (p.kind) {
    case 'spot':
      return noLiquidation(p, 'spot holding: no margin, no liquidation');
    case 'collateral':
      return noLiquidation(
        p,
        `margin collateral of account "${p.account}": counted in that account's equity`,
      );
    case 'option':
      return noLiquidation(p, 'option: premium-paid or venue portfolio margin, not margined by this model');
    case 'leveraged-token': {
      const ref = p.referencePrice ?? view.spot(p.underlying);
      const zero = ref * (1 - 1 / p.leverage);
      return noLiquidation(
        p,
        `leveraged token: the issuer rebalances, no margin call; within one rebalance period its NAV reaches 0 only at a move of ${(
          -100 / p.leverage
        ).toFixed(1)}% (${zero.toFixed(2)} USD)`,
      );
    }
    case 'lending': {
      const details = lendingDetails(p, view, spec.lending[p.id]);
      const t = details.triggers.find((x) => x.token === details.triggerToken);
      const price = t?.triggerPrice ?? null;
      return {
        id: p.id,
        account: p.account,
        kind: p.kind,
        ...(t ? { underlying: t.token } : {}),
        liquidationPrice: price,
        ...(price === null
          ? {
              reason:
                details.debtUsd === 0 ? 'no debt: fully collateralised' : (t?.reason ?? 'no trigger price'),
            }
          : {}),
        ...(t ? { currentPrice: t.currentPrice } : {}),
        ...(t && price !== null ? { distance: liquidationDistance(t.currentPrice, price) } : {}),
        liquidatableNow: details.healthFactor < 1,
        lending: details,
      };
    }
    default:
      return noLiquidation(p, excluded.get(p.id) ?? 'not margined');
  }
}

/**
 * Liquidation price and distance of every position of a document (docs/liquidation.md):
 * - linear/inverse futures and perpetuals: the mark at which their margin account (cross: the
 *   venue account; isolated: the position) reaches its maintenance margin, that token's price
 *   moving alone (`liquidationMoves`), with margin details and the bankruptcy price;
 * - lending: the nearest trigger price (HF = 1) and Aave liquidation amounts (`lendingDetails`);
 * - everything else: null with the reason.
 * Distance = `liquidation / current - 1` and `liquidation - current` (USD).
 *
 * @param spec liquidation fields read by `parseMarginSpec` (default: none).
 * @throws RiskInputError for missing market data or invalid lending legs.
 */
export function portfolioLiquidations(
  doc: PortfolioDocument,
  spec: MarginSpec = EMPTY_SPEC,
): PortfolioLiquidations {
  const view = createMarketView(doc.valuationTime, doc.market);
  const book = buildMarginAccounts(doc, view, spec);
  const byId = new Map(doc.positions.map((p) => [p.id, p]));
  const results = new Map<string, PositionLiquidation>();
  for (const a of book.accounts) for (const r of contractResults(a, byId)) results.set(r.id, r);
  const accounts: AccountLiquidation[] = book.accounts
    .filter((a) => a.mode === 'cross')
    .map((a) => {
      const s = marginState(a.margin);
      const tokens = [...new Set(a.margin.contracts.map((c) => c.underlying))];
      return {
        account: a.account,
        mode: a.mode,
        equityUsd: s.equityUsd,
        maintenanceUsd: s.maintenanceUsd,
        marginRatio: s.marginRatio,
        liquidatableNow: s.liquidatable,
        moves: tokens.map((t) => {
          const m = liquidationMoves(a.margin, t);
          return { token: t, down: m.down, up: m.up };
        }),
      };
    });
  const positions = doc.positions.map((p) => results.get(p.id) ?? otherResult(p, view, spec, book.excluded));
  return { valuationTime: doc.valuationTime, positions, accounts };
}
