/**
 * A fund's book as loaded from the database: plain numbers (numeric columns are read as float8,
 * the doubles risk-core computes with), no Prisma Decimal objects. See docs/api-risk.md "Book".
 */

/** The market snapshot a book is valued with. */
export interface BookSnapshot {
  id: string;
  /** null: a global snapshot (shared by every fund). */
  fundId: string | null;
  asOf: Date;
  source: string;
  /** Continuously compounded rate. */
  rate: number;
}

/** Quote kinds of `market_quote`. */
export type BookQuoteKind = 'SPOT' | 'INDEX' | 'MARK' | 'FORWARD' | 'VOL';

/** One quote of the snapshot (or of a snapshot with the same `asOf` that completes it). */
export interface BookQuote {
  snapshotId: string;
  kind: BookQuoteKind;
  token: string;
  instrumentId: string | null;
  expiry: Date | null;
  strike: number | null;
  value: number;
}

/** A venue account of the fund. */
export interface BookAccount {
  id: string;
  name: string;
  venue: string;
  kind: string;
  marginMode: 'CROSS' | 'ISOLATED';
}

/** An instrument referenced by the fund's positions or lending rows (catalog or fund-private). */
export interface BookInstrument {
  id: string;
  fundId: string | null;
  venue: string;
  symbol: string;
  kind: 'SPOT' | 'FUTURE' | 'PERPETUAL' | 'OPTION' | 'LEVERAGED_TOKEN' | 'LENDING_RESERVE';
  settlement: 'LINEAR' | 'INVERSE' | 'QUANTO' | null;
  underlying: string;
  quoteCurrency: string;
  settlementCurrency: string;
  contractSize: number;
  multiplier: number | null;
  expiry: Date | null;
  strike: number | null;
  optionType: 'CALL' | 'PUT' | null;
  maintenanceMarginRate: number | null;
  /** `[{ notionalUpTo, maintenanceMarginRate, maintenanceAmount }]` as stored (JSON). */
  marginTiers: unknown;
  targetLeverage: number | null;
  liquidationThreshold: number | null;
  liquidationBonus: number | null;
}

/** An open position: `quantity` in signed contracts of its instrument. */
export interface BookPosition {
  id: string;
  accountId: string;
  instrumentId: string;
  quantity: number;
  entryPrice: number | null;
  marginMode: 'CROSS' | 'ISOLATED' | null;
  isolatedMargin: number | null;
  leverage: number | null;
  stopPrice: number | null;
  externalRef: string | null;
}

/** A spot or collateral balance (tokens). */
export interface BookBalance {
  id: string;
  accountId: string;
  token: string;
  kind: 'SPOT' | 'COLLATERAL';
  quantity: number;
}

/** An Aave-style supply or borrow (tokens of the priced token). */
export interface BookLending {
  id: string;
  accountId: string;
  protocol: string;
  market: string;
  token: string;
  side: 'SUPPLY' | 'BORROW';
  quantity: number;
  usedAsCollateral: boolean;
  instrumentId: string | null;
}

/** Everything risk-core needs about a fund at one market snapshot. */
export interface FundBook {
  fundId: string;
  snapshot: BookSnapshot;
  /** Quotes of the snapshot first, then those of other visible snapshots with the same `asOf`. */
  quotes: BookQuote[];
  accounts: BookAccount[];
  instruments: BookInstrument[];
  /** In creation order (stable paging). */
  positions: BookPosition[];
  balances: BookBalance[];
  lendings: BookLending[];
}
