import { RiskInputError } from '../errors.ts';

/**
 * Exception (violation) indicators of a 1-day VaR backtest: I_t = 1 when the realized loss of day t
 * exceeds the VaR forecast made for that day (loss_t > VaR_t, strictly; both as positive loss
 * amounts, realized loss = -P&L), else 0 (Jorion, Value at Risk, 3rd ed., 2007, 6.2; BCBS 1996).
 *
 * @param realizedLosses loss of each day (positive = money lost).
 * @param varForecasts VaR forecast for the same days (same length, positive = loss level).
 * @throws RiskInputError `MALFORMED_DOCUMENT` for different lengths or no days, `INVALID_NUMBER`
 *   naming `realizedLosses[t]` / `varForecasts[t]` for a non-finite value.
 */
export function exceptionIndicators(
  realizedLosses: ArrayLike<number>,
  varForecasts: ArrayLike<number>,
): Uint8Array {
  const n = realizedLosses.length;
  if (n === 0 || varForecasts.length !== n) {
    throw new RiskInputError(
      'MALFORMED_DOCUMENT',
      'varForecasts',
      `${n} losses, ${varForecasts.length} forecasts`,
      'need the same number (>= 1) of realized losses and VaR forecasts',
    );
  }
  const out = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    const l = realizedLosses[t] as number;
    const v = varForecasts[t] as number;
    if (!Number.isFinite(l))
      throw new RiskInputError('INVALID_NUMBER', `realizedLosses[${t}]`, l, 'must be finite');
    if (!Number.isFinite(v))
      throw new RiskInputError('INVALID_NUMBER', `varForecasts[${t}]`, v, 'must be finite');
    out[t] = l > v ? 1 : 0;
  }
  return out;
}

/**
 * Number of exceptions in an indicator series.
 * @throws RiskInputError `OUT_OF_DOMAIN` naming `indicators[t]` for a value other than 0 or 1.
 */
export function countExceptions(indicators: ArrayLike<number>): number {
  let x = 0;
  for (let t = 0; t < indicators.length; t++) x += checkIndicator(indicators, t);
  return x;
}

/** Returns indicators[t] when it is 0 or 1. @throws RiskInputError otherwise. */
export function checkIndicator(indicators: ArrayLike<number>, t: number): 0 | 1 {
  const v = indicators[t];
  if (v !== 0 && v !== 1) throw new RiskInputError('OUT_OF_DOMAIN', `indicators[${t}]`, v, 'must be 0 or 1');
  return v;
}

/** x ln y with the convention 0 ln 0 = 0 (as scipy.special.xlogy). */
export function xlogy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}
