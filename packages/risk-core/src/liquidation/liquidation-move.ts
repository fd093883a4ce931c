import type { MarginAccount } from './margin-account.ts';
import { collateralPrice, contractMargin } from './margin-account.ts';

/** `maintenance`: equity = maintenance margin (liquidation); `bankruptcy`: equity = 0. */
export type MarginThreshold = 'maintenance' | 'bankruptcy';

/** Relative moves of one token (others fixed) at which an account reaches its threshold. */
export interface LiquidationMoves {
  token: string;
  /** Move in (-1, 0] of the token's price at which the account is liquidated going down; null if never. */
  down: number | null;
  /** Move >= 0 going up; null if never. */
  up: number | null;
  /** `equity - threshold` at the current prices, USD (<= 0: already at or beyond the threshold). */
  cushionUsd: number;
}

/**
 * Cushion `equity - requirement` (USD) with `token` moved by `m` (its collateral and every
 * contract mark on it scaled by `1 + m`), brackets chosen at the move `mTier`.
 */
function cushion(
  account: MarginAccount,
  token: string,
  m: number,
  mTier: number,
  threshold: MarginThreshold,
): number {
  let value = 0;
  for (const b of account.collateral) {
    value += b.amount * collateralPrice(account, b.token) * (b.token === token ? 1 + m : 1);
  }
  for (const c of account.contracts) {
    const on = c.underlying === token;
    const cm = contractMargin(c, on ? 1 + m : 1, on ? 1 + mTier : 1);
    value += cm.pnlUsd - (threshold === 'maintenance' ? cm.maintenanceUsd : 0);
  }
  return value;
}

/** Moves where a contract on `token` changes bracket (its notional crosses a cap). */
function bracketMoves(account: MarginAccount, token: string): number[] {
  const out: number[] = [];
  for (const c of account.contracts) {
    if (c.underlying !== token || c.basis !== 'mark' || c.size === 0) continue;
    const abs = Math.abs(c.size);
    for (const t of c.tiers) {
      if (!Number.isFinite(t.notionalUpTo)) continue;
      const m =
        c.settlement === 'linear'
          ? t.notionalUpTo / (abs * c.markPrice) - 1
          : abs / (t.notionalUpTo * c.markPrice) - 1;
      if (m > -1 && Number.isFinite(m)) out.push(m);
    }
  }
  return out;
}

/**
 * First root of a piecewise-linear cushion walking from 0 through `points` (sorted away from 0)
 * to `end` (-1 going down, +Infinity going up). Inside a segment the cushion is linear: two
 * evaluations with the segment's brackets give it exactly.
 */
function firstRoot(f: (m: number, mTier: number) => number, points: number[], end: number): number | null {
  const walk = [0, ...points];
  for (let k = 0; k < walk.length; k++) {
    const a = walk[k] as number;
    const last = k === walk.length - 1;
    const b = last ? end : (walk[k + 1] as number);
    // A point strictly inside the segment: brackets are chosen there and the slope measured.
    const inside = Number.isFinite(b) && !(last && b === -1) ? (a + b) / 2 : b === -1 ? (a - 1) / 2 : a + 1;
    const fa = f(a, inside);
    if (fa <= 0) return a;
    const slope = (f(inside, inside) - fa) / (inside - a);
    if (slope === 0 || !Number.isFinite(slope)) continue;
    const root = a - fa / slope;
    const within = b < a ? root >= b && root < a : root > a && root <= b;
    if (within) return root > -1 ? root : null;
  }
  return null;
}

/**
 * Relative moves of `token` (collateral in it and every contract mark on it scaled by `1 + m`,
 * other tokens fixed) at which the account's equity falls to its maintenance margin
 * (`threshold = 'maintenance'`) or to 0 (`'bankruptcy'`). Equity is linear in the price (linear
 * P&L `size (M - E)`, inverse USD P&L `size (M/E - 1)`, coin collateral `a P`) and maintenance is
 * linear within a bracket, so the cushion is piecewise linear: solved exactly segment by segment
 * between bracket changes (Binance: "substitute the maintenance margin rate and amount of the
 * level at the liquidation price").
 *
 * Reference: Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts" (cross:
 * other contracts' maintenance margin TMM and P&L UPNL held at their marks).
 *
 * @throws RiskInputError MISSING_MARKET_DATA for a collateral token without a price.
 */
export function liquidationMoves(
  account: MarginAccount,
  token: string,
  threshold: MarginThreshold = 'maintenance',
): LiquidationMoves {
  const f = (m: number, mTier: number) => cushion(account, token, m, mTier, threshold);
  const cushionUsd = f(0, 0);
  if (cushionUsd <= 0) return { token, down: 0, up: 0, cushionUsd };
  const breaks = [...new Set(bracketMoves(account, token))];
  const downPoints = breaks.filter((m) => m < 0).sort((x, y) => y - x);
  const upPoints = breaks.filter((m) => m > 0).sort((x, y) => x - y);
  return {
    token,
    down: firstRoot(f, downPoints, -1),
    up: firstRoot(f, upPoints, Number.POSITIVE_INFINITY),
    cushionUsd,
  };
}
