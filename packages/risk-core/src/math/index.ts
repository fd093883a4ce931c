// Special functions and numeric helpers of risk-core.
export { erf, erfc, erfcx } from './erf.ts';
export { expFast } from './fast-exp.ts';
export { requireFinite, requireNonNegative, requireNumber, requirePositive } from './guards.ts';
export { normCdf, normInv, normPdf } from './normal.ts';
export { rationalCubic } from './rational-cubic.ts';
