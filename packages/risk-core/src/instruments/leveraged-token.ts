import { RiskInputError } from '../errors.ts';
import type { TokenRisk } from './exposure-types.ts';
import { linearTokenRisk } from './exposure-types.ts';
import { requireFinite, requireMove, requireNonNegative, requirePositive } from './guards.ts';

/** A holding of a leveraged token (e.g. BTC3L / BTC3S) with a constant target leverage. */
export interface LeveragedTokenInput {
  /** Leveraged tokens held `h`, signed. */
  holding: number;
  /** NAV per leveraged token `n` in USD, >= 0. */
  nav: number;
  /** Target leverage `L`, signed and non-zero (3 for a 3x long token, -3 for a 3x short). */
  leverage: number;
  /** Spot price of the underlying in USD, > 0. */
  price: number;
}

/** Leveraged-token risk on its underlying, plus the holding's market value. */
export interface LeveragedTokenExposure extends TokenRisk {
  /** `h x n` USD. */
  marketValueUsd: number;
}

function requireLeverage(value: number): number {
  requireFinite('leverage', value);
  if (value === 0) throw new RiskInputError('OUT_OF_DOMAIN', 'leverage', value, 'must be non-zero');
  return value;
}

/**
 * Leveraged token (DESIGN): exposure `h n L` USD of the underlying, i.e. `deltaTokens = h n L / S`;
 * market value `h n`. Between two rebalances the NAV moves linearly with the underlying, so
 * gamma/vega/theta are zero (the convexity comes from rebalancing, see `leveragedTokenRebalance`).
 *
 * @throws RiskInputError for non-finite holding/nav/leverage, negative nav, zero leverage, price <= 0.
 */
export function leveragedTokenExposure(input: LeveragedTokenInput): LeveragedTokenExposure {
  const holding = requireFinite('holding', input.holding);
  const nav = requireNonNegative('nav', input.nav);
  const leverage = requireLeverage(input.leverage);
  const price = requirePositive('price', input.price);
  const exposureUsd = holding * nav * leverage;
  return { ...linearTokenRisk(exposureUsd / price, price), marketValueUsd: holding * nav };
}

/**
 * NAV per leveraged token after a move `r` of the underlying within one rebalance period:
 * `n' = n (1 + L r)`, floored at 0 (a token cannot be worth less than nothing).
 *
 * @throws RiskInputError for invalid nav/leverage, or `move <= -1`.
 */
export function leveragedTokenNavAfterMove(nav: number, leverage: number, move: number): number {
  requireNonNegative('nav', nav);
  requireLeverage(leverage);
  requireMove('move', move);
  return Math.max(0, nav * (1 + leverage * move));
}

/**
 * Rebalance trade the issuer must do after a move `r` to restore leverage `L` (DESIGN):
 * `h n L (L - 1) r` USD of the underlying (positive = buy). Same sign as the move for both long
 * (`L > 1`) and short (`L < 0`) tokens.
 *
 * Derivation: exposure before `h n L`, after the move `h n L (1 + r)`, NAV after `h n (1 + L r)`,
 * target `L h n (1 + L r)`; difference `h n L r (L - 1)`.
 *
 * @throws RiskInputError for invalid holding/nav/leverage, or `move <= -1`.
 */
export function leveragedTokenRebalance(
  input: Omit<LeveragedTokenInput, 'price'> & { move: number },
): number {
  const holding = requireFinite('holding', input.holding);
  const nav = requireNonNegative('nav', input.nav);
  const leverage = requireLeverage(input.leverage);
  const move = requireMove('move', input.move);
  return holding * nav * leverage * (leverage - 1) * move;
}
