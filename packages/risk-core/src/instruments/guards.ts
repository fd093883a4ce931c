import { RiskInputError } from '../errors.ts';

/**
 * Returns `value` when it is a finite number.
 * @param field dotted field name used in the error (e.g. `quantity`).
 * @throws RiskInputError `INVALID_NUMBER` for NaN, +-Infinity or a non-number.
 */
export function requireFinite(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RiskInputError('INVALID_NUMBER', field, value, 'must be a finite number');
  }
  return value;
}

/**
 * Returns `value` when it is a finite number > 0 (prices, contract sizes, strikes, vols).
 * @throws RiskInputError `INVALID_NUMBER` (NaN/Infinity) or `OUT_OF_DOMAIN` (<= 0).
 */
export function requirePositive(field: string, value: number): number {
  requireFinite(field, value);
  if (value <= 0) throw new RiskInputError('OUT_OF_DOMAIN', field, value, 'must be > 0');
  return value;
}

/**
 * Returns `value` when it is a finite number >= 0.
 * @throws RiskInputError `INVALID_NUMBER` (NaN/Infinity) or `OUT_OF_DOMAIN` (< 0).
 */
export function requireNonNegative(field: string, value: number): number {
  requireFinite(field, value);
  if (value < 0) throw new RiskInputError('OUT_OF_DOMAIN', field, value, 'must be >= 0');
  return value;
}

/**
 * Returns `value` when it is a finite relative move > -1 (a price cannot fall 100% or more).
 * @throws RiskInputError `INVALID_NUMBER` (NaN/Infinity) or `OUT_OF_DOMAIN` (<= -1).
 */
export function requireMove(field: string, value: number): number {
  requireFinite(field, value);
  if (value <= -1) throw new RiskInputError('OUT_OF_DOMAIN', field, value, 'a relative move must be > -1');
  return value;
}
