export { cashGammaPerPercent } from './cash-gamma.ts';
export type { ExpiredFutureExposure, ExpiredFutureInput } from './expired-future.ts';
export { expiredFutureExposure } from './expired-future.ts';
export type { ExpiredOptionExposure, ExpiredOptionInput } from './expired-option.ts';
export { expiredOptionExposure } from './expired-option.ts';
export type { CoinView, TokenRisk } from './exposure-types.ts';
export { linearTokenRisk } from './exposure-types.ts';
export type { InverseFutureExposure, InverseFutureInput } from './inverse-future.ts';
export { inverseFutureExposure } from './inverse-future.ts';
export type {
  LendingBorrowInput,
  LendingExposure,
  LendingLeg,
  LendingSupplyInput,
} from './lending.ts';
export { healthFactor, lendingExposure } from './lending.ts';
export type { LeveragedTokenExposure, LeveragedTokenInput } from './leveraged-token.ts';
export {
  leveragedTokenExposure,
  leveragedTokenNavAfterMove,
  leveragedTokenRebalance,
} from './leveraged-token.ts';
export type { LinearFutureExposure, LinearFutureInput } from './linear-future.ts';
export { linearFutureExposure } from './linear-future.ts';
export type {
  OptionExposure,
  OptionInput,
  OptionSettlement,
  OptionType,
  OptionUnitValues,
} from './option.ts';
export { optionExposure } from './option.ts';
export type { QuantoFutureExposure, QuantoFutureInput } from './quanto-future.ts';
export { quantoFutureExposure } from './quanto-future.ts';
export type { SpotExposure, SpotInput } from './spot.ts';
export { spotExposure } from './spot.ts';
