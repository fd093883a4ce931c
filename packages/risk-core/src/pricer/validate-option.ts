import { RiskInputError } from '../errors.ts';
import { requireFinite, requireNonNegative, requirePositive } from '../math/guards.ts';
import type { OptionType } from './types.ts';

/**
 * Validates an option right.
 * @throws {RiskInputError} `MISSING_FIELD` when absent, `UNSUPPORTED` for anything but 'call' / 'put'.
 */
export function requireOptionType(field: string, value: unknown): OptionType {
  if (value === undefined || value === null)
    throw new RiskInputError('MISSING_FIELD', field, value, 'is required');
  if (value !== 'call' && value !== 'put') {
    throw new RiskInputError('UNSUPPORTED', field, value, "must be 'call' or 'put'");
  }
  return value;
}

/** Validated market inputs of a Black-76 evaluation (see {@link validateBlack76Market}). */
export interface ValidBlack76Market {
  readonly forward: number;
  readonly strike: number;
  readonly expiryYears: number;
  readonly rate: number;
}

/**
 * Validates forward > 0, strike > 0, expiryYears >= 0 (or > 0 when `positiveExpiry`), rate finite.
 * @throws {RiskInputError} `MISSING_FIELD`, `INVALID_NUMBER` (NaN/Infinity) or `OUT_OF_DOMAIN`, naming the field.
 */
export function validateBlack76Market(
  input: { forward?: unknown; strike?: unknown; expiryYears?: unknown; rate?: unknown },
  positiveExpiry: boolean,
): ValidBlack76Market {
  const forward = requirePositive('forward', input.forward);
  const strike = requirePositive('strike', input.strike);
  const expiryYears = positiveExpiry
    ? requirePositive('expiryYears', input.expiryYears)
    : requireNonNegative('expiryYears', input.expiryYears);
  const rate = requireFinite('rate', input.rate);
  return { forward, strike, expiryYears, rate };
}
