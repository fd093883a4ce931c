import { RiskInputError } from '../../errors.ts';
import type { DailyClose } from '../../scenarios/prices-csv.ts';
import type { LogReturns, PriceSeries } from '../../stats/returns.ts';
import { logReturns } from '../../stats/returns.ts';
import { checkInteger } from './params.ts';

/**
 * Groups `date,token,close` rows (e.g. `parseDailyCloses` of prices-daily.csv) into one price series
 * per requested token, dates ascending.
 *
 * @throws RiskInputError `MISSING_MARKET_DATA` naming `history.<TOKEN>` when a token has no row,
 *   `MALFORMED_DOCUMENT` for a duplicate (token, date).
 */
export function seriesFromCloses(closes: readonly DailyClose[], tokens: readonly string[]): PriceSeries[] {
  const byToken = new Map<string, DailyClose[]>();
  for (const t of tokens) byToken.set(t, []);
  for (const row of closes) byToken.get(row.token)?.push(row);
  return tokens.map((token) => {
    const rows = (byToken.get(token) ?? []).slice().sort((a, b) => (a.date < b.date ? -1 : 1));
    if (rows.length === 0) {
      throw new RiskInputError(
        'MISSING_MARKET_DATA',
        `history.${token}`,
        token,
        'no daily close for this token',
      );
    }
    rows.forEach((r, i) => {
      if (i > 0 && rows[i - 1]?.date === r.date) {
        throw new RiskInputError('MALFORMED_DOCUMENT', `history.${token}`, r.date, 'duplicate date');
      }
    });
    return { token, dates: rows.map((r) => r.date), prices: rows.map((r) => r.close) };
  });
}

/** Options of {@link historyWindow}. */
export interface HistoryWindowOptions {
  /** Number of most recent daily returns kept (>= 2). */
  lookback: number;
  /** Last date (inclusive, `YYYY-MM-DD`) whose close may be used; default: no bound. */
  asOf?: string;
}

/**
 * The last `lookback` aligned daily log returns of `tokens` up to `asOf`, with no gap allowed
 * inside the window (every return spans exactly one calendar day; gaps are never filled).
 *
 * @throws RiskInputError `MISSING_MARKET_DATA` for a missing token, a gap inside the window
 *   (naming token and date), or fewer than `lookback` returns available (field `lookback`).
 */
export function historyWindow(
  closes: readonly DailyClose[],
  tokens: readonly string[],
  options: HistoryWindowOptions,
): LogReturns {
  const lookback = checkInteger('lookback', options.lookback, 2);
  const series = seriesFromCloses(closes, tokens).map((s) => {
    const end =
      options.asOf === undefined
        ? s.dates.length
        : s.dates.findLastIndex((d) => d <= (options.asOf as string)) + 1;
    const start = Math.max(0, end - lookback - 1);
    return { token: s.token, dates: s.dates.slice(start, end), prices: s.prices.slice(start, end) };
  });
  // The window is fixed by the most recent common close; every token must have all its dates.
  const last = series.map((s) => s.dates[s.dates.length - 1] ?? '').sort()[0] ?? '';
  const trimmed = series.map((s) => {
    const end = s.dates.findLastIndex((d) => d <= last) + 1;
    return { token: s.token, dates: s.dates.slice(0, end), prices: s.prices.slice(0, end) };
  });
  const first =
    trimmed
      .map((s) => s.dates[0] ?? '')
      .sort()
      .pop() ?? '';
  const r = logReturns(trimmed, { gaps: 'error', from: first, to: last, maxSpanDays: 1 });
  if (r.returns.rows < lookback) {
    throw new RiskInputError(
      'MISSING_MARKET_DATA',
      'lookback',
      lookback,
      `only ${r.returns.rows} common daily returns of ${tokens.join(', ')} up to ${last} (from ${first})`,
    );
  }
  const skip = r.returns.rows - lookback;
  const k = r.returns.cols;
  return {
    tokens: r.tokens,
    dates: r.dates.slice(skip),
    startDates: r.startDates.slice(skip),
    spanDays: r.spanDays.slice(skip),
    returns: { rows: lookback, cols: k, data: r.returns.data.slice(skip * k) },
  };
}
