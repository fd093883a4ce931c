/**
 * `varBacktest`: risk-core's rolling 1-day VaR backtest (`runRollingBacktest`, docs/var.md section
 * 10) applied to the selected fund: the fund's current net delta per non-stable token (USD, from the
 * exposures of the book at the snapshot) is held constant and rebalanced daily over the daily closes
 * visible to the fund (its own closes win over global ones). Historical simulation and EWMA-normal
 * models; exceptions, Kupiec / Christoffersen tests and the Basel traffic light of the last 250 days.
 * Tokens without a close history are left out and named in `excludedTokens`.
 */
import { type BacktestResult, type DailyClose, runRollingBacktest } from '@dte/risk-core';
import { builder } from '../builder.ts';
import { BadUserInputError } from '../errors.ts';
import { loadRiskBook } from '../risk/book.ts';
import { riskCall } from '../risk/errors.ts';
import { finiteOrNull } from '../risk/numbers.ts';
import { checkInt, checkProbability } from '../validation.ts';
import { TokenValueRef } from './exposure-common.ts';
import { selectedFund } from './guards.ts';

/** Largest estimation window (days of returns). */
const MAX_WINDOW = 2000;

type Series = BacktestResult['series'][number];

const BacktestSeriesRef = builder.objectRef<Series>('VarBacktestSeries').implement({
  description: 'One model at one confidence: VaR per test day, exceptions and the coverage tests.',
  fields: (t) => ({
    method: t.string({ description: '`historical` or `ewma-normal`.', resolve: (s) => s.method }),
    confidence: t.exposeFloat('confidence'),
    days: t.exposeInt('days', { description: 'Test days T.' }),
    exceptions: t.exposeInt('exceptions', { description: 'Days with realised loss > VaR.' }),
    expectedExceptions: t.exposeFloat('expectedExceptions', { description: 'T (1 - confidence).' }),
    kupiecStatistic: t.float({ nullable: true, resolve: (s) => finiteOrNull(s.kupiec.statistic) }),
    kupiecPValue: t.float({ nullable: true, resolve: (s) => finiteOrNull(s.kupiec.pValue) }),
    independencePValue: t.float({ nullable: true, resolve: (s) => finiteOrNull(s.independence.pValue) }),
    conditionalCoveragePValue: t.float({
      nullable: true,
      resolve: (s) => finiteOrNull(s.conditionalCoverage.pValue),
    }),
    trafficLight: t.string({
      description: 'Basel zone of the last 250 days: green, yellow, red.',
      resolve: (s) => s.trafficLight.zone,
    }),
    trafficLightExceptions: t.int({ resolve: (s) => s.trafficLight.exceptions }),
    meanVar: t.exposeFloat('meanVar', { description: 'Mean VaR over the test period, USD.' }),
    var: t.floatList({
      description: 'VaR per test day (same order as `dates`), USD.',
      resolve: (s) => s.var,
    }),
    exceptionDates: t.stringList({ resolve: (s) => s.exceptionDates }),
  }),
});

interface BacktestShape {
  holdings: { token: string; value: number | null }[];
  excludedTokens: string[];
  window: number;
  dates: string[];
  loss: number[];
  series: Series[];
  note: string | null;
  valuationTime: Date;
}

const VarBacktestRef = builder.objectRef<BacktestShape>('VarBacktest').implement({
  description:
    "Rolling 1-day VaR backtest of the fund's current net delta per token held constant (USD, rebalanced daily) on real daily closes.",
  fields: (t) => ({
    holdings: t.field({
      type: [TokenValueRef],
      description: 'USD exposure per token tested.',
      resolve: (b) => b.holdings,
    }),
    excludedTokens: t.stringList({
      description: 'Tokens with exposure but no close history.',
      resolve: (b) => b.excludedTokens,
    }),
    window: t.exposeInt('window'),
    dates: t.stringList({
      description: 'Test days (end date of each daily return).',
      resolve: (b) => b.dates,
    }),
    loss: t.floatList({ description: 'Realised loss per test day, USD.', resolve: (b) => b.loss }),
    series: t.field({ type: [BacktestSeriesRef], resolve: (b) => b.series }),
    note: t.string({
      nullable: true,
      description: 'Why there is no series (no exposure, no history).',
      resolve: (b) => b.note,
    }),
    valuationTime: t.expose('valuationTime', { type: 'DateTime' }),
  }),
});

builder.queryField('varBacktest', (t) =>
  t.field({
    type: VarBacktestRef,
    authScopes: { role: 'VIEWER' },
    complexity: { field: 20, multiplier: 1 },
    description:
      "Rolling 1-day VaR backtest (risk-core runRollingBacktest) of the selected fund's current net delta per token, held constant, on the daily closes visible to the fund: historical simulation and EWMA-normal, exceptions, Kupiec and Christoffersen tests, Basel traffic light.",
    args: {
      window: t.arg.int({
        required: false,
        description: 'Estimation window in daily returns, 20..2000 (default 500).',
      }),
      confidences: t.arg.floatList({
        required: false,
        description: '1 to 4 levels in (0, 1) (default [0.99, 0.95]).',
      }),
      snapshotId: t.arg.id({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const window = checkInt('window', args.window ?? 500, 20, MAX_WINDOW);
      const confidences = args.confidences ?? [0.99, 0.95];
      if (confidences.length === 0 || confidences.length > 4)
        throw new BadUserInputError(
          'confidences',
          `give 1 to 4 levels (got ${confidences.length})`,
          confidences.length,
        );
      for (const [i, c] of confidences.entries()) checkProbability(`confidences[${i}]`, c);
      const risk = await loadRiskBook(ctx, args.snapshotId == null ? null : String(args.snapshotId));
      const exposures = (risk.groups([])[0]?.tokens ?? []).filter((e) => !e.stable && e.deltaUsd !== 0);
      const tokens = exposures.map((e) => e.token);
      const rows =
        tokens.length === 0
          ? []
          : await ctx.db.read(
              (tx) => tx.$queryRaw<DailyClose[]>`
                SELECT DISTINCT ON (token, date) token, to_char(date, 'YYYY-MM-DD') AS date, close::float8 AS close
                FROM price_history
                WHERE token = ANY(${tokens}::text[]) AND (fund_id IS NULL OR fund_id = ${fundId}::uuid)
                ORDER BY token, date, (fund_id IS NULL) ASC`,
            );
      const withHistory = new Set(rows.map((r) => r.token));
      const holdings = Object.fromEntries(
        exposures.filter((e) => withHistory.has(e.token)).map((e) => [e.token, e.deltaUsd]),
      );
      const base = {
        holdings: Object.entries(holdings).map(([token, value]) => ({ token, value })),
        excludedTokens: tokens.filter((token) => !withHistory.has(token)),
        window,
        valuationTime: new Date(risk.doc.valuationTime),
      };
      if (Object.keys(holdings).length === 0)
        return {
          ...base,
          dates: [],
          loss: [],
          series: [],
          note:
            tokens.length === 0
              ? 'the fund has no exposure to non-stable tokens'
              : 'no daily closes for the tokens of the fund',
        };
      const result = riskCall(() => runRollingBacktest({ history: rows, holdings, window, confidences }));
      return { ...base, dates: result.dates, loss: result.loss, series: result.series, note: null };
    },
  }),
);
