import { RiskInputError } from '../errors.ts';
import { requireFinite } from '../math/guards.ts';

function requireLeverage(field: string, value: number): number {
  requireFinite(field, value);
  if (value === 0) throw new RiskInputError('OUT_OF_DOMAIN', field, value, 'must be non-zero');
  return value;
}

/**
 * Leverage of a token after a move `r` of the underlying since its last rebalance, before it
 * rebalances: exposure `L n (1 + r)` over NAV `n (1 + L r)`, i.e. `L (1 + r) / (1 + L r)`.
 * (FTX leveraged-token docs: ETHBULL 3x after +5% is ~2.74x.)
 *
 * @returns `Infinity` in magnitude once the NAV is wiped out (`1 + L r <= 0`).
 * @throws RiskInputError for zero/non-finite leverage or a move <= -1.
 */
export function effectiveLeverage(leverage: number, move: number): number {
  requireLeverage('leverage', leverage);
  requireFinite('move', move);
  if (move <= -1) throw new RiskInputError('OUT_OF_DOMAIN', 'move', move, 'a relative move must be > -1');
  const nav = 1 + leverage * move;
  if (nav <= 0) return Math.sign(leverage) * Number.POSITIVE_INFINITY;
  return (leverage * (1 + move)) / nav;
}

/**
 * The move of the underlying at which the effective leverage reaches `drifted` (same sign as `L`,
 * larger in magnitude: the adverse move): solving `L (1 + r) = D (1 + L r)` gives
 * `r = (D - L) / (L (1 - D))`. FTX rebalanced intraday when leverage exceeded the target by 33%
 * ("roughly 11.15% for BULL tokens, 6.7% for BEAR tokens").
 *
 * @throws RiskInputError when `drifted` is not beyond `L` on the same side, or is 1.
 */
export function moveAtLeverage(leverage: number, drifted: number): number {
  requireLeverage('leverage', leverage);
  requireLeverage('drifted', drifted);
  if (
    Math.sign(drifted) !== Math.sign(leverage) ||
    Math.abs(drifted) <= Math.abs(leverage) ||
    drifted === 1
  ) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'drifted',
      drifted,
      `must have the sign of the leverage (${leverage}) and a larger magnitude`,
    );
  }
  return (drifted - leverage) / (leverage * (1 - drifted));
}
