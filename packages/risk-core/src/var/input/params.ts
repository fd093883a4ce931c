import { RiskInputError } from '../../errors.ts';

/**
 * Validates a VaR horizon in days: a finite number > 0 (fractions allowed, e.g. 0.5 for 12 hours).
 * @throws RiskInputError `INVALID_NUMBER` (not a finite number) or `OUT_OF_DOMAIN` (<= 0), field `horizonDays`.
 */
export function checkHorizon(horizonDays: unknown): number {
  if (typeof horizonDays !== 'number' || !Number.isFinite(horizonDays)) {
    throw new RiskInputError('INVALID_NUMBER', 'horizonDays', horizonDays, 'must be a finite number of days');
  }
  if (!(horizonDays > 0)) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'horizonDays', horizonDays, 'must be > 0 days');
  }
  return horizonDays;
}

/**
 * Validates confidence levels: a non-empty list of numbers strictly between 0 and 1, no duplicates.
 * The order is kept (the first one is the "primary" level of a result).
 * @throws RiskInputError naming `confidences[i]` (`INVALID_NUMBER` / `OUT_OF_DOMAIN`), or
 *   `MISSING_FIELD` for an empty list.
 */
export function checkConfidences(confidences: unknown): number[] {
  if (!Array.isArray(confidences) || confidences.length === 0) {
    throw new RiskInputError('MISSING_FIELD', 'confidences', confidences, 'needs at least one level');
  }
  const out: number[] = [];
  confidences.forEach((a, i) => {
    if (typeof a !== 'number' || Number.isNaN(a)) {
      throw new RiskInputError('INVALID_NUMBER', `confidences[${i}]`, a, 'must be a number');
    }
    if (!(a > 0 && a < 1)) {
      throw new RiskInputError('OUT_OF_DOMAIN', `confidences[${i}]`, a, 'must be strictly between 0 and 1');
    }
    if (out.includes(a)) {
      throw new RiskInputError('OUT_OF_DOMAIN', `confidences[${i}]`, a, 'duplicate confidence level');
    }
    out.push(a);
  });
  return out;
}

/**
 * Validates an integer count (paths, window length, ...).
 * @throws RiskInputError `INVALID_NUMBER` (not a safe integer) or `OUT_OF_DOMAIN` (< min), naming `field`.
 */
export function checkInteger(field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new RiskInputError('INVALID_NUMBER', field, value, 'must be an integer');
  }
  if (value < min) throw new RiskInputError('OUT_OF_DOMAIN', field, value, `must be >= ${min}`);
  return value;
}

/**
 * Validates a decay factor lambda in (0, 1).
 * @throws RiskInputError naming `field`.
 */
export function checkLambda(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RiskInputError('INVALID_NUMBER', field, value, 'must be a finite number');
  }
  if (!(value > 0 && value < 1)) throw new RiskInputError('OUT_OF_DOMAIN', field, value, 'must be in (0, 1)');
  return value;
}
