import { RiskInputError } from '../../errors.ts';
import type { MarketView } from '../../exposure/market-view.ts';
import { createMarketView } from '../../exposure/market-view.ts';
import { withPositionContext } from '../../exposure/position-context.ts';
import { positionExposure } from '../../exposure/position-exposure.ts';
import { resolvePosition } from '../../exposure/resolve.ts';
import { leveragedTokenNavAfterMove } from '../../instruments/leveraged-token.ts';
import { instantMillis } from '../../market/year-fraction.ts';
import { positionTokens } from '../../portfolio/tokens.ts';
import type { OptionPosition, PortfolioDocument, Position, QuantoPosition } from '../../portfolio/types.ts';
import { checkHorizon } from '../input/params.ts';
import { buildOptionContracts, type OptionEntry } from './option-contracts.ts';
import type { CompiledPortfolio } from './types.ts';

/** Options of {@link compilePortfolio}. */
export interface CompileOptions {
  /** Horizon h in days (> 0): option expiries are shortened by h/365 years. */
  horizonDays: number;
  /**
   * Simulated token order (e.g. the covariance's); default: the portfolio's non-stable tokens in
   * first-seen order (as `prepareRevaluation`). Must contain every non-stable token of the positions.
   */
  tokens?: readonly string[];
  /** Account order; default: first-seen order. Must contain every account of the positions. */
  accounts?: readonly string[];
}

/** A document's positions with their market defaults fixed, and its tokens and accounts. */
interface ResolvedPortfolio {
  view: MarketView;
  positions: Position[];
  /** Non-stable tokens the positions depend on, first-seen order (as `prepareRevaluation`). */
  tokens: string[];
  accounts: string[];
}

function resolvePortfolio(doc: PortfolioDocument): ResolvedPortfolio {
  const view = createMarketView(doc.valuationTime, doc.market);
  const positions = doc.positions.map((p, i) => resolvePosition(p, view, i));
  const tokens = [...new Set(positions.flatMap(positionTokens))].filter((t) => !view.isStable(t));
  return { view, positions, tokens, accounts: [...new Set(doc.positions.map((p) => p.account))] };
}

/** The non-stable tokens and the accounts of a document, first-seen order. */
export function portfolioAxes(doc: PortfolioDocument): { tokens: string[]; accounts: string[] } {
  const { tokens, accounts } = resolvePortfolio(doc);
  return { tokens, accounts };
}

/**
 * Compiles a validated document for full revaluation under the Monte Carlo reference semantics
 * (spec portfolio-format.md, "Value-at-Risk request"): spot and every forward of token i move by
 * g_i, implied vols are kept, expiries are shortened by h/365, and the USD P&L per kind is
 * spot `q (S' - S)`; linear future/perp `q c (F' - F)`; inverse future/perp `q c (F' - F) / E`;
 * options `q c (V(F', T - h/365) - V(F, T))` with V the Black-76 USD price. Kinds beyond the spec:
 * collateral and lending legs are token balances, settled (expired) positions are USD cash or coin
 * balances, quanto contracts are bilinear in (g_X, g_C), leveraged tokens rebalance once
 * (`n' = n (1 + L r)`, floored at 0).
 *
 * Positions linear in prices (spot, collateral, futures, perps, lending, settled) are reduced to one
 * coefficient per token (their `deltaUsd`, exact since their value is linear in the price), per
 * account; options on the same (underlying, type, strike, expiry) collapse to one contract.
 *
 * @throws RiskInputError for invalid positions or missing market data (naming the position), a
 *   horizon <= 0, a token or account missing from the given orders (`tokens` / `accounts`).
 */
