import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kupiecPof } from '../../src/backtest/kupiec.ts';
import type { DailyClose } from '../../src/scenarios/prices-csv.ts';
import { parseDailyCloses } from '../../src/scenarios/prices-csv.ts';
import { ewmaCovariance } from '../../src/stats/ewma.ts';
import { normInv } from '../../src/stats/normal.ts';
import { runRollingBacktest } from '../../src/var/backtest/rolling.ts';
import { PKG } from './helpers.ts';

const HISTORY = parseDailyCloses(readFileSync(`${PKG}../db/data/prices-daily.csv`, 'utf8'));

/** A short synthetic history: closes of two tokens from given daily log returns. */
function synthetic(returns: [number, number][]): DailyClose[] {
  const out: DailyClose[] = [];
  let a = 100;
  let b = 50;
  const day = (i: number) => new Date(Date.UTC(2019, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  out.push({ date: day(0), token: 'AAA', close: a }, { date: day(0), token: 'BBB', close: b });
  returns.forEach(([x, y], i) => {
    a *= Math.exp(x);
    b *= Math.exp(y);
    out.push({ date: day(i + 1), token: 'AAA', close: a }, { date: day(i + 1), token: 'BBB', close: b });
  });
  return out;
}

describe('rolling VaR backtest', () => {
  // 60 days of returns: a deterministic zig-zag with a few shocks.
  const rets: [number, number][] = Array.from({ length: 60 }, (_, i) => [
    0.01 * Math.sin(i * 1.7) + (i % 17 === 0 ? -0.08 : 0),
    0.015 * Math.cos(i * 0.9) + (i % 13 === 0 ? -0.06 : 0),
  ]);
  const holdings = { AAA: 2e5, BBB: -1e5 };
  const r = runRollingBacktest({
    history: synthetic(rets),
    holdings,
    window: 20,
    confidences: [0.95],
    historyFrom: '2019-01-01',
  });

  it('historical VaR of day t is the inverted-cdf quantile of the 20 losses before t (recomputed by hand)', () => {
    const loss = rets.map(([x, y]) => -(2e5 * Math.expm1(x) - 1e5 * Math.expm1(y)));
    const s = r.series.find((x) => x.method === 'historical');
    for (const t of [20, 31, 59]) {
      const win = loss.slice(t - 20, t).sort((p, q) => p - q);
      // numpy inverted_cdf at 0.95 of 20 values: index ceil(20 x 0.95) - 1 = 18. (The engine's returns
      // come back from the closes, hence rounding-level differences.)
      expect(Math.abs((s?.var[t - 20] as number) - (win[18] as number))).toBeLessThan(
        1e-9 * Math.abs(win[18] as number),
      );
      expect(r.loss[t - 20]).toBeCloseTo(loss[t] as number, 9);
    }
  });

  it('EWMA-normal VaR of day t is z sqrt(w S_t w) with S_t the RiskMetrics covariance of the returns before t', () => {
    const s = r.series.find((x) => x.method === 'ewma-normal');
    const z = normInv(0.95);
    for (const t of [20, 35, 59]) {
      const data = Float64Array.from(rets.slice(0, t).flat());
      const cov = ewmaCovariance(
        { rows: t, cols: 2, data },
        { lambda: 0.94, init: { method: 'sample', window: 20 } },
      ).covariance.data;
      const w = [2e5, -1e5];
      const v =
        (w[0] as number) ** 2 * (cov[0] as number) +
        2 * (w[0] as number) * (w[1] as number) * (cov[1] as number) +
        (w[1] as number) ** 2 * (cov[3] as number);
      expect(s?.var[t - 20]).toBeCloseTo(z * Math.sqrt(v), 6);
    }
  });

  it('exceptions, Kupiec and Christoffersen are those of the VaR and loss series', () => {
    for (const s of r.series) {
      const x = r.loss.filter((l, i) => l > (s.var[i] as number)).length;
      expect(s.exceptions).toBe(x);
      expect(s.days).toBe(40);
      expect(s.kupiec).toEqual(kupiecPof(x, 40, 0.95));
      expect(s.independence.n00 + s.independence.n01 + s.independence.n10 + s.independence.n11).toBe(39);
    }
  });

  it('on the real BTC/ETH closes (2018-01-10 on, window 500): 2,097 test days, 99% and 95% series', () => {
    const real = runRollingBacktest({ history: HISTORY, holdings: { BTC: 1e6, ETH: 1e6 } });
    expect(real.dates[0]).toBe('2019-05-26');
    expect(real.dates.length).toBe(2097);
    for (const s of real.series) {
      expect(s.days).toBe(2097);
      // The observed rates must be within a factor 2.5 of the target for any usable model.
      expect(s.exceptions / s.days).toBeLessThan(2.5 * (1 - s.confidence));
      expect(s.exceptions / s.days).toBeGreaterThan((1 - s.confidence) / 2.5);
    }
  });

  it('rejects bad holdings, windows and tokens', () => {
    expect(() => runRollingBacktest({ history: HISTORY, holdings: { BTC: Number.NaN } })).toThrow(
      /holdings.BTC/,
    );
    expect(() => runRollingBacktest({ history: HISTORY, holdings: { BTC: 1 }, window: 5000 })).toThrow(
      /window/,
    );
    expect(() => runRollingBacktest({ history: HISTORY, holdings: { FOO: 1 } })).toThrow(/history.FOO/);
  });
});
