import type { ConditionalCoverageResult, IndependenceResult } from '../../backtest/christoffersen.ts';
import {
  christoffersenConditionalCoverage,
  christoffersenIndependence,
} from '../../backtest/christoffersen.ts';
import { exceptionIndicators } from '../../backtest/exceptions.ts';
import type { KupiecResult } from '../../backtest/kupiec.ts';
import { kupiecPof } from '../../backtest/kupiec.ts';
import { baselTrafficLight, type TrafficLightResult } from '../../backtest/traffic-light.ts';
import { RiskInputError } from '../../errors.ts';
import type { DailyClose } from '../../scenarios/prices-csv.ts';
import { ewmaVarianceForecasts, RISKMETRICS_DAILY_LAMBDA } from '../../stats/ewma.ts';
import { normInv } from '../../stats/normal.ts';
import { logReturns } from '../../stats/returns.ts';
import { seriesFromCloses } from '../input/history.ts';
import { checkConfidences, checkInteger, checkLambda } from '../input/params.ts';
import { invertedCdfIndex } from '../tail/quantile-index.ts';

/** VaR models of the rolling backtest. */
export type BacktestMethod =
  /** Historical simulation: the loss quantile of the previous `window` days (equal weights). */
  | 'historical'
  /** RiskMetrics: z_a sqrt(w' Sigma_t w), Sigma_t the EWMA covariance forecast (lambda 0.94). */
  | 'ewma-normal';

/** Parameters of {@link runRollingBacktest}. */
export interface BacktestParams {
  /** Daily closes (`parseDailyCloses` of prices-daily.csv). */
  history: readonly DailyClose[];
  /** Constant USD exposure per token, rebalanced daily (e.g. { BTC: 1e6, ETH: 1e6 }). */
  holdings: Readonly<Record<string, number>>;
  /** Estimation window in days (default 500). */
  window?: number;
  /** Default [0.99, 0.95]. */
  confidences?: number[];
  /** Default both. */
  methods?: BacktestMethod[];
  /** EWMA decay (default 0.94). */
  lambda?: number;
  /**
   * First close used (default 2018-01-10: the data README notes a Korean-premium distortion of the
   * aggregate closes before; SOL, AVAX, AAVE start later and move it accordingly).
   */
  historyFrom?: string;
  /** Last close used (default: the end of the data). */
  to?: string;
}

/** Backtest of one model at one confidence. */
export interface BacktestSeries {
  method: BacktestMethod;
  confidence: number;
  /** Days tested T. */
  days: number;
  /** Days with realized loss > VaR. */
  exceptions: number;
  /** T (1 - a). */
  expectedExceptions: number;
  kupiec: KupiecResult;
  independence: IndependenceResult;
  conditionalCoverage: ConditionalCoverageResult;
  /** Basel traffic light of the last 250 days (plus factor only at 99%). */
  trafficLight: TrafficLightResult;
  /** Mean VaR over the test period, USD. */
  meanVar: number;
  exceptionDates: string[];
  /** Per test day: the VaR (same order as `BacktestResult.dates`). */
  var: number[];
}

/** Result of {@link runRollingBacktest}. */
export interface BacktestResult {
  tokens: string[];
  holdings: Record<string, number>;
  window: number;
  lambda: number;
  /** Test days (end date of each daily return tested). */
  dates: string[];
  /** Realized loss per test day, USD: -sum_i w_i (exp(r_i) - 1). */
  loss: number[];
  series: BacktestSeries[];
}

/**
 * Rolling 1-day VaR backtest of a book of constant USD exposures on real daily closes: for every day
 * t after the first `window` returns, the VaR is forecast with the returns before t only, the
 * realized loss of day t is L_t = -sum_i w_i (e^{r_t,i} - 1), and an exception is L_t > VaR_t.
 * Models: historical simulation (numpy inverted_cdf quantile of the window's losses, computed the
 * same way) and EWMA-normal (RiskMetrics 1996: the portfolio variance recursion
 * w'S_{t+1}w = lambda w'S_t w + (1 - lambda) (w'r_t)^2, started by the mean square of the first
 * window, VaR = z_a sqrt(w'S_t w)). Each series is tested with Kupiec's POF (1995), Christoffersen's
 * independence and conditional coverage (1998) and the Basel traffic light on its last 250 days.
 *
 * @throws RiskInputError for missing tokens or gaps in the history (naming token and date), a
 *   non-finite holding (`holdings.<TOKEN>`), a window < 20 or too long for the data (`window`),
 *   confidences outside (0, 1), lambda outside (0, 1).
 */
