export type {
  AaveAccountInput,
  AaveLiquidationRequest,
  AaveLiquidationResult,
  AaveSupplyInput,
} from './aave-liquidation.ts';
export { aaveLiquidationCall, aaveMaxLiquidatableDebt } from './aave-liquidation.ts';
export type { PairLiquidationOut } from './aave-pair.ts';
export { aavePairLiquidation } from './aave-pair.ts';
export type { AaveParams } from './aave-params.ts';
export { AAVE_V3_3_PARAMS, FULL_LIQUIDATION_PARAMS, validateAaveParams } from './aave-params.ts';
export type { FundMarginAccount, MarginBook } from './build-accounts.ts';
export { buildMarginAccounts } from './build-accounts.ts';
export type { LiquidationDistance } from './distance.ts';
export { liquidationDistance } from './distance.ts';
export {
  DEFAULT_LIQUIDATION_BONUS,
  largestValidCall,
  lendingAccount,
  lendingDetails,
  lendingParams,
} from './lending-details.ts';
export type { LendingTrigger } from './lending-triggers.ts';
export { lendingTriggerPrices } from './lending-triggers.ts';
export type { LiquidationMoves, MarginThreshold } from './liquidation-move.ts';
export { liquidationMoves } from './liquidation-move.ts';
export type {
  CollateralBalance,
  ContractMargin,
  MarginAccount,
  MarginBasis,
  MarginContract,
  MarginState,
  PriceFactor,
} from './margin-account.ts';
export { contractMargin, marginState } from './margin-account.ts';
export type { MarginTier, ResolvedMarginTier } from './margin-tiers.ts';
export {
  flatMarginTiers,
  maintenanceMargin,
  marginTierFor,
  nextMaintenanceAmount,
  resolveMarginTiers,
} from './margin-tiers.ts';
export type {
  AccountMarginSpec,
  ContractMarginSpec,
  LendingLiquidationSpec,
  LendingRules,
  MarginMode,
  MarginSpec,
} from './parse-margin.ts';
export { parseMarginSpec } from './parse-margin.ts';
export { portfolioLiquidations } from './portfolio-liquidations.ts';
export type {
  AccountLiquidation,
  ContractLiquidationDetails,
  LendingLiquidationDetails,
  LiquidationAmounts,
  PortfolioLiquidations,
  PositionLiquidation,
} from './types.ts';
