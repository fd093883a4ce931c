/**
 * Input validation helpers. Every number and string that a resolver passes on to risk-core or the
 * database goes through one of these first; a failure is a {@link BadUserInputError} (code
 * `BAD_USER_INPUT`) whose message names the field and the value, e.g.
 * `confidence: must be < 1 (got 1.5)`.
 */
import { BadUserInputError } from './errors.ts';

/** Bounds of a numeric domain; `min`/`max` are inclusive unless the `...Exclusive` flag is set. */
export interface NumberDomain {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  integer?: boolean;
}

const show = (value: unknown): string => {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return value === null ? 'null' : typeof value;
};

/**
 * Returns `value` when it is a finite number inside `domain`, otherwise throws BAD_USER_INPUT naming
 * `field`. NaN, Infinity, non-numbers and out-of-domain values are all rejected.
 */
export function checkNumber(field: string, value: unknown, domain: NumberDomain = {}): number {
  if (typeof value !== 'number' || Number.isNaN(value))
    throw new BadUserInputError(field, `must be a number (got ${show(value)})`, value);
  if (!Number.isFinite(value)) throw new BadUserInputError(field, `must be finite (got ${value})`, value);
  if (domain.integer && !Number.isInteger(value))
    throw new BadUserInputError(field, `must be an integer (got ${value})`, value);
  const { min, max } = domain;
  if (min !== undefined && (domain.minExclusive ? !(value > min) : !(value >= min)))
    throw new BadUserInputError(
      field,
      `must be ${domain.minExclusive ? '>' : '>='} ${min} (got ${value})`,
      value,
    );
  if (max !== undefined && (domain.maxExclusive ? !(value < max) : !(value <= max)))
    throw new BadUserInputError(
      field,
      `must be ${domain.maxExclusive ? '<' : '<='} ${max} (got ${value})`,
      value,
    );
  return value;
}

/** A finite number > 0 (prices, sizes, volatilities). */
export const checkPositive = (field: string, value: unknown): number =>
  checkNumber(field, value, { min: 0, minExclusive: true });

/** A probability strictly inside (0, 1) (VaR confidence levels). */
export const checkProbability = (field: string, value: unknown): number =>
  checkNumber(field, value, { min: 0, max: 1, minExclusive: true, maxExclusive: true });

/** An integer in [min, max]. */
export const checkInt = (field: string, value: unknown, min: number, max: number): number =>
  checkNumber(field, value, { min, max, integer: true });

/** A decimal literal: optional sign, digits, optional fraction and exponent. */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Checks a `Decimal` input (a string, to keep precision) against `domain` and returns it trimmed.
 * The domain is checked on the string's double value, which is exact enough for bounds.
 */
export function checkDecimal(field: string, value: unknown, domain: NumberDomain = {}): string {
  if (typeof value !== 'string' || !DECIMAL.test(value.trim()))
    throw new BadUserInputError(field, `must be a decimal number (got ${show(value)})`, value);
  const text = value.trim();
  checkNumber(field, Number(text), { ...domain, integer: false });
  return text;
}

/** Maximum page size of every list and connection. */
export const MAX_PAGE_SIZE = 100;

/**
 * Checks relay paging arguments: `first`/`last` integers in [0, {@link MAX_PAGE_SIZE}]. Asking for a
 * billion rows is an error (BAD_USER_INPUT), not silently clamped.
 */
export function checkPageArgs(
  args: { first?: number | null; last?: number | null },
  max = MAX_PAGE_SIZE,
): void {
  if (args.first != null) checkInt('first', args.first, 0, max);
  if (args.last != null) checkInt('last', args.last, 0, max);
}

/**
 * A trimmed string of 1..maxLength characters without control characters.
 */
export function checkText(field: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string')
    throw new BadUserInputError(field, `must be a string (got ${show(value)})`, value);
  const text = value.trim();
  if (text.length === 0) throw new BadUserInputError(field, 'must not be empty', value);
  if (text.length > maxLength)
    throw new BadUserInputError(field, `must be at most ${maxLength} characters (got ${text.length})`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(text))
    throw new BadUserInputError(field, 'must not contain control characters');
  return text;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email address, lower-cased (the database stores emails lower-case). */
export function checkEmail(field: string, value: unknown): string {
  const text = checkText(field, value, 320).toLowerCase();
  if (!EMAIL.test(text))
    throw new BadUserInputError(field, `must be an email address (got ${show(text)})`, text);
  return text;
}

const SLUG = /^[a-z0-9][a-z0-9_-]{1,63}$/;

/** A fund slug: 2-64 lower-case letters, digits, `-` or `_`, starting with a letter or digit. */
export function checkSlug(field: string, value: unknown): string {
  const text = checkText(field, value, 64);
  if (!SLUG.test(text))
    throw new BadUserInputError(
      field,
      `must be 2-64 lower-case letters, digits, '-' or '_', starting with a letter or digit (got ${show(text)})`,
      text,
    );
  return text;
}

/** Minimum length of a new password. */
export const MIN_PASSWORD_LENGTH = 12;

/** A new password: 12..1024 characters (argon2 input bound). Never echoed in errors. */
export function checkNewPassword(field: string, value: unknown): string {
  if (typeof value !== 'string') throw new BadUserInputError(field, 'must be a string');
  if (value.length < MIN_PASSWORD_LENGTH)
    throw new BadUserInputError(field, `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (value.length > 1024) throw new BadUserInputError(field, 'must be at most 1024 characters');
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID string (any version). */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
