import type { Position } from '../portfolio/types.ts';
import type { MarketView } from './market-view.ts';
import { withPositionContext } from './position-context.ts';

/**
 * Fixes the market-dependent defaults of a position at the base market, so that revaluing it in a
 * shocked market keeps them: `entryPrice` (current forward; for an expired future the spot),
 * leveraged-token `referencePrice` (spot), expired future/option `settlementPrice` (spot).
 * Returns a new object; positions that need nothing are returned as they are.
 *
 * @throws RiskInputError `MISSING_MARKET_DATA` naming the position when the base market lacks a price.
 */
export function resolvePosition(p: Position, view: MarketView, index?: number): Position {
  return withPositionContext(p.id, index, () => {
    switch (p.kind) {
      case 'future':
      case 'perpetual': {
        const expired = p.expiry !== undefined && view.yearsTo(p.expiry) <= 0;
        const settlementPrice = expired ? (p.settlementPrice ?? view.spot(p.underlying)) : p.settlementPrice;
        const entryPrice = p.entryPrice ?? (expired ? settlementPrice : view.forward(p.underlying, p.expiry));
        return {
          ...p,
          ...(entryPrice === undefined ? {} : { entryPrice }),
          ...(settlementPrice === undefined ? {} : { settlementPrice }),
        };
      }
      case 'option':
        return view.yearsTo(p.expiry) <= 0
          ? { ...p, settlementPrice: p.settlementPrice ?? view.spot(p.underlying) }
          : p;
      case 'leveraged-token':
        return { ...p, referencePrice: p.referencePrice ?? view.spot(p.underlying) };
      default:
        return p;
    }
  });
}
