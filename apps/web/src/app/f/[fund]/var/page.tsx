import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState, ErrorPanel, PageHeader } from '../../../../components/states.tsx';
import { settle } from '../../../../lib/api.ts';
import { formatDateTime, formatPercent, formatUsd } from '../../../../lib/format.ts';
import { graphql } from '../../../../lib/graphql.ts';
import { can } from '../../../../lib/roles.ts';
import { getFundContext } from '../../../../lib/session.ts';
import { kindLabel, parseVarResult, statusClass } from '../../../../lib/var-result.ts';
import { RunForm } from './run-form.tsx';

export const metadata: Metadata = { title: 'VaR — DTE' };

const RunsQuery = graphql(`
  query VarRuns {
    riskRuns(first: 25, kind: [MONTE_CARLO_VAR, HISTORICAL_VAR]) {
      edges { node { id kind status progress params result createdAt finishedAt errorCode } }
    }
  }
`);

/** VaR: start a run (ANALYST+), run history with the primary VaR/ES of each finished run. */
export default async function VarPage({ params }: { params: Promise<{ fund: string }> }) {
  const { fund } = await params;
  const ctx = await getFundContext(fund);
  const runs = await settle(ctx.query(RunsQuery, {}));
  const base = `/f/${ctx.fund.slug}/var`;
  return (
    <>
      <PageHeader title="Value at Risk">
        <p>
          Monte Carlo (correlated returns, full revaluation) or historical simulation, computed by the
          workers.
        </p>
      </PageHeader>
      <p>
        <Link href={`${base}/backtest`}>
          Backtest: exceptions of the fund's exposures on the real daily closes →
        </Link>
      </p>
      {can(ctx.role, 'runAnalyses') ? (
        <section aria-labelledby="new-run-h">
          <h2 id="new-run-h">New run</h2>
          <RunForm fund={ctx.fund.slug} />
        </section>
      ) : (
        <p className="muted">Starting runs needs the analyst role or higher.</p>
      )}
      <section aria-labelledby="history-h">
        <h2 id="history-h">Run history</h2>
        {!runs.ok ? (
          <ErrorPanel error={runs.error} what="the runs" />
        ) : runs.data.riskRuns.edges.length === 0 ? (
          <EmptyState title="No runs yet">
            <p>Start a run above; its progress and result appear on its own page.</p>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table data-testid="run-history">
              <caption className="visually-hidden">VaR runs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Method</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Confidence
                  </th>
                  <th scope="col" className="num">
                    VaR
                  </th>
                  <th scope="col" className="num">
                    ES
                  </th>
                  <th scope="col" className="num">
                    Horizon
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.data.riskRuns.edges.map(({ node: run }) => {
                  const result = run.status === 'SUCCEEDED' ? parseVarResult(run.result) : null;
                  const level = result?.levels[0];
                  return (
                    <tr key={run.id}>
                      <th scope="row">
                        <Link href={`${base}/runs/${run.id}`}>{formatDateTime(run.createdAt)}</Link>
                      </th>
                      <td>{kindLabel(run.kind)}</td>
                      <td>
                        <span className={statusClass(run.status)}>{run.status.toLowerCase()}</span>
                        {run.status === 'RUNNING' ? ` ${formatPercent(run.progress, 0)}` : ''}
                      </td>
                      <td className="num">{level ? formatPercent(level.confidence, 1) : '—'}</td>
                      <td className="num">{level ? formatUsd(level.var) : '—'}</td>
                      <td className="num">{level ? formatUsd(level.es) : '—'}</td>
                      <td className="num">{result ? `${result.horizonDays} d` : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
