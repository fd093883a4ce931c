import type { LendingBorrowInput, LendingSupplyInput } from '../instruments/lending.ts';
import { healthFactor } from '../instruments/lending.ts';

/** Price of one token at which a lending account's health factor is exactly 1, others fixed. */
export interface LendingTrigger {
  token: string;
  /** `collateral`, `debt`, or `both` (supplied and borrowed). */
  role: 'collateral' | 'debt' | 'both';
  currentPrice: number;
  /** USD price at which HF = 1; null when no positive price gives HF = 1. */
  triggerPrice: number | null;
  /** `trigger / current - 1`; null with the price. */
  move: number | null;
  /** Why there is no trigger price. */
  reason?: string;
}

/**
 * For each token of an Aave-style account, the USD price at which the health factor equals 1 with
 * every other price fixed (DESIGN: `HF = sum(c_i P_i LT_i) / sum(d_j P_j)`). With `a` = weighted
 * collateral of the token (`sum amount x LT`), `d` = its debt amount, `A`, `D` = weighted collateral
 * and debt of the other tokens (USD): `HF(P) = (A + a P) / (D + d P) = 1` at `P* = (D - A) / (a - d)`.
 * A collateral token triggers on a fall, a debt token on a rise.
 *
 * @throws RiskInputError as `healthFactor` (invalid amounts, prices, thresholds).
 */
export function lendingTriggerPrices(
  supplies: readonly LendingSupplyInput[],
  borrows: readonly LendingBorrowInput[],
): LendingTrigger[] {
  healthFactor(supplies, borrows); // validates every leg
  const tokens = [...new Set([...supplies.map((s) => s.token), ...borrows.map((b) => b.token)])];
  const totalDebt = borrows.reduce((acc, b) => acc + b.amount * b.price, 0);
  return tokens.map((token) => {
    let a = 0;
    let A = 0;
    let d = 0;
    let D = 0;
    let price = 0;
    for (const s of supplies) {
      if (s.token === token) {
        a += s.amount * s.liquidationThreshold;
        price = s.price;
      } else A += s.amount * s.price * s.liquidationThreshold;
    }
    for (const b of borrows) {
      if (b.token === token) {
        d += b.amount;
        price = b.price;
      } else D += b.amount * b.price;
    }
    const supplied = supplies.some((s) => s.token === token && s.amount > 0);
    const borrowed = borrows.some((b) => b.token === token && b.amount > 0);
    const role = supplied && borrowed ? 'both' : borrowed ? 'debt' : 'collateral';
    const none = (reason: string): LendingTrigger => ({
      token,
      role,
      currentPrice: price,
      triggerPrice: null,
      move: null,
      reason,
    });
    if (totalDebt === 0) return none('no debt: the health factor is infinite');
    if (a === d) return none('the health factor does not depend on this price');
    const p = (D - A) / (a - d);
    if (!(p > 0)) {
      return none(
        a > d
          ? 'the other collateral covers the debt on its own: no fall of this price liquidates'
          : 'no rise of this price liquidates',
      );
    }
    return { token, role, currentPrice: price, triggerPrice: p, move: p / price - 1 };
  });
}
