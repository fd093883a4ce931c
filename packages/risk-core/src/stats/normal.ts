/**
 * The standard normal functions used by stats, rng, var/tail and backtest: re-exported from the
 * math module (`src/math/normal.ts`: Cody erf/erfcx, Acklam + Halley inverse, ~1e-15 relative),
 * so that these modules share one implementation and one import point.
 */
export { normCdf, normInv, normPdf } from '../math/normal.ts';
