import { parseMarket } from './parse-market.ts';
import { parsePosition } from './parse-position.ts';
import { asArray, asObject, fail, readOptionalString, readTime } from './reader.ts';
import { positionTokens, USD } from './tokens.ts';
import type { MarketData, PortfolioDocument, Position } from './types.ts';

/**
 * Validates a portfolio document (spec `portfolio-format.md` v1 plus this tool's kinds): shape,
 * numbers, times, unique position ids, and that the market has what every position needs (a spot
 * for each token it depends on; a `vols` or `volSurface` entry for each option's underlying).
 * Unknown extra fields are ignored.
 *
 * @param value parsed JSON.
 * @throws RiskInputError (codes `MALFORMED_DOCUMENT`, `MISSING_FIELD`, `INVALID_NUMBER`,
 *   `OUT_OF_DOMAIN`, `UNSUPPORTED`, `MISSING_MARKET_DATA`) naming position id, field and value.
 */
export function parsePortfolio(value: unknown): PortfolioDocument {
  const root = { path: '' };
  const o = asObject(value, root, 'document');
  const valuationTime = readTime(o, 'valuationTime', root);
  const fund = readOptionalString(o, 'fund', root);
  if (o.market === undefined || o.market === null)
    fail('MISSING_FIELD', root, 'market', o.market, 'is required');
  const market = parseMarket(o.market);
  if (o.positions === undefined || o.positions === null) {
    fail('MISSING_FIELD', root, 'positions', o.positions, 'is required');
  }
  const seen = new Set<string>();
  const positions = asArray(o.positions, root, 'positions').map((raw, i) => {
    const p = parsePosition(raw, i, fund ?? 'default');
    if (seen.has(p.id)) {
      fail('MALFORMED_DOCUMENT', { path: `positions[${i}]`, positionId: p.id }, 'id', p.id, 'duplicate id');
    }
    seen.add(p.id);
    checkMarketCoverage(p, i, market);
    return p;
  });
  return { valuationTime, ...(fund === undefined ? {} : { fund }), market, positions };
}

function checkMarketCoverage(p: Position, index: number, market: MarketData): void {
  const ctx = { path: `positions[${index}]`, positionId: p.id };
  for (const token of positionTokens(p)) {
    if (token !== USD && market.spot[token] === undefined) {
      fail('MISSING_MARKET_DATA', ctx, 'underlying', token, `market.spot has no price for ${token}`);
    }
  }
  if (p.kind === 'option' && market.vols?.[p.underlying] === undefined) {
    const surface = market.volSurface?.[p.underlying];
    if (surface === undefined || surface.length === 0) {
      fail(
        'MISSING_MARKET_DATA',
        ctx,
        'underlying',
        p.underlying,
        `no market.vols or market.volSurface for ${p.underlying}`,
      );
    }
  }
}
