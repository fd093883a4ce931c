import { RiskInputError } from '../errors.ts';
import { requireMove } from '../instruments/guards.ts';
import type { MarketData } from '../portfolio/types.ts';

/** A market shock: relative moves per token. Tokens not listed are unchanged. */
export interface MarketShock {
  /** Relative spot move per token (`-0.2` = -20%), > -1; applied to the spot and every forward of the token. */
  spot: Record<string, number>;
  /** Relative vol shift per token (`0.5` = vols x 1.5), > -1; applied to `vols` and every `volSurface` point. */
  vol?: Record<string, number>;
}

/**
 * Applies a shock to market data (pure; returns a new object): `S' = S (1 + r)`, every forward of
 * the token `F' = F (1 + r)` (the basis moves proportionally), `sigma' = sigma (1 + v)` (a relative
 * vol shift, the same for every expiry and strike). Rates, time and the other tokens are unchanged.
 *
 * @throws RiskInputError `OUT_OF_DOMAIN` for a move or shift <= -1 (field `shock.spot.<token>` /
 *   `shock.vol.<token>`), `INVALID_NUMBER` for NaN/Infinity, `MISSING_MARKET_DATA` when a shocked
 *   token has no spot.
 */
export function shockMarket(market: MarketData, shock: MarketShock): MarketData {
  const spot = { ...market.spot };
  const out: MarketData = { ...market, spot };
  for (const [token, r] of Object.entries(shock.spot)) {
    requireMove(`shock.spot.${token}`, r);
    const s = spot[token];
    if (s === undefined)
      throw new RiskInputError('MISSING_MARKET_DATA', `market.spot.${token}`, s, 'no spot to shock');
    spot[token] = s * (1 + r);
    const fwd = market.forwards?.[token];
    if (fwd)
      out.forwards = { ...out.forwards, [token]: fwd.map((q) => ({ ...q, price: q.price * (1 + r) })) };
  }
  for (const [token, v] of Object.entries(shock.vol ?? {})) {
    requireMove(`shock.vol.${token}`, v);
    const flat = market.vols?.[token];
    if (flat !== undefined) out.vols = { ...out.vols, [token]: flat * (1 + v) };
    const surface = market.volSurface?.[token];
    if (surface)
      out.volSurface = { ...out.volSurface, [token]: surface.map((p) => ({ ...p, vol: p.vol * (1 + v) })) };
  }
  return out;
}

/** The same relative move / vol shift for each of `tokens`. */
export function uniformShock(tokens: readonly string[], spotMove: number, volShift: number): MarketShock {
  return {
    spot: Object.fromEntries(tokens.map((t) => [t, spotMove])),
    vol: Object.fromEntries(tokens.map((t) => [t, volShift])),
  };
}
