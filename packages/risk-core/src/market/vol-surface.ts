import { RiskInputError } from '../errors.ts';
import { requireNonNegative, requirePositive } from '../math/guards.ts';

/** One implied-volatility quote of a surface. */
export interface VolSurfacePoint {
  /** Time to expiry in years ACT/365 (> 0). */
  readonly expiryYears: number;
  /** Strike (> 0), same units as the forward. */
  readonly strike: number;
  /** Black volatility (decimal, > 0). */
  readonly vol: number;
}

/** A flat volatility, or (expiry, strike) points. */
export type VolSurfaceSpec =
  | { readonly kind: 'flat'; readonly vol: number }
  | { readonly kind: 'points'; readonly points: readonly VolSurfacePoint[] };

/** Black volatility by expiry and strike. */
export interface VolSurface {
  /** Black volatility for expiry T (years, >= 0) and strike K (> 0). */
  vol(expiryYears: number, strike: number): number;
  /** Total implied variance w = sigma^2 T. */
  totalVariance(expiryYears: number, strike: number): number;
}

/** One expiry of the surface: vols linear in moneyness m = K / F(T_i) between its strikes. */
interface Slice {
  readonly expiryYears: number;
  readonly moneyness: Float64Array;
  readonly vols: Float64Array;
}

/** Vol of a slice at moneyness m: linear between knots, flat beyond the first and last. */
function sliceVol(slice: Slice, m: number): number {
  const ms = slice.moneyness;
  const vs = slice.vols;
  const n = ms.length;
  if (m <= (ms[0] as number)) return vs[0] as number;
  if (m >= (ms[n - 1] as number)) return vs[n - 1] as number;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((ms[mid] as number) <= m) lo = mid;
    else hi = mid;
  }
  const m0 = ms[lo] as number;
  const m1 = ms[hi] as number;
  const v0 = vs[lo] as number;
  return v0 + (((vs[hi] as number) - v0) * (m - m0)) / (m1 - m0);
}

function buildSlices(
  points: readonly VolSurfacePoint[],
  forwardAt: (expiryYears: number) => number,
): Slice[] {
  const groups = new Map<number, { strike: number; vol: number }[]>();
  points.forEach((p, i) => {
    const T = requirePositive(`points[${i}].expiryYears`, p?.expiryYears);
    const strike = requirePositive(`points[${i}].strike`, p.strike);
    const vol = requirePositive(`points[${i}].vol`, p.vol);
    const group = groups.get(T) ?? [];
    if (group.some((q) => q.strike === strike)) {
      throw new RiskInputError('OUT_OF_DOMAIN', `points[${i}]`, p, 'duplicate (expiry, strike) point');
    }
    group.push({ strike, vol });
    groups.set(T, group);
  });
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([T, group]) => {
      const F = requirePositive(`forward(${T})`, forwardAt(T));
      group.sort((a, b) => a.strike - b.strike);
      return {
        expiryYears: T,
        moneyness: Float64Array.from(group, (q) => q.strike / F),
        vols: Float64Array.from(group, (q) => q.vol),
      };
    });
}

/**
 * Calendar no-arbitrage check: total variance non-decreasing in T at every fixed moneyness. Both slices
 * are linear in m between the union of their knots (and flat beyond), so sqrt(T) sigma(m) is linear on
 * each sub-interval and checking the union of knots is exact.
 */
function checkCalendar(slices: readonly Slice[]): void {
  for (let i = 0; i + 1 < slices.length; i++) {
    const a = slices[i] as Slice;
    const b = slices[i + 1] as Slice;
    const knots = [...a.moneyness, ...b.moneyness];
    for (const m of knots) {
      const wa = sliceVol(a, m) ** 2 * a.expiryYears;
      const wb = sliceVol(b, m) ** 2 * b.expiryYears;
      if (wb < wa * (1 - 1e-12)) {
        throw new RiskInputError(
          'OUT_OF_DOMAIN',
          'points',
          { expiryYears: [a.expiryYears, b.expiryYears], moneyness: m },
          `calendar arbitrage: total variance sigma^2 T decreases from ${wa} at T=${a.expiryYears} to ${wb} at ` +
            `T=${b.expiryYears} at moneyness K/F=${m}`,
        );
      }
    }
  }
}

