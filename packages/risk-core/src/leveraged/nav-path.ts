import { RiskInputError } from '../errors.ts';
import { leveragedTokenRebalance } from '../instruments/leveraged-token.ts';
import { requireFinite, requireNonNegative, requirePositive } from '../math/guards.ts';
import { effectiveLeverage } from './leverage-drift.ts';

/**
 * When the issuer rebalances, along a price path (steps 1..n):
 * - `every-step`: after every step (daily rebalancing on daily closes);
 * - `threshold`: when the move since the last rebalance reaches `move` in magnitude (Binance
 *   BTCUP/BTCDOWN: 10%), plus at the listed `atSteps` (scheduled rebalances);
 * - `leverage`: when the effective leverage exceeds `ratio x L` in magnitude (FTX: 1.33);
 * - `at`: only at the listed steps (none: the token is never rebalanced).
 */
export type RebalanceRule =
  | { kind: 'every-step' }
  | { kind: 'threshold'; move: number; atSteps?: readonly number[] }
  | { kind: 'leverage'; ratio: number; atSteps?: readonly number[] }
  | { kind: 'at'; steps: readonly number[] };

/** One rebalance of the issuer. */
export interface RebalanceEvent {
  step: number;
  price: number;
  /** Move of the underlying since the previous rebalance. */
  move: number;
  /** NAV per token at the rebalance. */
  nav: number;
  /** Underlying traded for the whole holding, USD, positive = buy (`h n L (L - 1) r`, DESIGN). */
  tradeUsd: number;
}

/** NAV path of a leveraged token. */
export interface NavPath {
  /** NAV per token at each step (step 0 = the start). */
  nav: number[];
  /** Exposure of the holding to the underlying, USD, after any rebalance at that step (`h n L` right after). */
  exposureUsd: number[];
  rebalances: RebalanceEvent[];
}

/** Input of `leveragedTokenNavPath`. */
export interface NavPathInput {
  /** Underlying USD prices, step 0 first; each > 0. */
  prices: readonly number[];
  /** NAV per token at step 0 (a rebalance point), >= 0. */
  nav: number;
  /** Target leverage, non-zero (3, -3). */
  leverage: number;
  rule: RebalanceRule;
  /** Tokens held (default 1). */
  holding?: number;
}

function rebalanceDue(rule: RebalanceRule, step: number, move: number, leverage: number): boolean {
  switch (rule.kind) {
    case 'every-step':
      return true;
    case 'at':
      return rule.steps.includes(step);
    case 'threshold':
      return Math.abs(move) >= rule.move - 1e-12 || (rule.atSteps?.includes(step) ?? false);
    case 'leverage':
      return (
        Math.abs(effectiveLeverage(leverage, move)) >= rule.ratio * Math.abs(leverage) ||
        (rule.atSteps?.includes(step) ?? false)
      );
  }
}

function validateRule(rule: RebalanceRule): void {
  if (rule.kind === 'threshold') requirePositive('rule.move', rule.move);
  if (rule.kind === 'leverage' && !(requireFinite('rule.ratio', rule.ratio) > 1)) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'rule.ratio', rule.ratio, 'must be > 1');
  }
}

/**
 * NAV path of a constant-leverage token along a price path. Between rebalances the NAV moves
 * linearly with the underlying from the last rebalance point: `n = n_ref (1 + L (P / P_ref - 1))`,
 * floored at 0 (instruments `leveragedTokenNavAfterMove`); at a rebalance the issuer trades
 * `h n_ref L (L - 1) r` USD (`leveragedTokenRebalance`; all remaining exposure sold when the NAV is
 * wiped out) and the reference moves to the current price and NAV.
 *
 * @throws RiskInputError for an empty path, non-positive prices (`prices[i]`), negative NAV,
 *   zero leverage or an invalid rule.
 */
export function leveragedTokenNavPath(input: NavPathInput): NavPath {
  const { prices, leverage, rule } = input;
  const holding = requireFinite('holding', input.holding ?? 1);
  requireNonNegative('nav', input.nav);
  requireFinite('leverage', leverage);
  if (leverage === 0) throw new RiskInputError('OUT_OF_DOMAIN', 'leverage', leverage, 'must be non-zero');
  if (prices.length === 0)
    throw new RiskInputError('MISSING_FIELD', 'prices', prices, 'needs at least one price');
  for (let i = 0; i < prices.length; i++) requirePositive(`prices[${i}]`, prices[i]);
  validateRule(rule);
  let refPrice = prices[0] as number;
  let refNav = input.nav;
  const nav = [refNav];
  const exposureUsd = [holding * refNav * leverage];
  const rebalances: RebalanceEvent[] = [];
  for (let i = 1; i < prices.length; i++) {
    const price = prices[i] as number;
    const move = price / refPrice - 1;
    const n = Math.max(0, refNav * (1 + leverage * move));
    nav.push(n);
    if (refNav > 0 && rebalanceDue(rule, i, move, leverage)) {
      const tradeUsd =
        n > 0
          ? leveragedTokenRebalance({ holding, nav: refNav, leverage, move })
          : -holding * refNav * leverage * (1 + move);
      rebalances.push({ step: i, price, move, nav: n, tradeUsd });
      refPrice = price;
      refNav = n;
      exposureUsd.push(holding * n * leverage);
    } else {
      exposureUsd.push(holding * refNav * leverage * (1 + move));
    }
  }
  return { nav, exposureUsd, rebalances };
}
