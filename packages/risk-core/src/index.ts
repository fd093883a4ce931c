// Public API of @dte/risk-core: explicit named re-exports of each area's barrel.

export type {
  ExpiryBucket,
  GroupDimension,
  GroupTotals,
  TokenTotals,
  UsdTotals,
} from './aggregation/index.ts';
export { aggregateExposures, EXPIRY_BUCKETS, expiryBucket, usdTotals } from './aggregation/index.ts';
export * from './backtest/index.ts';
export type { RiskInputErrorCode } from './errors.ts';
export { RiskInputError } from './errors.ts';
export type { MarketView, PositionExposure, TokenLeg } from './exposure/index.ts';
export {
  createMarketView,
  portfolioExposures,
  positionExposure,
  resolvePosition,
  withPositionContext,
} from './exposure/index.ts';
export type { DeltaHedge, DeltaPair, HedgeInstrument } from './hedging/index.ts';
export { deltaHedge, parseHedgeInstrument } from './hedging/index.ts';
export type {
  CoinView,
  ExpiredFutureExposure,
  ExpiredFutureInput,
  ExpiredOptionExposure,
  ExpiredOptionInput,
  InverseFutureExposure,
  InverseFutureInput,
  LendingBorrowInput,
  LendingExposure,
  LendingLeg,
  LendingSupplyInput,
  LeveragedTokenExposure,
  LeveragedTokenInput,
  LinearFutureExposure,
  LinearFutureInput,
  OptionExposure,
  OptionInput,
  OptionSettlement,
  OptionUnitValues,
  QuantoFutureExposure,
  QuantoFutureInput,
  SpotExposure,
  SpotInput,
  TokenRisk,
} from './instruments/index.ts';
export {
  cashGammaPerPercent,
  expiredFutureExposure,
  expiredOptionExposure,
  healthFactor,
  inverseFutureExposure,
  lendingExposure,
  leveragedTokenExposure,
  leveragedTokenNavAfterMove,
  leveragedTokenRebalance,
  linearFutureExposure,
  linearTokenRisk,
  optionExposure,
  quantoFutureExposure,
  spotExposure,
} from './instruments/index.ts';
export type {
  ForwardCurve,
  ForwardCurveQuote,
  ForwardCurveSpec,
  Instant,
  VolSurface,
  VolSurfacePoint,
  VolSurfaceSpec,
} from './market/index.ts';
export { createForwardCurve, createVolSurface, instantMillis, yearFraction } from './market/index.ts';
export {
  erf,
  erfc,
  erfcx,
  expFast,
  normCdf,
  normInv,
  normPdf,
  rationalCubic,
  requireFinite,
  requireNonNegative,
  requireNumber,
  requirePositive,
} from './math/index.ts';
export type {
  DeltaOnePosition,
  ForwardQuote,
  LendingBorrow,
  LendingPosition,
  LendingSupply,
  LeveragedTokenPosition,
  MarketData,
  OptionPosition,
  PortfolioDocument,
  Position,
  PositionCommon,
  PositionKind,
  QuantoPosition,
  Settlement,
  SpotPosition,
  VolPoint,
} from './portfolio/index.ts';
export {
  DEFAULT_STABLECOINS,
  POSITION_KINDS,
  parseMarket,
  parsePortfolio,
  parsePosition,
  positionTokens,
  USD,
} from './portfolio/index.ts';
export type {
  Black76BatchInput,
  Black76BatchOutput,
  Black76Input,
  Black76Result,
  CoinSettledView,
  ImpliedVolInput,
  ImpliedVolResult,
  OptionType,
} from './pricer/index.ts';
export {
  black76,
  black76Batch,
  coinSettledView,
  impliedVol,
  impliedVolDetailed,
  normalisedBlackOtm,
  normalisedBlackOtmComplement,
  normalisedVega,
} from './pricer/index.ts';
export * from './rng/index.ts';
export type {
  DailyClose,
  GridAxes,
  GridCell,
  HealthFactorChange,
  MarketShock,
  MissingTokenPolicy,
  MoveSource,
  Revaluation,
  RevaluationResult,
  ScenarioGrid,
  StressOptions,
  StressResult,
  StressScenario,
  StressScenarioSet,
  StressSource,
  StressWindow,
} from './scenarios/index.ts';
export {
  BUILTIN_STRESS,
  builtinStress,
  DEFAULT_SPOT_MOVES,
  DEFAULT_VOL_SHIFTS,
  defaultGridAxes,
  deriveStressScenarios,
  EXTENDED_SPOT_MOVES,
  parseDailyCloses,
  prepareRevaluation,
  revalue,
  runShock,
  runStress,
  STRESS_WINDOWS,
  scenarioGrid,
  shockMarket,
  uniformShock,
} from './scenarios/index.ts';
export * from './stats/index.ts';
export * from './var/tail/index.ts';
