/**
 * The portfolio document (spec `portfolio-format.md`, version 1) after validation, with the
 * kinds this tool adds (`collateral`, quanto settlement, `leveraged-token`, `lending`).
 * All prices in USD, times ISO-8601 UTC strings, `quantity` signed (positive long).
 */

export type Settlement = 'linear' | 'inverse';

/** Fields every position has after validation (`venue` defaults to `account`, `fund` to the document's). */
export interface PositionCommon {
  id: string;
  account: string;
  venue: string;
  fund: string;
}

/** `spot` (tokens held) or `collateral` (margin/collateral balance on a venue); same math. */
export interface SpotPosition extends PositionCommon {
  kind: 'spot' | 'collateral';
  underlying: string;
  /** Tokens, signed. */
  quantity: number;
}

/** Linear or inverse future (`expiry` required) or perpetual (no expiry). */
export interface DeltaOnePosition extends PositionCommon {
  kind: 'future' | 'perpetual';
  settlement: Settlement;
  underlying: string;
  /** Linear: tokens per contract. Inverse: USD face value per contract. */
  contractSize: number;
  quantity: number;
  /** USD; defaults to the current forward when absent. */
  entryPrice?: number;
  /** Futures only. */
  expiry?: string;
  /** Final settlement price of an expired future; defaults to the spot at valuation. */
  settlementPrice?: number;
}

/** Quanto future or perpetual: USD price of `underlying`, P&L in `settlementCoin`. */
export interface QuantoPosition extends PositionCommon {
  kind: 'future' | 'perpetual';
  settlement: 'quanto';
  underlying: string;
  settlementCoin: string;
  /** Coin per contract per 1 USD of the underlying's price. */
  multiplier: number;
  quantity: number;
  entryPrice?: number;
  expiry?: string;
  /** Final settlement price of an expired quanto future; defaults to the spot at valuation. */
  settlementPrice?: number;
}

/** European option; `contractSize` is always in units of the underlying. */
export interface OptionPosition extends PositionCommon {
  kind: 'option';
  settlement: Settlement;
  underlying: string;
  optionType: 'call' | 'put';
  strike: number;
  expiry: string;
  contractSize: number;
  quantity: number;
  /** Settlement price for an expired option; defaults to the spot at valuation. */
  settlementPrice?: number;
}

/** Leveraged token held: exposure `quantity x nav x leverage` USD of `underlying`. */
export interface LeveragedTokenPosition extends PositionCommon {
  kind: 'leveraged-token';
  underlying: string;
  /** The leveraged token's own symbol, informational (e.g. `BTC3L`). */
  token?: string;
  /** Signed target leverage, non-zero (e.g. 3, -3). */
  leverage: number;
  /** NAV per token, USD. */
  nav: number;
  /** Leveraged tokens held. */
  quantity: number;
  /** Underlying price at which `nav` holds; defaults to the spot at valuation. */
  referencePrice?: number;
}

export interface LendingSupply {
  token: string;
  amount: number;
  liquidationThreshold: number;
}

export interface LendingBorrow {
  token: string;
  amount: number;
}

/** Aave-style account: collateral supplied and debt borrowed. */
export interface LendingPosition extends PositionCommon {
  kind: 'lending';
  protocol?: string;
  supplies: LendingSupply[];
  borrows: LendingBorrow[];
}

export type Position =
  | SpotPosition
  | DeltaOnePosition
  | QuantoPosition
  | OptionPosition
  | LeveragedTokenPosition
  | LendingPosition;

export type PositionKind = Position['kind'];

export interface ForwardQuote {
  expiry: string;
  price: number;
}

export interface VolPoint {
  expiry: string;
  strike: number;
  vol: number;
}

/** Market data of the document. */
export interface MarketData {
  /** USD spot per token; `USD` is always 1 and need not be given. */
  spot: Record<string, number>;
  forwards?: Record<string, ForwardQuote[]>;
  vols?: Record<string, number>;
  volSurface?: Record<string, VolPoint[]>;
  /** Continuously compounded; 0 when absent. */
  rate?: number;
  covariance?: { tokens: string[]; daily: number[][] };
  /** Tokens pegged to USD: never shocked in scenarios, excluded from risk totals. */
  stablecoins?: string[];
}

export interface PortfolioDocument {
  valuationTime: string;
  /** Default fund of the positions; `default` when absent. */
  fund?: string;
  market: MarketData;
  positions: Position[];
}
