import { RiskInputError } from '../errors.ts';
import type { ForwardCurve, VolSurface } from '../market/index.ts';
import { createForwardCurve, createVolSurface, instantMillis, yearFraction } from '../market/index.ts';
import { DEFAULT_STABLECOINS, USD } from '../portfolio/tokens.ts';
import type { MarketData } from '../portfolio/types.ts';

/**
 * Read access to the market data of a document at its valuation time, as the instruments need it.
 * Getters throw `RiskInputError` naming the market field (`market.spot.<token>`, ...).
 */
export interface MarketView {
  readonly valuationTime: string;
  /** Continuously compounded rate (0 when the document gives none). */
  readonly rate: number;
  /** The market data this view reads (scenarios shock a copy and build a new view). */
  readonly data: MarketData;
  /** USD spot of `token` (`USD` is 1). */
  spot(token: string): number;
  /** ACT/365 years from the valuation time to `expiry` (negative once expired). */
  yearsTo(expiry: string): number;
  /** Forward of `token` for `expiry` (not expired); the spot for a perpetual (`expiry` undefined). */
  forward(token: string, expiry?: string): number;
  /** Black-76 vol of `token` for `expiry` (not expired) and `strike`. */
  vol(token: string, expiry: string, strike: number): number;
  /** True for USD and the stablecoins (never shocked, out of risk totals). */
  isStable(token: string): boolean;
}

/** Re-throws a market-layer error with its field under `prefix`. */
function underField<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof RiskInputError) || e.field.startsWith('market.')) throw e;
    const inner = e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
    const got = inner.lastIndexOf(' (got ');
    throw new RiskInputError(e.code, `${prefix}.${e.field}`, e.value, got >= 0 ? inner.slice(0, got) : inner);
  }
}

/**
 * Builds a `MarketView` over the pricing layer's market objects, one per token, built on first use:
 * - forwards: `createForwardCurve` (spec rule: a quoted expiry uses its quote, else
 *   `spot x exp(rate x T)`; perpetuals use spot);
 * - vols: `createVolSurface` over `market.volSurface[token]` when the token has points (linear in
 *   strike within an expiry, linear in total variance across expiries at fixed moneyness `K/F`, flat
 *   beyond; points at or before the valuation time are ignored), else the flat `market.vols[token]`;
 * - time: ACT/365 `yearFraction`.
 *
 * @param valuationTime ISO-8601 time.
 * @throws RiskInputError `MALFORMED_DOCUMENT` for an unparseable valuation time; getters throw
 *   `MISSING_MARKET_DATA` for absent spots/vols and the market layer's errors under `market.*`.
 */
export function createMarketView(valuationTime: string, data: MarketData): MarketView {
  instantMillis('valuationTime', valuationTime);
  const rate = data.rate ?? 0;
  const stable = new Set(data.stablecoins ?? DEFAULT_STABLECOINS);
  stable.add(USD);
  const curves = new Map<string, ForwardCurve>();
  const surfaces = new Map<string, VolSurface>();
  const yearsTo = (expiry: string) => yearFraction(valuationTime, expiry);
  const spot = (token: string): number => {
    if (token === USD) return 1;
    const s = data.spot[token];
    if (s === undefined)
      throw new RiskInputError('MISSING_MARKET_DATA', `market.spot.${token}`, s, 'no spot price');
    return s;
  };
  const curve = (token: string): ForwardCurve => {
    let c = curves.get(token);
    if (!c) {
      const s = spot(token);
      c = underField(`market.forwards.${token}`, () =>
        createForwardCurve({ valuationTime, spot: s, rate, quotes: data.forwards?.[token] ?? [] }),
      );
      curves.set(token, c);
    }
    return c;
  };
  const surface = (token: string): VolSurface => {
    let v = surfaces.get(token);
    if (!v) {
      const live = (data.volSurface?.[token] ?? [])
        .map((p) => ({ expiryYears: yearsTo(p.expiry), strike: p.strike, vol: p.vol }))
        .filter((p) => p.expiryYears > 0);
      const flat = data.vols?.[token];
      if (live.length === 0 && flat === undefined) {
        throw new RiskInputError(
          'MISSING_MARKET_DATA',
          `market.vols.${token}`,
          flat,
          'no vol or vol surface',
        );
      }
      const c = curve(token);
      v = underField(`market.volSurface.${token}`, () =>
        live.length > 0
          ? createVolSurface({ kind: 'points', points: live }, (t) => c.forwardAt(t))
          : createVolSurface({ kind: 'flat', vol: flat as number }),
      );
      surfaces.set(token, v);
    }
    return v;
  };
  return {
    valuationTime,
    rate,
    data,
    spot,
    yearsTo,
    forward: (token, expiry) => (expiry === undefined ? spot(token) : curve(token).forward(expiry)),
    vol: (token, expiry, strike) => surface(token).vol(yearsTo(expiry), strike),
    isStable: (token) => stable.has(token),
  };
}
