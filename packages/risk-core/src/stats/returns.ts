import { RiskInputError } from '../errors.ts';
import type { Matrix } from './matrix.ts';
import { zeros } from './matrix.ts';

/** Daily closes of one token: `dates[i]` (ISO `YYYY-MM-DD`, strictly increasing) closes at `prices[i]` (> 0). */
export interface PriceSeries {
  token: string;
  dates: readonly string[];
  prices: readonly number[];
}

/**
 * What to do when the tokens' dates differ:
 * - `error`: every date present for one token (inside the window) must be present for all; the first
 *   missing (token, date) is reported. Use a window (`from`) starting when the youngest token lists.
 * - `intersection`: keep only dates on which every token has a close; a return then runs from one
 *   kept date to the next and may span several calendar days (see `spanDays`, and `maxSpanDays`).
 */
export type GapPolicy = 'error' | 'intersection';

/** Options of {@link logReturns}. */
export interface LogReturnOptions {
  gaps: GapPolicy;
  /** First date kept (inclusive, ISO `YYYY-MM-DD`); default: no bound. */
  from?: string;
  /** Last date kept (inclusive); default: no bound. */
  to?: string;
  /** Reject any return spanning more calendar days than this (e.g. 1 for crypto daily closes). */
  maxSpanDays?: number;
}

/** Aligned log returns: row t of `returns` holds ln(P_t / P_{t-1}) of every token, columns in `tokens` order. */
export interface LogReturns {
  tokens: string[];
  /** End date of each return (the date of P_t). */
  dates: string[];
  /** Start date of each return (the date of P_{t-1}). */
  startDates: string[];
  /** Calendar days spanned by each return (1 for consecutive daily closes). */
  spanDays: number[];
  /** T x K matrix of log returns. */
  returns: Matrix;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(field: string, s: string): number {
  const m = typeof s === 'string' ? ISO_DATE.exec(s) : null;
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d)
      return t / DAY_MS;
  }
  throw new RiskInputError('INVALID_NUMBER', field, s, 'must be a calendar date YYYY-MM-DD');
}

/**
 * Log returns r_t = ln(P_t / P_{t-1}) of several tokens aligned by date (RiskMetrics Technical
 * Document, 4th ed., 1996, section 4.1: continuously compounded returns). Computed as the log of
 * the price ratio (one rounding less than ln P_t - ln P_{t-1}).
 *
 * @param series one entry per token (unique names, >= 1 token); each with dates strictly increasing.
 * @param options gap policy (required: there is no silent default), optional window and span limit.
 * @returns aligned returns with their start/end dates; at least one return.
 * @throws RiskInputError `MALFORMED_DOCUMENT` (duplicate token, length mismatch, unsorted or duplicate
 *   dates), `INVALID_NUMBER`/`OUT_OF_DOMAIN` for a bad date or a price that is not finite and > 0
 *   (field `prices.<token>[i]`), `MISSING_MARKET_DATA` for a gap under `gaps: 'error'` (naming token
 *   and date), for fewer than 2 aligned dates, or a return longer than `maxSpanDays`.
 */
export function logReturns(series: readonly PriceSeries[], options: LogReturnOptions): LogReturns {
  if (options.gaps !== 'error' && options.gaps !== 'intersection') {
    throw new RiskInputError('UNSUPPORTED', 'gaps', options.gaps, "must be 'error' or 'intersection'");
  }
  if (!Array.isArray(series as unknown) || series.length === 0) {
    throw new RiskInputError('MALFORMED_DOCUMENT', 'series', series, 'must list at least one token');
  }
  const from = options.from === undefined ? Number.NEGATIVE_INFINITY : parseDay('from', options.from);
  const to = options.to === undefined ? Number.POSITIVE_INFINITY : parseDay('to', options.to);
  const seen = new Set<string>();
  // day number -> price, per token, restricted to the window
  const maps = series.map((s) => {
    const token = s.token;
    if (seen.has(token))
      throw new RiskInputError('MALFORMED_DOCUMENT', 'series.token', token, 'duplicate token');
    seen.add(token);
    if (s.dates.length !== s.prices.length) {
      throw new RiskInputError(
        'MALFORMED_DOCUMENT',
        `prices.${token}`,
        `${s.dates.length} dates, ${s.prices.length} prices`,
        'dates and prices must have the same length',
      );
    }
    const map = new Map<number, number>();
    let prev = Number.NEGATIVE_INFINITY;
    s.dates.forEach((d, i) => {
      const day = parseDay(`dates.${token}[${i}]`, d);
      if (day <= prev) {
        throw new RiskInputError(
          'MALFORMED_DOCUMENT',
          `dates.${token}[${i}]`,
          d,
          'dates must be strictly increasing',
        );
      }
      prev = day;
      const p = s.prices[i] as number;
      if (typeof p !== 'number' || !Number.isFinite(p)) {
        throw new RiskInputError('INVALID_NUMBER', `prices.${token}[${i}]`, p, 'must be a finite number');
      }
      if (p <= 0) throw new RiskInputError('OUT_OF_DOMAIN', `prices.${token}[${i}]`, p, 'must be > 0');
      if (day >= from && day <= to) map.set(day, p);
    });
    return map;
  });
  const union = new Set<number>();
  for (const m of maps) for (const d of m.keys()) union.add(d);
  const allDays = [...union].sort((a, b) => a - b);
  const days: number[] = [];
  for (const d of allDays) {
    const missing = maps.findIndex((m) => !m.has(d));
    if (missing < 0) {
      days.push(d);
      continue;
    }
    if (options.gaps === 'error') {
      const token = (series[missing] as PriceSeries).token;
      throw new RiskInputError(
        'MISSING_MARKET_DATA',
        `prices.${token}`,
        isoDay(d),
        `no close for ${token} on this date while another token has one (use gaps: 'intersection' or a window from a common start)`,
      );
    }
  }
  if (days.length < 2) {
    throw new RiskInputError(
      'MISSING_MARKET_DATA',
      'series',
      days.length,
      'fewer than 2 dates common to all tokens',
    );
  }
  const k = series.length;
  const t = days.length - 1;
  const returns = zeros(t, k);
  const dates: string[] = [];
  const startDates: string[] = [];
  const spanDays: number[] = [];
  for (let i = 1; i <= t; i++) {
    const d0 = days[i - 1] as number;
    const d1 = days[i] as number;
    const span = d1 - d0;
    if (options.maxSpanDays !== undefined && span > options.maxSpanDays) {
      throw new RiskInputError(
        'MISSING_MARKET_DATA',
        'series',
        `${isoDay(d0)}..${isoDay(d1)}`,
        `a return spans ${span} days, more than maxSpanDays = ${options.maxSpanDays}`,
      );
    }
    for (let j = 0; j < k; j++) {
      const m = maps[j] as Map<number, number>;
      returns.data[(i - 1) * k + j] = Math.log((m.get(d1) as number) / (m.get(d0) as number));
    }
    dates.push(isoDay(d1));
    startDates.push(isoDay(d0));
    spanDays.push(span);
  }
  return { tokens: series.map((s) => s.token), dates, startDates, spanDays, returns };
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
