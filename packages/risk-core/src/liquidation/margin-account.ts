import { RiskInputError } from '../errors.ts';
import { USD } from '../portfolio/tokens.ts';
import type { ResolvedMarginTier } from './margin-tiers.ts';
import { marginTierFor } from './margin-tiers.ts';

/**
 * Which notional the maintenance margin is computed on: `mark` = the position's notional at the
 * current mark (Binance: "calculate at the liquidation price"), `entry` = at the entry price
 * (Bybit isolated and BitMEX examples: maintenance margin = position value at entry x MMR).
 */
export type MarginBasis = 'mark' | 'entry';

/** A linear or inverse future/perpetual inside a margin account. */
export interface MarginContract {
  id: string;
  underlying: string;
  settlement: 'linear' | 'inverse';
  /** Signed size: linear = tokens (`quantity x contractSize`); inverse = USD face value. */
  size: number;
  /** USD, > 0. */
  entryPrice: number;
  /** Current mark (the forward for a dated future, the spot for a perpetual), USD, > 0. */
  markPrice: number;
  /** Bracket table in the margin currency: USD for linear, coin for inverse. */
  tiers: readonly ResolvedMarginTier[];
  basis: MarginBasis;
}

/** A balance counted in the account's equity (wallet / isolated margin), in tokens. */
export interface CollateralBalance {
  token: string;
  amount: number;
}

/**
 * A margin account: collateral plus contracts (cross margin), or a single contract and its
 * isolated margin (isolated margin is an account with one contract).
 */
export interface MarginAccount {
  collateral: readonly CollateralBalance[];
  contracts: readonly MarginContract[];
  /** Current USD price of every collateral token (`USD` is 1 and need not be given). */
  prices: Readonly<Record<string, number>>;
}

/** One contract's margin figures at some prices. */
export interface ContractMargin {
  id: string;
  /** Mark used, USD. */
  markPrice: number;
  /** Notional in the margin currency (USD linear, coin inverse) on the contract's basis. */
  notional: number;
  tier: ResolvedMarginTier;
  /** Maintenance margin in USD (coin amounts converted at the mark). */
  maintenanceUsd: number;
  /** Unrealised P&L in USD: linear `size (M - E)`, inverse `size (M / E - 1)` (DESIGN). */
  pnlUsd: number;
}

/** Margin state of an account at some prices. */
export interface MarginState {
  collateralUsd: number;
  pnlUsd: number;
  /** Margin balance: collateral + unrealised P&L, USD. */
  equityUsd: number;
  maintenanceUsd: number;
  /** `maintenance / equity` (Binance's margin ratio; >= 1 means liquidation); `Infinity` if equity <= 0. */
  marginRatio: number;
  /** `equity <= maintenance` with at least one contract. */
  liquidatable: boolean;
  contracts: ContractMargin[];
}

/** Price multiplier per token (1 = unchanged); used to move one or several tokens. */
export type PriceFactor = (token: string) => number;

const unchanged: PriceFactor = () => 1;

/** USD price of a collateral token. @throws RiskInputError MISSING_MARKET_DATA */
export function collateralPrice(account: MarginAccount, token: string): number {
  if (token === USD) return 1;
  const p = account.prices[token];
  if (p === undefined) {
    throw new RiskInputError(
      'MISSING_MARKET_DATA',
      `market.spot.${token}`,
      p,
      'no price for a collateral token',
    );
  }
  return p;
}

/**
 * Margin of one contract with its mark moved by `factor`; brackets chosen at the notional of the
 * mark `tierFactor x mark` (equal to `factor` except inside the root solver).
 */
export function contractMargin(c: MarginContract, factor: number, tierFactor = factor): ContractMargin {
  const mark = c.markPrice * factor;
  const tierMark = c.markPrice * tierFactor;
  const abs = Math.abs(c.size);
  let notional: number;
  let tierNotional: number;
  if (c.settlement === 'linear') {
    notional = c.basis === 'mark' ? abs * mark : abs * c.entryPrice;
    tierNotional = c.basis === 'mark' ? abs * tierMark : notional;
  } else {
    notional = c.basis === 'mark' ? abs / mark : abs / c.entryPrice;
    tierNotional = c.basis === 'mark' ? abs / tierMark : notional;
  }
  const tier = marginTierFor(c.tiers, tierNotional);
  const rate = tier.maintenanceMarginRate;
  const cum = tier.maintenanceAmount;
  // Inverse: coin MM x mark, written so that it stays finite at a zero mark (|Q| r - cum M).
  const maintenanceUsd =
    c.settlement === 'linear'
      ? notional * rate - cum
      : c.basis === 'mark'
        ? abs * rate - cum * mark
        : (notional * rate - cum) * mark;
  const pnlUsd =
    c.settlement === 'linear' ? c.size * (mark - c.entryPrice) : c.size * (mark / c.entryPrice - 1);
  return { id: c.id, markPrice: mark, notional, tier, maintenanceUsd, pnlUsd };
}

/**
 * Margin state of an account (cross margin per DESIGN / Binance's formula): equity = collateral
 * at USD prices + unrealised P&L of every contract; maintenance = sum of the contracts'
 * maintenance margins (bracketed, USD); liquidation when equity <= maintenance.
 *
 * @param factor price multiplier per token applied to collateral prices and contract marks.
 * @throws RiskInputError MISSING_MARKET_DATA for a collateral token without a price.
 */
export function marginState(account: MarginAccount, factor: PriceFactor = unchanged): MarginState {
  let collateralUsd = 0;
  for (const b of account.collateral)
    collateralUsd += b.amount * collateralPrice(account, b.token) * factor(b.token);
  let pnlUsd = 0;
  let maintenanceUsd = 0;
  const contracts = account.contracts.map((c) => {
    const m = contractMargin(c, factor(c.underlying));
    pnlUsd += m.pnlUsd;
    maintenanceUsd += m.maintenanceUsd;
    return m;
  });
  const equityUsd = collateralUsd + pnlUsd;
  return {
    collateralUsd,
    pnlUsd,
    equityUsd,
    maintenanceUsd,
    marginRatio: equityUsd > 0 ? maintenanceUsd / equityUsd : Number.POSITIVE_INFINITY,
    liquidatable: contracts.length > 0 && equityUsd <= maintenanceUsd,
    contracts,
  };
}
