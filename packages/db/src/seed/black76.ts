/**
 * Black-76 option value, only to give demo option positions plausible entry premiums. The risk
 * engine's pricing lives in @dte/risk-core; this is deliberately minimal (N accurate to 1.5e-7, so prices to about 2F x 1.5e-7).
 */

/** Standard normal CDF via the Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e-7). */
export function normCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Undiscounted-then-discounted Black-76 price per 1 unit of underlying, in the quote currency. */
export function black76(opts: {
  forward: number;
  strike: number;
  vol: number;
  years: number;
  rate: number;
  type: 'CALL' | 'PUT';
}): number {
  const { forward: f, strike: k, vol, years: t, rate, type } = opts;
  for (const [name, v] of Object.entries({ forward: f, strike: k, vol, years: t })) {
    if (!(Number.isFinite(v) && v > 0))
      throw new RangeError(`${name}: must be a finite number > 0, got ${v}`);
  }
  const sd = vol * Math.sqrt(t);
  const d1 = (Math.log(f / k) + 0.5 * sd * sd) / sd;
  const d2 = d1 - sd;
  const df = Math.exp(-rate * t);
  return type === 'CALL'
    ? df * (f * normCdf(d1) - k * normCdf(d2))
    : df * (k * normCdf(-d2) - f * normCdf(-d1));
}
