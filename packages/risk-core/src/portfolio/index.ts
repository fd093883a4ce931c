export { parsePortfolio } from './parse-document.ts';
export { parseMarket } from './parse-market.ts';
export { POSITION_KINDS, parsePosition } from './parse-position.ts';
export { DEFAULT_STABLECOINS, positionTokens, USD } from './tokens.ts';
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
} from './types.ts';
