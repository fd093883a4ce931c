import type { Metadata } from 'next';
import Link from 'next/link';
import { ExceptionsChart } from '../../../../../components/charts.tsx';
import { EmptyState, ErrorPanel, PageHeader } from '../../../../../components/states.tsx';
import { settle } from '../../../../../lib/api.ts';
import { formatNumber, formatPercent, formatUsd } from '../../../../../lib/format.ts';
import { graphql } from '../../../../../lib/graphql.ts';
import { getFundContext } from '../../../../../lib/session.ts';

export const metadata: Metadata = { title: 'VaR backtest — DTE' };

const BacktestQuery = graphql(`
  query VarBacktest($window: Int, $confidences: [Float!]) {
    varBacktest(window: $window, confidences: $confidences) {
      holdings { token value }
      excludedTokens window dates loss note
      series {
        method confidence days exceptions expectedExceptions kupiecPValue independencePValue
        conditionalCoveragePValue trafficLight trafficLightExceptions meanVar var
      }
    }
  }
`);

const METHOD_LABELS: Record<string, string> = {
  historical: 'Historical simulation',
  'ewma-normal': 'EWMA normal (RiskMetrics)',
};
const compact = (v: number) => formatUsd(v, { compact: true });
/** A p-value with 3 decimals, or `< 0.001`. */
const pValue = (p: number | null) => (p != null && p < 0.001 ? '< 0.001' : formatNumber(p, 3));

/**
 * Rolling 1-day VaR backtest of the fund's current token exposures on the real daily closes
 * (the api's `varBacktest`, risk-core `runRollingBacktest`): exceptions, coverage tests and the
 * Basel traffic light, with a chart of realised losses against VaR.
 */
export default async function BacktestPage({
  params,
  searchParams,
}: {
  params: Promise<{ fund: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { fund } = await params;
  const ctx = await getFundContext(fund);
  const search = await searchParams;
  const windowText = typeof search.window === 'string' ? search.window : '500';
  const window = Number.parseInt(windowText, 10);
  const loaded = await settle(
    ctx.query(BacktestQuery, { window: Number.isFinite(window) ? window : 500, confidences: [0.99, 0.95] }),
  );
  return (
    <>
      <PageHeader title="VaR backtest">
        <p>
          The fund's current net delta per token, held constant and rebalanced daily, tested day by day on the
          real daily closes: each day's VaR uses only the returns before it; an exception is a realised loss
          above VaR.
        </p>
      </PageHeader>
      <p>
        <Link href={`/f/${ctx.fund.slug}/var`}>← VaR runs</Link>
      </p>
      <form method="get" className="row" aria-label="Backtest window">
        <label>
          Estimation window (daily returns)
          <input name="window" defaultValue={windowText} inputMode="numeric" size={6} />
        </label>
        <button type="submit">Recompute</button>
      </form>
      {!loaded.ok ? (
        <ErrorPanel error={loaded.error} what="the backtest" />
      ) : loaded.data.varBacktest.series.length === 0 ? (
        <EmptyState title="Nothing to backtest">
          <p>{loaded.data.varBacktest.note ?? 'No result.'}</p>
        </EmptyState>
      ) : (
        <BacktestResult data={loaded.data.varBacktest} />
      )}
    </>
  );
}

type Backtest = {
  holdings: { token: string; value: number | null }[];
  excludedTokens: string[];
  window: number;
  dates: string[];
  loss: number[];
  series: {
    method: string;
    confidence: number;
    days: number;
    exceptions: number;
    expectedExceptions: number;
    kupiecPValue: number | null;
    independencePValue: number | null;
    conditionalCoveragePValue: number | null;
    trafficLight: string;
    trafficLightExceptions: number;
    meanVar: number;
    var: number[];
  }[];
};

function BacktestResult({ data }: { data: Backtest }) {
  const first = data.series[0]?.confidence;
  const charted = data.series.filter((s) => s.confidence === first);
  return (
    <>
      <p data-testid="backtest-summary">
        {data.dates.length} test days from {data.dates[0]} to {data.dates[data.dates.length - 1]}, window{' '}
        {data.window} returns; exposures:{' '}
        {data.holdings.map((h) => `${h.token} ${compact(h.value ?? 0)}`).join(', ')}.
        {data.excludedTokens.length > 0
          ? ` Without history (left out): ${data.excludedTokens.join(', ')}.`
          : ''}
      </p>
      <div className="table-wrap">
        <table data-testid="backtest-table">
          <caption className="visually-hidden">Backtest per model and confidence</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className="num">
                Confidence
              </th>
              <th scope="col" className="num">
                Exceptions (expected)
              </th>
              <th scope="col" className="num">
                Kupiec p
              </th>
              <th scope="col" className="num">
                Independence p
              </th>
              <th scope="col" className="num">
                Cond. coverage p
              </th>
              <th scope="col">Last 250 days</th>
              <th scope="col" className="num">
                Mean VaR
              </th>
            </tr>
          </thead>
          <tbody>
            {data.series.map((s) => (
              <tr key={`${s.method}-${s.confidence}`}>
                <th scope="row">{METHOD_LABELS[s.method] ?? s.method}</th>
                <td className="num">{formatPercent(s.confidence, 1)}</td>
                <td className="num">
                  {s.exceptions} ({formatNumber(s.expectedExceptions, 1)})
                </td>
                <td className={`num ${(s.kupiecPValue ?? 1) < 0.05 ? 'neg' : ''}`}>
                  {pValue(s.kupiecPValue)}
                </td>
                <td className="num">{pValue(s.independencePValue)}</td>
                <td className="num">{pValue(s.conditionalCoveragePValue)}</td>
                <td>
                  <span
                    className={`badge ${s.trafficLight === 'green' ? 'badge-ok' : s.trafficLight === 'red' ? 'badge-bad' : 'badge-warn'}`}
                  >
                    {s.trafficLight}
                  </span>{' '}
                  {s.trafficLightExceptions} exceptions
                </td>
                <td className="num">{formatUsd(s.meanVar)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="grid-2">
        {charted.map((s) => (
          <ExceptionsChart
            key={s.method}
            title={`${METHOD_LABELS[s.method] ?? s.method}, ${formatPercent(s.confidence, 0)}: loss per day (bars), VaR (line), exceptions (dots)`}
            testId={`backtest-chart-${s.method}`}
            dates={data.dates}
            loss={data.loss}
            varLine={s.var}
            format={compact}
          />
        ))}
      </div>
    </>
  );
}
