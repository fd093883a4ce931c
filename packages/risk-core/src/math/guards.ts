import { RiskInputError } from '../errors.ts';

/**
 * Input guards shared by the pricing layer. Each throws a {@link RiskInputError} naming the field and
 * the offending value, and returns the value (narrowed to `number`) otherwise.
 */

/**
 * Requires a finite number.
 * @throws {RiskInputError} `MISSING_FIELD` when undefined/null, `INVALID_NUMBER` when not a finite number.
 */
export function requireFinite(field: string, value: unknown): number {
  if (value === undefined || value === null) {
    throw new RiskInputError('MISSING_FIELD', field, value, 'is required');
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RiskInputError('INVALID_NUMBER', field, value, 'must be a finite number');
  }
  return value;
}

/**
 * Requires a finite number > 0.
 * @throws {RiskInputError} as {@link requireFinite}; `OUT_OF_DOMAIN` when <= 0.
 */
export function requirePositive(field: string, value: unknown): number {
  const v = requireFinite(field, value);
  if (!(v > 0)) throw new RiskInputError('OUT_OF_DOMAIN', field, v, 'must be > 0');
  return v;
}

/**
 * Requires a finite number >= 0.
 * @throws {RiskInputError} as {@link requireFinite}; `OUT_OF_DOMAIN` when < 0.
 */
export function requireNonNegative(field: string, value: unknown): number {
  const v = requireFinite(field, value);
  if (!(v >= 0)) throw new RiskInputError('OUT_OF_DOMAIN', field, v, 'must be >= 0');
  return v;
}

/**
 * Requires a number that is not NaN (infinities allowed).
 * @throws {RiskInputError} `MISSING_FIELD` when undefined/null, `INVALID_NUMBER` when NaN or not a number.
 */
export function requireNumber(field: string, value: unknown): number {
  if (value === undefined || value === null) {
    throw new RiskInputError('MISSING_FIELD', field, value, 'is required');
  }
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new RiskInputError('INVALID_NUMBER', field, value, 'must be a number');
  }
  return value;
}