export function compilePortfolio(doc: PortfolioDocument, options: CompileOptions): CompiledPortfolio {
  const horizonDays = checkHorizon(options.horizonDays);
  const rv = resolvePortfolio(doc);
  const tokens = options.tokens ? [...options.tokens] : rv.tokens;
  const accounts = options.accounts
    ? [...options.accounts]
    : [...new Set(doc.positions.map((p) => p.account))];
  const tokenIndex = indexer('tokens', tokens, (t) => !rv.view.isStable(t));
  const accountIndex = indexer('accounts', accounts, () => true);
  const d = tokens.length;
  const linear = new Float64Array(d);
  const byAccount = new Map<number, number>(); // account * d + token -> coefficient
  const addLinear = (account: number, token: number, coefficient: number) => {
    if (token < 0 || coefficient === 0) return;
    linear[token] = (linear[token] as number) + coefficient;
    const key = account * d + token;
    byAccount.set(key, (byAccount.get(key) ?? 0) + coefficient);
  };
  const riskToken = (token: string): number => {
    const t = tokenIndex(token);
    if (t < 0) {
      throw new RiskInputError(
        'UNSUPPORTED',
        'underlying',
        token,
        'a stablecoin cannot be the underlying here',
      );
    }
    return t;
  };
  const optionEntries: OptionEntry[] = [];
  const quanto: { x: number; c: number; a: number; b: number; account: number }[] = [];
  const leveraged: { token: number; value: number; leverage: number; account: number }[] = [];

  rv.positions.forEach((p, i) => {
    withPositionContext(p.id, i, () => {
      const account = accountIndex(p.account) as number;
      const kind = termKind(p, rv.view);
      if (kind === 'option') {
        const o = p as OptionPosition;
        optionEntries.push({
          token: riskToken(o.underlying),
          isCall: o.optionType === 'call',
          strike: o.strike,
          expiryMillis: instantMillis('expiry', o.expiry),
          expiry: o.expiry,
          forward: rv.view.forward(o.underlying, o.expiry),
          expiryYears: rv.view.yearsTo(o.expiry),
          vol: rv.view.vol(o.underlying, o.expiry, o.strike),
          quantity: o.quantity * o.contractSize,
          account,
          underlying: o.underlying,
        });
      } else if (kind === 'quanto') {
        const q = p as QuantoPosition;
        const coinPrice = rv.view.spot(q.settlementCoin);
        const forward = rv.view.forward(q.underlying, q.expiry);
        const entry = q.entryPrice ?? forward;
        quanto.push({
          x: tokenIndex(q.underlying),
          c: tokenIndex(q.settlementCoin),
          a: q.quantity * q.multiplier * forward * coinPrice,
          b: q.quantity * q.multiplier * entry * coinPrice,
          account,
        });
      } else if (kind === 'leveraged' && p.kind === 'leveraged-token') {
        const s = rv.view.spot(p.underlying);
        const nav = leveragedTokenNavAfterMove(p.nav, p.leverage, s / (p.referencePrice ?? s) - 1);
        leveraged.push({
          token: riskToken(p.underlying),
          value: p.quantity * nav,
          leverage: p.leverage,
          account,
        });
      } else {
        for (const leg of positionExposure(p, rv.view, i).legs) {
          addLinear(account, tokenIndex(leg.token), leg.deltaUsd);
        }
      }
    });
  });

  const entries = [...byAccount.entries()].sort((x, y) => x[0] - y[0]);
  return {
    tokens,
    accounts,
    horizonDays,
    linear,
    linearByAccount: {
      account: Int32Array.from(entries, ([k]) => Math.floor(k / d)),
      token: Int32Array.from(entries, ([k]) => k % d),
      coefficient: Float64Array.from(entries, ([, v]) => v),
    },
    options: buildOptionContracts(optionEntries, rv.view.rate, horizonDays),
    quanto: {
      count: quanto.length,
      priceToken: Int32Array.from(quanto, (q) => q.x),
      coinToken: Int32Array.from(quanto, (q) => q.c),
      a: Float64Array.from(quanto, (q) => q.a),
      b: Float64Array.from(quanto, (q) => q.b),
      account: Int32Array.from(quanto, (q) => q.account),
    },
    leveraged: {
      count: leveraged.length,
      token: Int32Array.from(leveraged, (l) => l.token),
      value: Float64Array.from(leveraged, (l) => l.value),
      leverage: Float64Array.from(leveraged, (l) => l.leverage),
      account: Int32Array.from(leveraged, (l) => l.account),
    },
    positions: doc.positions.length,
  };
}

/** How a resolved position is compiled. */
function termKind(p: Position, view: MarketView): 'option' | 'quanto' | 'leveraged' | 'linear' {
  const expired = 'expiry' in p && p.expiry !== undefined && view.yearsTo(p.expiry) <= 0;
  if (p.kind === 'option') return expired ? 'linear' : 'option';
  if ((p.kind === 'future' || p.kind === 'perpetual') && p.settlement === 'quanto') {
    return expired ? 'linear' : 'quanto';
  }
  if (p.kind === 'leveraged-token') return 'leveraged';
  return 'linear';
}

/**
 * Index lookup into `order`; -1 for names `simulated` rejects (stablecoins: never moved).
 * @throws RiskInputError `MISSING_MARKET_DATA` naming `field` for a simulated name not in `order`.
 */
function indexer(field: string, order: readonly string[], simulated: (name: string) => boolean) {
  const map = new Map(order.map((t, i) => [t, i]));
  return (name: string): number => {
    const i = map.get(name);
    if (i !== undefined) return i;
    if (!simulated(name)) return -1;
    throw new RiskInputError('MISSING_MARKET_DATA', field, name, `has no entry for ${name}`);
  };
}
