import type { MarketView } from '../exposure/market-view.ts';
import { createMarketView } from '../exposure/market-view.ts';
import { positionExposure } from '../exposure/position-exposure.ts';
import { resolvePosition } from '../exposure/resolve.ts';
import { leveragedTokenNavAfterMove } from '../instruments/leveraged-token.ts';
import { positionTokens } from '../portfolio/tokens.ts';
import type { PortfolioDocument, Position } from '../portfolio/types.ts';
import type { MarketShock } from './shock.ts';
import { shockMarket } from './shock.ts';

/** A document prepared for repeated full revaluation: positions with their defaults fixed, base values. */
export interface Revaluation {
  doc: PortfolioDocument;
  view: MarketView;
  positions: Position[];
  /** Base USD market value per position, document order. */
  baseValues: number[];
  /** Non-stable tokens the positions depend on, first-seen order: the tokens scenarios move. */
  tokens: string[];
}

/** Result of one revaluation. */
export interface RevaluationResult {
  /** Total USD P&L = sum over positions of (shocked value - base value). */
  pnlUsd: number;
  /** USD P&L per position, document order. */
  byPosition: number[];
}

/**
 * Prepares full revaluation of a validated document: resolves defaults at the base market
 * (`resolvePosition`) and computes base values.
 *
 * @throws RiskInputError naming the position for invalid inputs or missing market data.
 */
export function prepareRevaluation(doc: PortfolioDocument): Revaluation {
  const view = createMarketView(doc.valuationTime, doc.market);
  const positions = doc.positions.map((p, i) => resolvePosition(p, view, i));
  const baseValues = positions.map((p, i) => positionExposure(p, view, i).marketValueUsd);
  const tokens = [...new Set(positions.flatMap(positionTokens))].filter((t) => !view.isStable(t));
  return { doc, view, positions, baseValues, tokens };
}

/**
 * Full revaluation under a shock (time unchanged: no theta, same valuation time): every position is
 * priced again in the shocked market and the P&L is the change of its USD market value.
 * Leveraged tokens rebalance once over the move (`n' = n (1 + L r)`), or daily along `paths[token]`
 * (daily returns whose compound equals the move) when given: `n' = n prod(1 + L r_d)`.
 *
 * @throws RiskInputError for invalid shocks (moves <= -1) or prices the pricer rejects.
 */
export function revalue(
  rv: Revaluation,
  shock: MarketShock,
  paths?: Readonly<Record<string, readonly number[]>>,
): RevaluationResult {
  const view = createMarketView(rv.doc.valuationTime, shockMarket(rv.doc.market, shock));
  const byPosition = rv.positions.map((p, i) => {
    const q = applyPath(p, rv.view, view, shock, paths);
    return positionExposure(q, view, i).marketValueUsd - (rv.baseValues[i] ?? 0);
  });
  return { pnlUsd: byPosition.reduce((a, b) => a + b, 0), byPosition };
}

function applyPath(
  p: Position,
  baseView: MarketView,
  view: MarketView,
  shock: MarketShock,
  paths: Readonly<Record<string, readonly number[]>> | undefined,
): Position {
  if (p.kind !== 'leveraged-token') return p;
  const path = paths?.[p.underlying];
  if (path === undefined || shock.spot[p.underlying] === undefined) return p;
  const s0 = baseView.spot(p.underlying);
  const navBase = leveragedTokenNavAfterMove(p.nav, p.leverage, s0 / (p.referencePrice ?? s0) - 1);
  const nav = path.reduce((n, r) => leveragedTokenNavAfterMove(n, p.leverage, r), navBase);
  return { ...p, nav, referencePrice: view.spot(p.underlying) };
}
