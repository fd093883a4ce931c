export type { MarketView } from './market-view.ts';
export { createMarketView } from './market-view.ts';
export { portfolioExposures } from './portfolio-exposure.ts';
export { withPositionContext } from './position-context.ts';
export { positionExposure } from './position-exposure.ts';
export { resolvePosition } from './resolve.ts';
export type { PositionExposure, TokenLeg } from './types.ts';
