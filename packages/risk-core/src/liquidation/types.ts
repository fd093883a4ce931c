import type { PositionKind } from '../portfolio/types.ts';
import type { LiquidationDistance } from './distance.ts';
import type { LendingTrigger } from './lending-triggers.ts';
import type { MarginBasis } from './margin-account.ts';
import type { LendingRules, MarginMode } from './parse-margin.ts';

/** Margin details of a future/perpetual in its account. */
export interface ContractLiquidationDetails {
  mode: MarginMode;
  account: string;
  /** Isolated: the token of the isolated margin. */
  marginToken?: string;
  /** Account (cross) or position (isolated) margin balance, USD. */
  equityUsd: number;
  maintenanceUsd: number;
  /** Maintenance / equity (>= 1: liquidation). */
  marginRatio: number;
  /** This contract's maintenance margin, USD, and its bracket. */
  contractMaintenanceUsd: number;
  notional: number;
  maintenanceMarginRate: number;
  maintenanceAmount: number;
  basis: MarginBasis;
  /** Liquidation marks of this contract going down / up (others fixed); null if none. */
  lowerPrice: number | null;
  upperPrice: number | null;
  /** Mark at which equity reaches 0 in the liquidation's direction; null if none. */
  bankruptcyPrice: number | null;
}

/** What one Aave liquidation call does (see `aaveLiquidationCall`). */
export interface LiquidationAmounts {
  collateralToken: string;
  debtToken: string;
  /** Price of the trigger token used (the trigger price, or the current one). */
  prices: Record<string, number>;
  healthFactor: number;
  closeFactor: number;
  debtRepaid: number;
  debtRepaidUsd: number;
  collateralTaken: number;
  collateralTakenUsd: number;
  /** `collateralTakenUsd - debtRepaidUsd`: the liquidation bonus paid by the borrower. */
  bonusUsd: number;
  badDebtUsd: number;
  healthFactorAfter: number;
}

/** Lending details of a position. */
export interface LendingLiquidationDetails {
  protocol?: string;
  rules: LendingRules;
  healthFactor: number;
  collateralUsd: number;
  debtUsd: number;
  triggers: LendingTrigger[];
  /** Token whose trigger is the nearest (the position's liquidation price). */
  triggerToken: string | null;
  /** The largest liquidation call just below HF 1 at the nearest collateral trigger. */
  atTrigger: LiquidationAmounts | null;
  /** The largest liquidation call now (HF < 1 only). */
  now: LiquidationAmounts | null;
  /** True when a liquidation bonus was not given and 1.05 was assumed. */
  bonusAssumed: boolean;
}

/** Liquidation result of one position. */
export interface PositionLiquidation {
  id: string;
  account: string;
  kind: PositionKind;
  settlement?: string;
  underlying?: string;
  /** USD price (mark) at which the position is liquidated, nearest to the current one; null if none. */
  liquidationPrice: number | null;
  /** Why `liquidationPrice` is null (spot, fully collateralised, missing margin data, ...). */
  reason?: string;
  /** Current mark / price the distance is measured from. */
  currentPrice?: number;
  distance?: LiquidationDistance;
  /** Already at or beyond the maintenance margin (HF < 1 for lending). */
  liquidatableNow?: boolean;
  margin?: ContractLiquidationDetails;
  lending?: LendingLiquidationDetails;
}

/** One margin account's state and liquidation moves per token. */
export interface AccountLiquidation {
  account: string;
  mode: MarginMode;
  equityUsd: number;
  maintenanceUsd: number;
  marginRatio: number;
  liquidatableNow: boolean;
  /** Per token of its contracts: price moves (relative) down / up that liquidate the account. */
  moves: { token: string; down: number | null; up: number | null }[];
}

/** `portfolioLiquidations` output. */
export interface PortfolioLiquidations {
  valuationTime: string;
  positions: PositionLiquidation[];
  /** Cross-margin accounts. */
  accounts: AccountLiquidation[];
}
