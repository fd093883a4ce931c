import { RiskInputError } from '../errors.ts';
import { requireFinite, requireNonNegative, requirePositive } from '../math/guards.ts';
import type { Instant } from './year-fraction.ts';
import { instantMillis, yearFraction } from './year-fraction.ts';

/** A quoted forward (or dated-future) price for one expiry. */
export interface ForwardCurveQuote {
  /** Expiry instant (Date or ISO-8601; no offset = UTC). */
  readonly expiry: Instant;
  /** Forward price, quote currency per unit of underlying (> 0). */
  readonly price: number;
}

/** Inputs of {@link createForwardCurve}. */
export interface ForwardCurveSpec {
  /** Valuation time; year fractions are ACT/365 from it. */
  readonly valuationTime: Instant;
  /** Spot (or index) price (> 0). */
  readonly spot: number;
  /** Continuously compounded carry rate per year (finite; default 0). */
  readonly rate?: number;
  /** Quoted forwards; an expiry quoted here is used as is. */
  readonly quotes?: readonly ForwardCurveQuote[];
}

/** Forward prices of one underlying by expiry. */
export interface ForwardCurve {
  readonly valuationTime: Date;
  readonly spot: number;
  readonly rate: number;
  /** ACT/365 years from the valuation time to `expiry` (negative once expired). */
  yearsTo(expiry: Instant): number;
  /**
   * Forward for `expiry`: the quote when that instant is quoted, else `spot * e^{rate T}`; a perpetual
   * (`expiry` undefined or null) uses the spot.
   */
  forward(expiry?: Instant | null): number;
  /** Forward for a time to expiry in years (quote when a quoted expiry has exactly this T). */
  forwardAt(expiryYears: number): number;
}

/**
 * Builds a forward curve (DESIGN.md "Data": forwards per expiry): quoted forwards where given, else the
 * cost-of-carry forward `F = S e^{rT}` with T = ACT/365 years and r continuously compounded; perpetual
 * swaps use the spot. No interpolation between quotes (an unquoted expiry uses S e^{rT}, as the
 * benchmark reference does). Units: quote currency per unit of underlying.
 * @throws {RiskInputError} `MISSING_FIELD` / `INVALID_NUMBER` / `OUT_OF_DOMAIN` for a spot or quote
 * price that is not finite > 0 or a non-finite rate; `MALFORMED_DOCUMENT` for unreadable instants;
 * `OUT_OF_DOMAIN` for two different prices quoted for the same expiry.
 */
export function createForwardCurve(spec: ForwardCurveSpec): ForwardCurve {
  const t0 = instantMillis('valuationTime', spec.valuationTime);
  const spot = requirePositive('spot', spec.spot);
  const rate = spec.rate === undefined ? 0 : requireFinite('rate', spec.rate);
  const byMillis = new Map<number, number>();
  const byYears = new Map<number, number>();
  (spec.quotes ?? []).forEach((q, i) => {
    const t = instantMillis(`quotes[${i}].expiry`, q.expiry);
    const price = requirePositive(`quotes[${i}].price`, q.price);
    const previous = byMillis.get(t);
    if (previous !== undefined && previous !== price) {
      throw new RiskInputError(
        'OUT_OF_DOMAIN',
        `quotes[${i}]`,
        q,
        `expiry quoted twice (${previous} and ${price})`,
      );
    }
    byMillis.set(t, price);
    byYears.set(yearFraction(spec.valuationTime, q.expiry), price);
  });
  const valuationTime = new Date(t0);
  const yearsTo = (expiry: Instant): number => yearFraction(valuationTime, expiry);
  const carry = (T: number): number => spot * Math.exp(rate * T);
  return {
    valuationTime,
    spot,
    rate,
    yearsTo,
    forward(expiry) {
      if (expiry === undefined || expiry === null) return spot;
      const quoted = byMillis.get(instantMillis('expiry', expiry));
      if (quoted !== undefined) return quoted;
      const T = yearsTo(expiry);
      if (T < 0) throw new RiskInputError('OUT_OF_DOMAIN', 'expiry', expiry, 'is before the valuation time');
      return carry(T);
    },
    forwardAt(expiryYears) {
      const T = requireNonNegative('expiryYears', expiryYears);
      return byYears.get(T) ?? carry(T);
    },
  };
}
