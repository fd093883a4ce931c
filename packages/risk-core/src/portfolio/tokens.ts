import type { Position } from './types.ts';

/** The USD numeraire: its price is 1 by definition and it is never shocked. */
export const USD = 'USD';

/**
 * USD stablecoins assumed pegged when the document gives no `market.stablecoins`: never shocked
 * in scenarios and left out of risk totals (their balances still count in market value).
 */
export const DEFAULT_STABLECOINS: readonly string[] = [
  'USD',
  'USDT',
  'USDC',
  'DAI',
  'FDUSD',
  'USDE',
  'PYUSD',
];

/**
 * Tokens whose USD price a position depends on (underlying, quanto settlement coin, lending legs),
 * in first-seen order.
 */
export function positionTokens(p: Position): string[] {
  switch (p.kind) {
    case 'lending':
      return [...new Set([...p.supplies.map((s) => s.token), ...p.borrows.map((b) => b.token)])];
    case 'future':
    case 'perpetual':
      return p.settlement === 'quanto' ? [...new Set([p.underlying, p.settlementCoin])] : [p.underlying];
    default:
      return [p.underlying];
  }
}
