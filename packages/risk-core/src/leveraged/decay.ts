import type { RebalanceRule } from './nav-path.ts';
import { leveragedTokenNavPath } from './nav-path.ts';

/** Return of a leveraged token over a path compared with `L x` the underlying's return. */
export interface VolatilityDecay {
  /** `P_T / P_0 - 1`. */
  underlyingReturn: number;
  /** `n_T / n_0 - 1`. */
  tokenReturn: number;
  /** `L x underlyingReturn`: what a static (never rebalanced) position would return per NAV. */
  leveragedUnderlyingReturn: number;
  /** `tokenReturn - leveragedUnderlyingReturn` (negative in choppy markets: "volatility decay"). */
  decay: number;
  rebalances: number;
}

/**
 * Volatility decay of a leveraged token over a price path: its return under the rebalancing rule
 * minus `L` times the underlying's return. With `every-step` rebalancing the token returns
 * `prod(1 + L r_i) - 1` (compounded daily leverage); a path that goes +10% then -10% loses
 * `1 - 1.3 x 0.7 = 9%` on a 3x token while the underlying loses 1%.
 *
 * @throws RiskInputError as `leveragedTokenNavPath`; the start NAV is 1.
 */
export function volatilityDecay(
  prices: readonly number[],
  leverage: number,
  rule: RebalanceRule,
): VolatilityDecay {
  const path = leveragedTokenNavPath({ prices, nav: 1, leverage, rule });
  const underlyingReturn = (prices[prices.length - 1] as number) / (prices[0] as number) - 1;
  const tokenReturn = (path.nav[path.nav.length - 1] as number) - 1;
  const leveragedUnderlyingReturn = leverage * underlyingReturn;
  return {
    underlyingReturn,
    tokenReturn,
    leveragedUnderlyingReturn,
    decay: tokenReturn - leveragedUnderlyingReturn,
    rebalances: path.rebalances.length,
  };
}
