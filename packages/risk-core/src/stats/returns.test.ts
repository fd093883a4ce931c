import { describe, expect, it } from 'vitest';
import { statsReference as R } from '../../test/reference/stats-reference.ts';
import { RiskInputError } from '../errors.ts';
import type { PriceSeries } from './returns.ts';
import { logReturns } from './returns.ts';

// Reference: numpy log(P[1:] / P[:-1]) of the real BTC/ETH/SOL closes of 2024 (stats_reference.py).
/** ln of a ratio of doubles: Math.log vs numpy's log differ by at most ~1 ulp of the result (|r| < 0.3). */
const RETURN_ABS_TOL = 1e-16;
/** Column sums of 365 returns: 365 x 1 ulp of rounding in different summation orders. */
const SUM_ABS_TOL = 1e-14;

const series: PriceSeries[] = R.returns.tokens.map((token, j) => ({
  token,
  dates: R.returns.dates,
  prices: R.returns.closes[j] as number[],
}));

describe('logReturns on the real 2024 closes', () => {
  const lr = logReturns(series, { gaps: 'error', maxSpanDays: 1 });

  it('matches numpy row by row and in column sums', () => {
    expect(lr.returns.rows).toBe(R.returns.count);
    expect(lr.tokens).toEqual(['BTC', 'ETH', 'SOL']);
    R.returns.rowsChecked.forEach((row, i) => {
      for (let j = 0; j < 3; j++) {
        expect(
          Math.abs((lr.returns.data[row * 3 + j] as number) - ((R.returns.rows[i] as number[])[j] as number)),
        ).toBeLessThanOrEqual(RETURN_ABS_TOL);
      }
    });
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let t = 0; t < lr.returns.rows; t++) s += lr.returns.data[t * 3 + j] as number;
      expect(Math.abs(s - (R.returns.columnSums[j] as number))).toBeLessThanOrEqual(SUM_ABS_TOL);
    }
  });

  it('labels each return with its start and end dates (1 calendar day)', () => {
    expect(lr.startDates[0]).toBe('2024-01-01');
    expect(lr.dates[0]).toBe('2024-01-02');
    expect(lr.dates.at(-1)).toBe('2024-12-31');
    expect(lr.spanDays.every((d) => d === 1)).toBe(true);
  });

  it('a window keeps only the dates inside it', () => {
    const w = logReturns(series, { gaps: 'error', from: '2024-03-01', to: '2024-03-31' });
    expect(w.returns.rows).toBe(30);
    expect(w.startDates[0]).toBe('2024-03-01');
    // first return 03-01 -> 03-02; in the full series returns end on 01-02 .. (2024 is a leap year)
    expect(w.returns.data[0]).toBe(lr.returns.data[(31 + 29) * 3]);
  });
});

describe('gaps', () => {
  const a: PriceSeries = {
    token: 'A',
    dates: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'],
    prices: [100, 110, 99, 120],
  };
  const b: PriceSeries = {
    token: 'B',
    dates: ['2024-01-01', '2024-01-03', '2024-01-04'],
    prices: [10, 11, 12],
  };

  it("'error' names the token and the first missing date", () => {
    try {
      logReturns([a, b], { gaps: 'error' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RiskInputError);
      expect((e as RiskInputError).code).toBe('MISSING_MARKET_DATA');
      expect((e as RiskInputError).field).toBe('prices.B');
      expect((e as RiskInputError).value).toBe('2024-01-02');
    }
  });

  it("'intersection' keeps common dates; a return then spans the gap", () => {
    const r = logReturns([a, b], { gaps: 'intersection' });
    expect(r.dates).toEqual(['2024-01-03', '2024-01-04']);
    expect(r.spanDays).toEqual([2, 1]);
    expect(r.returns.data[0]).toBe(Math.log(99 / 100));
    expect(r.returns.data[1]).toBe(Math.log(11 / 10));
  });

  it('maxSpanDays rejects multi-day returns', () => {
    expect(() => logReturns([a, b], { gaps: 'intersection', maxSpanDays: 1 })).toThrow(/spans 2 days/);
  });
});

describe('invalid input', () => {
  const ok: PriceSeries = { token: 'A', dates: ['2024-01-01', '2024-01-02'], prices: [1, 2] };
  it.each([
    [[ok, ok], 'series.token'],
    [[{ ...ok, prices: [1, 0] }], 'prices.A[1]'],
    [[{ ...ok, prices: [1, Number.NaN] }], 'prices.A[1]'],
    [[{ ...ok, dates: ['2024-01-02', '2024-01-01'] }], 'dates.A[1]'],
    [[{ ...ok, dates: ['2024-02-30', '2024-03-01'] }], 'dates.A[0]'],
    [[{ ...ok, dates: ['2024-01-01'] }], 'prices.A'],
    [[{ ...ok, dates: ['2024-01-01'], prices: [1] }], 'series'],
    [[], 'series'],
  ] as [PriceSeries[], string][])('%# -> %s', (input, field) => {
    try {
      logReturns(input, { gaps: 'error' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RiskInputError);
      expect((e as RiskInputError).field).toBe(field);
    }
  });

  it('requires an explicit gap policy', () => {
    expect(() => logReturns([ok], { gaps: 'fill' as never })).toThrow(/gaps/);
  });
});
