import type { AaveParams } from '../liquidation/aave-params.ts';
import type { MarginSpec } from '../liquidation/parse-margin.ts';
import type { PortfolioDocument } from '../portfolio/types.ts';

/**
 * Price impact of a token's cumulative net order flow `V` (USD at the pre-shock price) since the
 * shock, with market depth `D` = USD that moves the price by 1%:
 * `ln(P / P_shocked) = sign(V) x 0.01 x g(|V| / D)`, `g(x) = x` (`linear`) or `sqrt(x)` (`sqrt`);
 * `none`: no impact. A flow of `D` moves the price by `e^(+-0.01) - 1`, about +-1%.
 */
export type ImpactModel = { model: 'linear' | 'sqrt'; depthUsd: number } | { model: 'none' };

/** Aggregate perpetual liquidation levels of one venue, token and side. */
export interface PerpLevels {
  venue: string;
  token: string;
  /** `long` positions are liquidated when the price falls to the level, `short` when it rises to it. */
  side: 'long' | 'short';
  /** Liquidation prices, USD, > 0. */
  levels: readonly number[];
  /** Notional at the liquidation price, USD (tokens = notional / level), > 0. */
  notionalUsd: readonly number[];
}

/** One lending position of the population (individual, or an aggregate bucket). */
export interface LendingAccountSpec {
  /** Collateral tokens. */
  collateralAmount: number;
  /** Debt tokens. */
  debtAmount: number;
}

/** Lending positions of one protocol and collateral/debt pair. */
export interface LendingGroup {
  protocol: string;
  collateral: string;
  debt: string;
  liquidationThreshold: number;
  /** >= 1. */
  liquidationBonus: number;
  positions: readonly LendingAccountSpec[];
}

/** Outstanding leveraged-token supply of one product. */
export interface LeveragedTokenProduct {
  underlying: string;
  leverage: number;
  /** Outstanding NAV, USD. */
  outstandingUsd: number;
  /** Rebalance when the move since the last rebalance reaches this (0: every round). */
  rebalanceThreshold: number;
  name?: string;
}

/** A correlated move: each impact-driven log move of `from` adds `beta` times it to `to`. */
export interface Spillover {
  from: string;
  to: string;
  beta: number;
}

/** Options of the simulation. */
export interface CascadeOptions {
  /** Rounds after the shock, at most (default 50). */
  maxRounds: number;
  /** A partially liquidated lending position can be liquidated again in a later round (default true). */
  reLiquidation: boolean;
  /** Stop when a round has no liquidation and trades less than this, USD (default 1). */
  flowToleranceUsd: number;
  /** Return per-event records (bucket and account indices) in each round (default false). */
  recordEvents: boolean;
}

/** Input of `simulateCascade` (docs/cascade-format.md; `parseCascadeScenario` builds it from JSON). */
export interface CascadeScenario {
  name?: string;
  /** USD price of every token before the shock (stablecoins included). */
  prices: Readonly<Record<string, number>>;
  /** Never moved by impact (their shocks still apply: a de-peg). */
  stablecoins: readonly string[];
  /** Relative shock per token (tokens absent: 0), each > -1. */
  shock: Readonly<Record<string, number>>;
  /** Impact model per token (tokens absent: none). */
  impact: Readonly<Record<string, ImpactModel>>;
  spillover: readonly Spillover[];
  perps: readonly PerpLevels[];
  lendingProtocols: Readonly<Record<string, AaveParams>>;
  lending: readonly LendingGroup[];
  leveragedTokens: readonly LeveragedTokenProduct[];
  /** The fund's own positions, marked at `prices` (its market's spot replaced for these tokens). */
  fund?: { document: PortfolioDocument; margin: MarginSpec };
  options: CascadeOptions;
}

/** Per-token trade totals of a round. */
export interface TokenFlow {
  soldUsd: number;
  boughtUsd: number;
  /** Net tokens bought (negative: sold). */
  netTokens: number;
  /** Leveraged-token rebalancing part of the net, USD (positive = buy). */
  rebalanceUsd: number;
  /** Collateral sold by lending liquidators, tokens. */
  lendingSoldTokens: number;
}

/** A lending liquidation event (with `recordEvents`). */
export interface LendingEvent {
  /** Index in the flattened population (groups in order, positions in order). */
  account: number;
  protocol: string;
  collateralToken: string;
  debtToken: string;
  /** Collateral tokens to the liquidator (sold). */
  collateralSold: number;
  debtRepaid: number;
  badDebtUsd: number;
}

/** One round of the cascade. */
export interface CascadeRound {
  round: number;
  /** Prices at which this round's liquidations were found and executed. */
  prices: Record<string, number>;
  /** Prices after this round's trades moved them. */
  pricesAfter: Record<string, number>;
  /** USD liquidated: perps notional at the round price, lending collateral taken, fund contracts. */
  liquidatedUsd: number;
  byProtocol: Record<string, number>;
  byKind: { perp: number; lending: number; fund: number };
  byToken: Record<string, number>;
  /** Lending debt repaid, USD. */
  debtRepaidUsd: number;
  badDebtUsd: number;
  badDebtByProtocol: Record<string, number>;
  /** Leveraged-token rebalancing, USD, positive = buy. */
  rebalanceUsd: number;
  flows: Record<string, TokenFlow>;
  counts: { perpLevels: number; lendingPositions: number; fundPositions: number };
  /** Ids of the fund's positions liquidated in this round. */
  fundLiquidated: string[];
  events?: { perpLevels: number[]; lending: LendingEvent[] };
}

/** `simulateCascade` output. */
export interface CascadeResult {
  name?: string;
  initialPrices: Record<string, number>;
  shockedPrices: Record<string, number>;
  finalPrices: Record<string, number>;
  rounds: CascadeRound[];
  /** `stable`: a round found nothing to do; `round-limit`: `maxRounds` reached with activity. */
  termination: 'stable' | 'round-limit';
  /** Per token `(final / initial - 1) / shock`; null where the shock is 0. */
  amplification: Record<string, number | null>;
  /** Amplification of the token with the largest shock. */
  leadAmplification: number | null;
  totals: {
    liquidatedUsd: number;
    byProtocol: Record<string, number>;
    byKind: { perp: number; lending: number; fund: number };
    byToken: Record<string, number>;
    badDebtUsd: number;
    debtRepaidUsd: number;
    rebalanceUsd: number;
    perpLevels: number;
    lendingPositions: number;
  };
  /** Every fund position liquidated, with its round. */
  fundLiquidated: { id: string; round: number }[];
}
