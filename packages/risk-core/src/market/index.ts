// Market data of the pricing layer: time, forwards and volatilities.
export type { ForwardCurve, ForwardCurveQuote, ForwardCurveSpec } from './forward-curve.ts';
export { createForwardCurve } from './forward-curve.ts';
export type { VolSurface, VolSurfacePoint, VolSurfaceSpec } from './vol-surface.ts';
export { createVolSurface } from './vol-surface.ts';
export type { Instant } from './year-fraction.ts';
export { instantMillis, yearFraction } from './year-fraction.ts';