export function runRollingBacktest(params: BacktestParams): BacktestResult {
  const window = checkInteger('window', params.window ?? 500, 20);
  const confidences = checkConfidences(params.confidences ?? [0.99, 0.95]);
  const lambda = checkLambda('lambda', params.lambda ?? RISKMETRICS_DAILY_LAMBDA);
  const methods = params.methods ?? ['historical', 'ewma-normal'];
  for (const [i, m] of methods.entries()) {
    if (m !== 'historical' && m !== 'ewma-normal') {
      throw new RiskInputError('UNSUPPORTED', `methods[${i}]`, m, "must be 'historical' or 'ewma-normal'");
    }
  }
  const tokens = Object.keys(params.holdings);
  if (tokens.length === 0)
    throw new RiskInputError('MISSING_FIELD', 'holdings', params.holdings, 'needs at least one token');
  const w = tokens.map((t) => {
    const v = params.holdings[t];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RiskInputError('INVALID_NUMBER', `holdings.${t}`, v, 'must be a finite USD amount');
    }
    return v;
  });
  const series = seriesFromCloses(params.history, tokens);
  const start = [params.historyFrom ?? '2018-01-10', ...series.map((s) => s.dates[0] as string)]
    .sort()
    .pop() as string;
  const r = logReturns(series, {
    gaps: 'error',
    from: start,
    ...(params.to ? { to: params.to } : {}),
    maxSpanDays: 1,
  });
  const n = r.returns.rows;
  if (n <= window + 1) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'window',
      window,
      `needs more than ${window + 1} daily returns (have ${n} from ${start})`,
    );
  }
  const d = tokens.length;
  const pnlRet = new Float64Array(n); // w'r (arithmetic, for the EWMA)
  const loss = new Float64Array(n); // realized lognormal loss
  for (let t = 0; t < n; t++) {
    let lin = 0;
    let pl = 0;
    for (let i = 0; i < d; i++) {
      const x = r.returns.data[t * d + i] as number;
      lin += (w[i] as number) * x;
      pl += (w[i] as number) * Math.expm1(x);
    }
    pnlRet[t] = lin;
    loss[t] = -pl;
  }
  const days = n - window;
  const dates = r.dates.slice(window);
  const tested = Array.from(loss.subarray(window));
  const out: BacktestSeries[] = [];
  const ewma = ewmaVarianceForecasts(pnlRet, { lambda, init: { method: 'sample', window } });
  const sorted = new Float64Array(window);
  for (const method of methods) {
    for (const a of confidences) {
      const v = new Array<number>(days);
      if (method === 'historical') {
        const pos = invertedCdfIndex(window, a);
        for (let t = window; t < n; t++) {
          sorted.set(loss.subarray(t - window, t));
          sorted.sort();
          v[t - window] = sorted[pos] as number;
        }
      } else {
        const z = normInv(a);
        for (let t = window; t < n; t++) v[t - window] = z * Math.sqrt(ewma[t] as number);
      }
      const ind = exceptionIndicators(tested, v);
      const x = ind.reduce((s, e) => s + e, 0);
      const last = ind.slice(-250);
      out.push({
        method,
        confidence: a,
        days,
        exceptions: x,
        expectedExceptions: days * (1 - a),
        kupiec: kupiecPof(x, days, a),
        independence: christoffersenIndependence(ind),
        conditionalCoverage: christoffersenConditionalCoverage(ind, a),
        trafficLight: baselTrafficLight(
          last.reduce((s, e) => s + e, 0),
          last.length,
          a,
        ),
        meanVar: v.reduce((s, e) => s + e, 0) / days,
        exceptionDates: dates.filter((_, i) => ind[i] === 1),
        var: v,
      });
    }
  }
  return {
    tokens,
    holdings: Object.fromEntries(tokens.map((t, i) => [t, w[i] as number])),
    window,
    lambda,
    dates,
    loss: tested,
    series: out,
  };
}
