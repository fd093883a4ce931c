import { RiskInputError } from '../errors.ts';
import { createMarketView } from '../exposure/market-view.ts';
import { positionExposure } from '../exposure/position-exposure.ts';
import type { Revaluation } from './revalue.ts';
import { revalue } from './revalue.ts';
import type { MarketShock } from './shock.ts';
import { shockMarket } from './shock.ts';
import type { StressScenario } from './stress-types.ts';

/**
 * What to do with a portfolio token that a scenario has no return for:
 * `btc` uses the scenario's BTC return (beta 1 to BTC; the default), `zero` leaves it unchanged,
 * `error` throws.
 */
export type MissingTokenPolicy = 'btc' | 'zero' | 'error';

/** Where a token's move came from. */
export type MoveSource = 'data' | 'fallback-btc' | 'zero' | 'user';

/** Health factor of a lending position before and after the shock. */
export interface HealthFactorChange {
  id: string;
  before: number;
  after: number;
}

/** Result of one stress (historical or user-defined). */
export interface StressResult {
  name: string;
  title: string;
  from?: string;
  to?: string;
  /** Total USD P&L, all tokens moved together. */
  pnlUsd: number;
  /** USD P&L when only that token moves (by its scenario move). */
  byToken: Record<string, number>;
  /** USD P&L per position id. */
  byPosition: Record<string, number>;
  /** Move applied to each portfolio token and its source. */
  moves: Record<string, { move: number; source: MoveSource }>;
  /** Relative vol shift applied to every token. */
  volShift: number;
  healthFactors: HealthFactorChange[];
}

/** Options of `runStress` / `runShock`. */
export interface StressOptions {
  missing?: MissingTokenPolicy;
  /** Relative vol shift applied with the moves (default 0: vols unchanged). */
  volShift?: number;
}

/**
 * Applies a historical stress scenario with full revaluation (time unchanged): each portfolio
 * token moves by its close-to-close return over the window (spot and forwards), vols by
 * `volShift`. Leveraged tokens rebalance daily along the scenario's daily returns. Stablecoins
 * never move. Tokens without data follow `missing` (default `btc`).
 *
 * @throws RiskInputError `MISSING_MARKET_DATA` (field `stress.<name>.<token>`) when a token has no
 *   return and the policy is `error` (or is `btc` and the scenario has no BTC return).
 */
export function runStress(
  rv: Revaluation,
  scenario: StressScenario,
  options: StressOptions = {},
): StressResult {
  const policy = options.missing ?? 'btc';
  const moves: StressResult['moves'] = {};
  const paths: Record<string, number[]> = {};
  for (const token of rv.tokens) {
    const r = scenario.returns[token];
    if (r !== undefined) {
      moves[token] = { move: r, source: 'data' };
      const daily = scenario.dailyReturns[token];
      if (daily) paths[token] = daily;
      continue;
    }
    const btc = scenario.returns.BTC;
    if (policy === 'zero') moves[token] = { move: 0, source: 'zero' };
    else if (policy === 'btc' && btc !== undefined) moves[token] = { move: btc, source: 'fallback-btc' };
    else {
      throw new RiskInputError(
        'MISSING_MARKET_DATA',
        `stress.${scenario.name}.${token}`,
        token,
        `scenario has no return for ${token}${policy === 'btc' ? ' and no BTC return to fall back on' : ''}`,
      );
    }
  }
  return evaluate(rv, scenario.name, scenario.title, moves, options.volShift ?? 0, paths, {
    from: scenario.from,
    to: scenario.to,
  });
}

/**
 * Applies a user-defined shock: `moves[token]` relative spot moves (tokens not listed stay
 * unchanged; a stablecoin listed explicitly does move: a de-peg), vols of the listed tokens by
 * `volShift`. Full revaluation, time unchanged.
 *
 * @throws RiskInputError for a move <= -1 or a token the market has no spot for.
 */
export function runShock(
  rv: Revaluation,
  moves: Record<string, number>,
  options: { name?: string; volShift?: number } = {},
): StressResult {
  const tagged: StressResult['moves'] = {};
  for (const [token, move] of Object.entries(moves)) tagged[token] = { move, source: 'user' };
  const name = options.name ?? 'user';
  return evaluate(rv, name, 'user-defined shock', tagged, options.volShift ?? 0, {}, {});
}

function evaluate(
  rv: Revaluation,
  name: string,
  title: string,
  moves: StressResult['moves'],
  volShift: number,
  paths: Record<string, number[]>,
  window: { from?: string; to?: string },
): StressResult {
  const shockOf = (tokens: string[]): MarketShock => ({
    spot: Object.fromEntries(tokens.map((t) => [t, moves[t]?.move ?? 0])),
    vol: Object.fromEntries(tokens.map((t) => [t, volShift])),
  });
  const all = Object.keys(moves);
  const total = revalue(rv, shockOf(all), paths);
  const byToken: Record<string, number> = {};
  for (const t of all) byToken[t] = revalue(rv, shockOf([t]), paths).pnlUsd;
  const byPosition: Record<string, number> = {};
  rv.positions.forEach((p, i) => {
    byPosition[p.id] = total.byPosition[i] ?? 0;
  });
  const shockedView = createMarketView(rv.doc.valuationTime, shockMarket(rv.doc.market, shockOf(all)));
  const healthFactors: HealthFactorChange[] = [];
  rv.positions.forEach((p, i) => {
    if (p.kind !== 'lending') return;
    healthFactors.push({
      id: p.id,
      before: positionExposure(p, rv.view, i).healthFactor ?? Number.POSITIVE_INFINITY,
      after: positionExposure(p, shockedView, i).healthFactor ?? Number.POSITIVE_INFINITY,
    });
  });
  return {
    name,
    title,
    ...window,
    pnlUsd: total.pnlUsd,
    byToken,
    byPosition,
    moves,
    volShift,
    healthFactors,
  };
}
