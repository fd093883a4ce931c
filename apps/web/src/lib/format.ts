/**
 * Number and date formatting for the whole app (Intl.NumberFormat, fixed `en-US` locale so server
 * and browser render the same text). Every helper accepts null/undefined/non-finite values and
 * renders them as an em dash, so a missing figure never shows as `NaN`.
 */

const LOCALE = 'en-US';
/** What a missing or non-finite value renders as. */
export const MISSING = '—';

const cache = new Map<string, Intl.NumberFormat>();
function nf(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, options);
    cache.set(key, format);
  }
  return format;
}

function finite(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Options shared by the helpers. */
export interface FormatOptions {
  /** Always show a sign (`+1,000`), e.g. for P&L and deltas. */
  signed?: boolean;
  /** Compact notation (`$1.2M`), for charts and dense cells. */
  compact?: boolean;
}

/**
 * USD amount: whole dollars from 1,000 up, cents below (`$1,234,567`, `$12.34`, `-$0.50`);
 * compact: `$96.1M`.
 */
export function formatUsd(value: number | null | undefined, options: FormatOptions = {}): string {
  if (!finite(value)) return MISSING;
  const abs = Math.abs(value);
  return nf({
    style: 'currency',
    currency: 'USD',
    signDisplay: options.signed ? 'exceptZero' : 'auto',
    ...(options.compact
      ? { notation: 'compact', maximumFractionDigits: abs >= 1000 ? 1 : 2 }
      : {
          minimumFractionDigits: abs >= 1000 || abs === 0 ? 0 : 2,
          maximumFractionDigits: abs >= 1000 ? 0 : 2,
        }),
  }).format(value);
}

/**
 * A quantity of a token with its symbol: precision follows the size (`18,616,266 DOGE`,
 * `524.67 BTC`, `0.01234 BTC`, `0.000001 BTC`).
 */
export function formatTokens(
  value: number | null | undefined,
  token?: string | null,
  options: FormatOptions = {},
): string {
  if (!finite(value)) return MISSING;
  const abs = Math.abs(value);
  const base: Intl.NumberFormatOptions = { signDisplay: options.signed ? 'exceptZero' : 'auto' };
  let digits: Intl.NumberFormatOptions;
  if (options.compact) digits = { notation: 'compact', maximumFractionDigits: 2 };
  else if (abs === 0) digits = { maximumFractionDigits: 0 };
  else if (abs >= 1000) digits = { maximumFractionDigits: 0 };
  else if (abs >= 1) digits = { maximumFractionDigits: 2 };
  else digits = { maximumSignificantDigits: 4 };
  const text = nf({ ...base, ...digits }).format(value);
  return token ? `${text} ${token}` : text;
}

/** A fraction as a percentage: `0.1234` -> `12.34%` (`digits` decimals, default 2). */
export function formatPercent(
  fraction: number | null | undefined,
  digits = 2,
  options: Pick<FormatOptions, 'signed'> = {},
): string {
  if (!finite(fraction)) return MISSING;
  return nf({
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: options.signed ? 'exceptZero' : 'auto',
  }).format(fraction);
}

/** A plain number with grouping and at most `digits` decimals. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (!finite(value)) return MISSING;
  return nf({ maximumFractionDigits: digits }).format(value);
}

/** A decimal string of the api (exact) shown with grouping, without losing digits of small numbers. */
export function formatDecimal(value: string | null | undefined): string {
  if (value == null || value === '') return MISSING;
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(value);
  if (!match) return value;
  const [, sign, whole, fraction] = match;
  return `${sign}${(whole ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ?? ''}`;
}

/** A price in USD with precision by size: `$97,432.10`, `$2.7`, `$0.2548`. */
export function formatPrice(value: number | null | undefined): string {
  if (!finite(value)) return MISSING;
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 2 : abs >= 1 ? 4 : 6;
  return nf({
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: digits,
  }).format(value);
}

/** An age in words: `42 s`, `5 min`, `3 h 20 min`, `641 d 6 h`. Negative ages (clock skew) count as 0. */
export function formatAge(milliseconds: number): string {
  if (!Number.isFinite(milliseconds)) return MISSING;
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** An instant as `2025-02-20 00:00 UTC` (UTC, so every viewer reads the same time). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return MISSING;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return MISSING;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The date part of an instant, `2025-02-20` (UTC). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return MISSING;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? MISSING : date.toISOString().slice(0, 10);
}
