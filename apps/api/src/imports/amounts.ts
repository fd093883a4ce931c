/**
 * Exact decimal amounts for the book data (positions, balances, prices, quotes, closes). Inputs arrive
 * as decimal strings (the `Decimal` scalar, CSV cells); they are checked here BEFORE they reach the
 * database, so that a bad value is a clear BAD_USER_INPUT naming the field and value, never a failed
 * statement:
 *
 * - the text must be a plain or scientific decimal literal (`NaN`, `Infinity`, `0x10`, `1,5` are not);
 * - it must fit its column: `numeric(38,18)` holds |x| < 1e20 with at most 18 decimal places,
 *   `numeric(20,10)` |x| < 1e10 with at most 10 (more places would be rounded silently by PostgreSQL,
 *   and a tiny positive price could round to 0);
 * - it must be inside the domain of the field (> 0 for prices, >= 0 for margins, ...).
 *
 * The value is returned in plain notation (`1.5e3` -> `1500`), exactly as it will be stored.
 */
import { Prisma } from '@dte/db';
import { BadUserInputError } from '../errors.ts';

/** A decimal literal: optional sign, digits, optional fraction and exponent. */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Column shapes: `numeric(38,18)` (quantities, prices) and `numeric(20,10)` (rates, ratios). */
export type AmountColumn = 'amount' | 'ratio';

const COLUMN = {
  amount: { maxAbs: new Prisma.Decimal('1e20'), places: 18 },
  ratio: { maxAbs: new Prisma.Decimal('1e10'), places: 10 },
} as const;

/** Domain of an amount; bounds are decimal strings or numbers, inclusive unless `...Exclusive`. */
export interface AmountDomain {
  column?: AmountColumn;
  min?: string | number;
  max?: string | number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** Reject 0 (a signed quantity that must not be flat). */
  nonZero?: boolean;
}

/** `> 0` in a `numeric(38,18)` column. */
export const POSITIVE: AmountDomain = { min: 0, minExclusive: true };
/** `>= 0` in a `numeric(38,18)` column. */
export const NON_NEGATIVE: AmountDomain = { min: 0 };
/** Any finite value of a `numeric(38,18)` column. */
export const ANY_AMOUNT: AmountDomain = {};

/**
 * Why `text` is not a valid amount of `domain` (a short reason that includes the value), or the
 * normalized value. Never throws.
 */
export function parseAmount(
  text: string,
  domain: AmountDomain = {},
): { ok: true; value: string } | { ok: false; reason: string } {
  const trimmed = text.trim();
  const shown = JSON.stringify(trimmed.length > 40 ? `${trimmed.slice(0, 37)}...` : trimmed);
  if (trimmed === '') return { ok: false, reason: 'is empty' };
  if (!DECIMAL.test(trimmed)) return { ok: false, reason: `must be a decimal number (got ${shown})` };
  const column = COLUMN[domain.column ?? 'amount'];
  let value: Prisma.Decimal;
  try {
    value = new Prisma.Decimal(trimmed);
  } catch {
    return { ok: false, reason: `must be a decimal number (got ${shown})` };
  }
  if (!value.isFinite() || value.abs().gte(column.maxAbs))
    return {
      ok: false,
      reason: `must be finite and less than ${column.maxAbs.toFixed()} in absolute value (got ${shown})`,
    };
  if (value.decimalPlaces() > column.places)
    return { ok: false, reason: `must have at most ${column.places} decimal places (got ${shown})` };
  if (domain.nonZero && value.isZero()) return { ok: false, reason: `must not be 0 (got ${shown})` };
  if (domain.min !== undefined) {
    const min = new Prisma.Decimal(domain.min);
    if (domain.minExclusive ? !value.gt(min) : !value.gte(min))
      return {
        ok: false,
        reason: `must be ${domain.minExclusive ? '>' : '>='} ${min.toFixed()} (got ${shown})`,
      };
  }
  if (domain.max !== undefined) {
    const max = new Prisma.Decimal(domain.max);
    if (domain.maxExclusive ? !value.lt(max) : !value.lte(max))
      return {
        ok: false,
        reason: `must be ${domain.maxExclusive ? '<' : '<='} ${max.toFixed()} (got ${shown})`,
      };
  }
  // toFixed() prints plain notation; normalise "-0" to "0".
  return { ok: true, value: value.isZero() ? '0' : value.toFixed() };
}

/**
 * Checks a Decimal input and returns it in plain notation.
 * @throws BadUserInputError naming `field` and the value.
 */
export function checkAmount(field: string, value: unknown, domain: AmountDomain = {}): string {
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new BadUserInputError(field, `must be a decimal number (got ${typeof value})`, value);
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new BadUserInputError(field, `must be finite (got ${value})`, value);
  const result = parseAmount(String(value), domain);
  if (!result.ok) throw new BadUserInputError(field, result.reason, value);
  return result.value;
}

/** Like {@link checkAmount} for optional inputs: null/undefined pass through as null. */
export function checkOptionalAmount(field: string, value: unknown, domain: AmountDomain = {}): string | null {
  return value === null || value === undefined ? null : checkAmount(field, value, domain);
}

/** A token symbol: 1-32 upper-case letters, digits, `.`, `_` or `-` (input is upper-cased). */
export const TOKEN = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;

/** Why `text` is not a token symbol, or the upper-cased token. */
export function parseToken(text: string): { ok: true; value: string } | { ok: false; reason: string } {
  const value = text.trim().toUpperCase();
  if (!TOKEN.test(value))
    return {
      ok: false,
      reason: `must be 1-32 letters, digits, '.', '_' or '-' (got ${JSON.stringify(text.slice(0, 40))})`,
    };
  return { ok: true, value };
}

/** Checks a token symbol input (upper-cased). */
export function checkToken(field: string, value: unknown): string {
  if (typeof value !== 'string') throw new BadUserInputError(field, 'must be a string', value);
  const result = parseToken(value);
  if (!result.ok) throw new BadUserInputError(field, result.reason, value);
  return result.value;
}
