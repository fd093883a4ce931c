import type { PositionExposure, TokenLeg } from '../exposure/types.ts';

/** Dimensions a portfolio's exposures can be grouped by (`underlying` is the leg's token). */
export type GroupDimension = 'fund' | 'account' | 'venue' | 'underlying' | 'bucket';

/** Sums of one token's legs in a group. Units as `TokenRisk`; `gross*` sum absolute values per leg. */
export interface TokenTotals {
  token: string;
  /** Stablecoin / USD (not shocked, left out of the group's risk totals). */
  stable: boolean;
  deltaTokens: number;
  deltaUsd: number;
  grossDeltaUsd: number;
  notionalUsd: number;
  gamma: number;
  cashGammaUsd: number;
  vegaUsd: number;
  thetaUsd: number;
  marketValueUsd: number;
}

/** USD totals of a group over its non-stable tokens (market value over all tokens). */
export interface UsdTotals {
  netDeltaUsd: number;
  grossDeltaUsd: number;
  notionalUsd: number;
  cashGammaUsd: number;
  vegaUsd: number;
  thetaUsd: number;
  marketValueUsd: number;
}

/** One group: its key, the number of positions in it, per-token sums and USD totals. */
export interface GroupTotals {
  key: Partial<Record<GroupDimension, string>>;
  positions: number;
  tokens: TokenTotals[];
  usd: UsdTotals;
}

function keyOf(
  e: PositionExposure,
  l: TokenLeg,
  dims: readonly GroupDimension[],
): Partial<Record<GroupDimension, string>> {
  const key: Partial<Record<GroupDimension, string>> = {};
  for (const d of dims) key[d] = d === 'underlying' ? l.token : d === 'bucket' ? e.bucket : e[d];
  return key;
}

function emptyToken(token: string, stable: boolean): TokenTotals {
  return {
    token,
    stable,
    deltaTokens: 0,
    deltaUsd: 0,
    grossDeltaUsd: 0,
    notionalUsd: 0,
    gamma: 0,
    cashGammaUsd: 0,
    vegaUsd: 0,
    thetaUsd: 0,
    marketValueUsd: 0,
  };
}

/**
 * Groups position legs by `dims` and sums them per token: net (`deltaTokens`, `deltaUsd`, greeks,
 * market value: signed sums) and gross (`grossDeltaUsd = sum |deltaUsd|`, `notionalUsd = sum
 * notional`, both per position leg). A group's `usd` totals add its non-stable tokens (`isStable`),
 * except `marketValueUsd` which adds all. Groups are in first-seen order, tokens too.
 *
 * @param dims grouping dimensions; `[]` gives one group with the whole portfolio.
 * @param isStable which tokens are USD-pegged (default: none).
 * @returns one `GroupTotals` per distinct key. Pure; never throws for finite input.
 */
export function aggregateExposures(
  exposures: readonly PositionExposure[],
  dims: readonly GroupDimension[],
  isStable: (token: string) => boolean = () => false,
): GroupTotals[] {
  const groups = new Map<
    string,
    { key: GroupTotals['key']; ids: Set<string>; tokens: Map<string, TokenTotals> }
  >();
  for (const e of exposures) {
    for (const l of e.legs) {
      const key = keyOf(e, l, dims);
      const k = JSON.stringify(dims.map((d) => key[d]));
      let g = groups.get(k);
      if (!g) {
        g = { key, ids: new Set(), tokens: new Map() };
        groups.set(k, g);
      }
      g.ids.add(e.id);
      let t = g.tokens.get(l.token);
      if (!t) {
        t = emptyToken(l.token, isStable(l.token));
        g.tokens.set(l.token, t);
      }
      t.deltaTokens += l.deltaTokens;
      t.deltaUsd += l.deltaUsd;
      t.grossDeltaUsd += Math.abs(l.deltaUsd);
      t.notionalUsd += l.notionalUsd;
      t.gamma += l.gamma;
      t.cashGammaUsd += l.cashGammaUsd;
      t.vegaUsd += l.vegaUsd;
      t.thetaUsd += l.thetaUsd;
      t.marketValueUsd += l.marketValueUsd;
    }
  }
  return [...groups.values()].map((g) => {
    const tokens = [...g.tokens.values()];
    return { key: g.key, positions: g.ids.size, tokens, usd: usdTotals(tokens) };
  });
}

/**
 * USD totals over tokens: risk sums over non-stable tokens, market value over all.
 * `grossDeltaUsd` adds the tokens' per-leg gross values.
 */
export function usdTotals(tokens: readonly TokenTotals[]): UsdTotals {
  const out: UsdTotals = {
    netDeltaUsd: 0,
    grossDeltaUsd: 0,
    notionalUsd: 0,
    cashGammaUsd: 0,
    vegaUsd: 0,
    thetaUsd: 0,
    marketValueUsd: 0,
  };
  for (const t of tokens) {
    out.marketValueUsd += t.marketValueUsd;
    if (t.stable) continue;
    out.netDeltaUsd += t.deltaUsd;
    out.grossDeltaUsd += t.grossDeltaUsd;
    out.notionalUsd += t.notionalUsd;
    out.cashGammaUsd += t.cashGammaUsd;
    out.vegaUsd += t.vegaUsd;
    out.thetaUsd += t.thetaUsd;
  }
  return out;
}
