import { RiskInputError } from '../errors.ts';

/** Milliseconds in an ACT/365 year. */
const MS_PER_YEAR = 365 * 86_400_000;

/** ISO-8601 calendar date, optionally with a time and an offset. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** True when the leading YYYY-MM-DD names a real calendar day (Date.parse rolls 02-30 over). */
function isCalendarDate(value: string): boolean {
  const y = Number(value.slice(0, 4));
  const mo = Number(value.slice(5, 7));
  const d = Number(value.slice(8, 10));
  return mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** Valid ISO-8601 strings already parsed by {@link instantMillis} (the parse is pure). */
const parsedInstants = new Map<string, number>();
const PARSED_INSTANTS_MAX = 4096;

/** A point in time: a `Date` or an ISO-8601 string. */
export type Instant = Date | string;

/**
 * Milliseconds since the epoch of an instant. ISO-8601 strings without an offset (date only, or date and
 * time) are read as UTC, so results never depend on the machine's time zone.
 * @throws {RiskInputError} `MALFORMED_DOCUMENT` for an invalid Date or a string that is not ISO-8601;
 * `MISSING_FIELD` when absent.
 */
export function instantMillis(field: string, value: Instant): number {
  if (value === undefined || value === null)
    throw new RiskInputError('MISSING_FIELD', field, value, 'is required');
  if (value instanceof Date) {
    const t = value.getTime();
    if (!Number.isFinite(t))
      throw new RiskInputError('MALFORMED_DOCUMENT', field, value, 'is an invalid Date');
    return t;
  }
  if (typeof value === 'string') {
    const known = parsedInstants.get(value);
    if (known !== undefined) return known;
    const m = ISO_8601.exec(value);
    if (m !== null && isCalendarDate(value)) {
      const hasTime = value.length > 10;
      const t = Date.parse(hasTime && m[1] === undefined ? `${value}Z` : value);
      if (Number.isFinite(t)) {
        // A book repeats a few expiries and as-of dates over thousands of positions.
        if (parsedInstants.size >= PARSED_INSTANTS_MAX) parsedInstants.clear();
        parsedInstants.set(value, t);
        return t;
      }
    }
  }
  throw new RiskInputError(
    'MALFORMED_DOCUMENT',
    field,
    value,
    'must be a Date or an ISO-8601 date / date-time',
  );
}

/**
 * Year fraction ACT/365 between two instants (DESIGN.md: T in years = ACT/365 from valuation time to
 * expiry): `(to - from) / (365 * 86400 s)`, counting actual elapsed time including the time of day.
 * Negative when `to` precedes `from`. Strings without an offset are UTC.
 * @throws {RiskInputError} `MALFORMED_DOCUMENT` / `MISSING_FIELD` for an unreadable instant (field `from`/`to`).
 */
export function yearFraction(from: Instant, to: Instant): number {
  return (instantMillis('to', to) - instantMillis('from', from)) / MS_PER_YEAR;
}
