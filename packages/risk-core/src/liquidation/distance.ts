import { requirePositive } from '../math/guards.ts';

/** How far a price must move to reach a liquidation price. */
export interface LiquidationDistance {
  /** `liquidation / current - 1` (0.25 = +25%). */
  pct: number;
  /** `liquidation - current`, USD per unit of the underlying. */
  usd: number;
  direction: 'down' | 'up';
}

/**
 * Distance to liquidation: relative `liq / current - 1` and absolute `liq - current` (USD).
 *
 * @throws RiskInputError for a non-positive or non-finite price (field `current` / `liquidation`).
 */
export function liquidationDistance(current: number, liquidation: number): LiquidationDistance {
  requirePositive('current', current);
  requirePositive('liquidation', liquidation);
  return {
    pct: liquidation / current - 1,
    usd: liquidation - current,
    direction: liquidation < current ? 'down' : 'up',
  };
}
