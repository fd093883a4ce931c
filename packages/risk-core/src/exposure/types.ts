import type { ExpiryBucket } from '../aggregation/expiry-bucket.ts';
import type { CoinView, TokenRisk } from '../instruments/exposure-types.ts';
import type { OptionUnitValues } from '../instruments/option.ts';
import type { PositionKind } from '../portfolio/types.ts';

/** A position's risk on one token (see `TokenRisk` for units), with the USD value attributed to it. */
export interface TokenLeg extends TokenRisk {
  token: string;
  /** USD market value attributed to this token (quanto: all on the price token). */
  marketValueUsd: number;
}

/** Exposure of one position of the document. */
export interface PositionExposure {
  id: string;
  account: string;
  venue: string;
  fund: string;
  kind: PositionKind;
  settlement?: 'linear' | 'inverse' | 'quanto';
  /** Main underlying (absent for lending accounts, which have one leg per token). */
  underlying?: string;
  expiry?: string;
  /** ACT/365 years to expiry. */
  expiryYears?: number;
  bucket: ExpiryBucket;
  /** One leg per token the position is exposed to (quanto: price token and settlement coin). */
  legs: TokenLeg[];
  /** USD value: spot/collateral `q S`; futures their unrealised P&L; options `q c V`; LT `h n`; lending collateral - debt. */
  marketValueUsd: number;
  /** Unrealised USD P&L where defined (futures, perpetuals). */
  pnlUsd?: number;
  /** Coin view of coin-settled positions (inverse futures/options, quanto). */
  coin?: CoinView;
  /** Per-unit option values (Black-76, USD; coin view for inverse). */
  unit?: OptionUnitValues;
  /** Lending accounts: Aave health factor (`Infinity` without debt, shown as null in JSON). */
  healthFactor?: number;
  /** Dated position at/after expiry: valued as settled (see docs/risk-core.md). */
  expired?: boolean;
}