/**
 * Builds a volatility surface. `flat`: one vol for every expiry and strike. `points`: quotes at
 * (expiry, strike), interpolated
 *  - within an expiry: linearly in strike (equivalently in moneyness m = K/F(T_i)), flat beyond the
 *    first and last strike;
 *  - across expiries: linearly in total variance w = sigma^2 T at fixed moneyness m = K/F(T) between the
 *    neighbouring expiries, flat vol before the first and after the last expiry.
 * Linear interpolation of w at fixed moneyness keeps w non-decreasing in T whenever the quotes are, so
 * the surface is free of calendar arbitrage exactly when its inputs are; inputs that violate it are
 * rejected (see docs/pricing.md; butterfly arbitrage in strike is not checked).
 * References: J. Gatheral, "The Volatility Surface" (Wiley 2006) ch. 2-3 (calendar condition on total
 * variance at fixed moneyness); R. Lee, "Implied volatility: statics, dynamics, and probabilistic
 * interpretation" (2005).
 *
 * @param forwardAt forward for a time to expiry in years (e.g. `ForwardCurve.forwardAt`), needed to
 *   turn strikes into moneyness for `points` surfaces.
 * @throws {RiskInputError} `INVALID_NUMBER` / `OUT_OF_DOMAIN` / `MISSING_FIELD` for a vol, strike or expiry
 *   that is not finite > 0 or duplicate points; `OUT_OF_DOMAIN` (field `points`) for calendar arbitrage
 *   in the input; `MISSING_MARKET_DATA` when a `points` surface has no points or no forward function.
 */
export function createVolSurface(
  spec: VolSurfaceSpec,
  forwardAt?: (expiryYears: number) => number,
): VolSurface {
  if (spec === null || typeof spec !== 'object') {
    throw new RiskInputError(
      'MALFORMED_DOCUMENT',
      'volSurface',
      spec,
      "must be { kind: 'flat' | 'points', ... }",
    );
  }
  if (spec.kind === 'flat') {
    const vol = requirePositive('vol', spec.vol);
    return {
      vol(expiryYears, strike) {
        requireNonNegative('expiryYears', expiryYears);
        requirePositive('strike', strike);
        return vol;
      },
      totalVariance(expiryYears, strike) {
        return this.vol(expiryYears, strike) ** 2 * expiryYears;
      },
    };
  }
  if (spec.kind !== 'points') {
    throw new RiskInputError(
      'UNSUPPORTED',
      'volSurface.kind',
      (spec as { kind?: unknown }).kind,
      "must be 'flat' or 'points'",
    );
  }
  if (!Array.isArray(spec.points) || spec.points.length === 0) {
    throw new RiskInputError(
      'MISSING_MARKET_DATA',
      'points',
      spec.points,
      'a points surface needs at least one point',
    );
  }
  if (forwardAt === undefined) {
    throw new RiskInputError(
      'MISSING_MARKET_DATA',
      'forwardAt',
      forwardAt,
      'a points surface needs forwards for moneyness',
    );
  }
  const slices = buildSlices(spec.points, forwardAt);
  checkCalendar(slices);
  const first = slices[0] as Slice;
  const last = slices[slices.length - 1] as Slice;
  const vol = (expiryYears: number, strike: number): number => {
    const T = requireNonNegative('expiryYears', expiryYears);
    const K = requirePositive('strike', strike);
    const m = K / requirePositive(`forward(${T})`, forwardAt(T));
    if (T <= first.expiryYears) return sliceVol(first, m);
    if (T >= last.expiryYears) return sliceVol(last, m);
    let i = 0;
    while ((slices[i + 1] as Slice).expiryYears <= T) i++;
    const a = slices[i] as Slice;
    const b = slices[i + 1] as Slice;
    const wa = sliceVol(a, m) ** 2 * a.expiryYears;
    const wb = sliceVol(b, m) ** 2 * b.expiryYears;
    const w = wa + ((wb - wa) * (T - a.expiryYears)) / (b.expiryYears - a.expiryYears);
    return Math.sqrt(w / T);
  };
  return {
    vol,
    totalVariance: (expiryYears, strike) => vol(expiryYears, strike) ** 2 * expiryYears,
  };
}
