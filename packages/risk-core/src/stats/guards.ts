import { RiskInputError } from '../errors.ts';

/**
 * Input guards shared by the stats, rng, tail and backtest modules. Each returns the value it checked
 * and throws a {@link RiskInputError} naming `field` and the offending value otherwise.
 */

/** @throws RiskInputError `INVALID_NUMBER` when `value` is not a finite number. */
export function finiteNumber(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RiskInputError('INVALID_NUMBER', field, value, 'must be a finite number');
  }
  return value;
}

/** @throws RiskInputError `INVALID_NUMBER` (not finite) or `OUT_OF_DOMAIN` (<= 0). */
export function positiveNumber(field: string, value: number): number {
  finiteNumber(field, value);
  if (value <= 0) throw new RiskInputError('OUT_OF_DOMAIN', field, value, 'must be > 0');
  return value;
}

/** @throws RiskInputError `INVALID_NUMBER` or `OUT_OF_DOMAIN` unless `0 < value < 1`. */
export function openUnitInterval(field: string, value: number): number {
  finiteNumber(field, value);
  if (!(value > 0 && value < 1)) {
    throw new RiskInputError('OUT_OF_DOMAIN', field, value, 'must be strictly between 0 and 1');
  }
  return value;
}

/** @throws RiskInputError `INVALID_NUMBER` or `OUT_OF_DOMAIN` unless `value` is an integer >= `min`. */
export function integerAtLeast(field: string, value: number, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new RiskInputError('INVALID_NUMBER', field, value, 'must be a safe integer');
  }
  if (value < min) throw new RiskInputError('OUT_OF_DOMAIN', field, value, `must be >= ${min}`);
  return value;
}
