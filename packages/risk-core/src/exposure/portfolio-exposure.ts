import type { PortfolioDocument } from '../portfolio/types.ts';
import type { MarketView } from './market-view.ts';
import { createMarketView } from './market-view.ts';
import { positionExposure } from './position-exposure.ts';
import type { PositionExposure } from './types.ts';

/**
 * Per-position exposures of a validated document at its valuation time, in document order.
 *
 * @param view optional market view (defaults to the document's market at `valuationTime`).
 * @throws RiskInputError naming the position id and field.
 */
export function portfolioExposures(doc: PortfolioDocument, view?: MarketView): PositionExposure[] {
  const v = view ?? createMarketView(doc.valuationTime, doc.market);
  return doc.positions.map((p, i) => positionExposure(p, v, i));
}
