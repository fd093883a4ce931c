import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BarChart, Histogram } from '../../../../../../components/charts.tsx';
import { ErrorPanel, PageHeader } from '../../../../../../components/states.tsx';
import { settle } from '../../../../../../lib/api.ts';
import { formatDateTime, formatNumber, formatPercent, formatUsd } from '../../../../../../lib/format.ts';
import { graphql } from '../../../../../../lib/graphql.ts';
import { can } from '../../../../../../lib/roles.ts';
import { getFundContext } from '../../../../../../lib/session.ts';
import {
  byMagnitude,
  isTerminal,
  kindLabel,
  parseVarResult,
  statusClass,
} from '../../../../../../lib/var-result.ts';
import { cancelRunAction } from '../../actions.ts';
import { RunProgress } from './run-progress.tsx';

export const metadata: Metadata = { title: 'VaR run — DTE' };

const RunQuery = graphql(`
  query VarRun($id: ID!) {
    riskRun(id: $id) {
      id kind status progress chunksDone chunksTotal params result error errorCode
      createdAt startedAt finishedAt attempts
    }
  }
`);

const compactUsd = (v: number) => formatUsd(v, { compact: true });

/** One VaR run: live progress while it runs, then the loss histogram with VaR/ES and the contributions. */
export default async function RunPage({ params }: { params: Promise<{ fund: string; id: string }> }) {
  const { fund, id } = await params;
  const ctx = await getFundContext(fund);
  const loaded = await settle(ctx.query(RunQuery, { id }));
  const back = (
    <p>
      <Link href={`/f/${ctx.fund.slug}/var`}>← All runs</Link>
    </p>
  );
  if (!loaded.ok) {
    if (loaded.error.kind === 'not-found') notFound();
    return (
      <>
        <PageHeader title="VaR run" />
        {back}
        <ErrorPanel error={loaded.error} what="the run" />
      </>
    );
  }
  const run = loaded.data.riskRun;
  const result = run.status === 'SUCCEEDED' ? parseVarResult(run.result) : null;
  const primary = result?.levels[0];
  const histogram = result?.distribution.lossHistogram;
  return (
    <>
      <PageHeader title={`${kindLabel(run.kind)} VaR run`}>
        <p>
          <span className={statusClass(run.status)} data-testid="run-status">
            {run.status.toLowerCase()}
          </span>{' '}
          started {formatDateTime(run.createdAt)}
          {run.finishedAt ? `, finished ${formatDateTime(run.finishedAt)}` : ''}.
        </p>
      </PageHeader>
      {back}
      {!isTerminal(run.status) ? (
        <>
          <RunProgress
            url={`/f/${ctx.fund.slug}/var/runs/${run.id}/progress`}
            initial={{
              status: run.status,
              progress: run.progress,
              chunksDone: run.chunksDone,
              chunksTotal: run.chunksTotal,
            }}
          />
          {can(ctx.role, 'runAnalyses') ? (
            <form action={cancelRunAction}>
              <input type="hidden" name="fund" value={ctx.fund.slug} />
              <input type="hidden" name="id" value={run.id} />
              <button type="submit" className="danger">
                Cancel run
              </button>
            </form>
          ) : null}
        </>
      ) : null}
      {run.status === 'FAILED' ? (
        <section className="notice notice-bad" role="alert">
          <h2>The run failed</h2>
          <p>
            {run.error ?? 'No reason was recorded.'} {run.errorCode ? <code>{run.errorCode}</code> : null}
          </p>
        </section>
      ) : null}
      {run.status === 'CANCELLED' ? <p className="notice">The run was cancelled.</p> : null}
      {run.status === 'SUCCEEDED' && !result ? (
        <p className="notice notice-warn">
          The run finished but its result has a shape this page does not know.
        </p>
      ) : null}
      {result && primary ? (
        <>
          <section aria-labelledby="levels-h">
            <h2 id="levels-h">
              VaR and expected shortfall, {result.horizonDays}-day horizon
              {result.paths
                ? `, ${formatNumber(result.paths, 0)} ${run.kind === 'MONTE_CARLO_VAR' ? 'paths' : 'scenarios'}`
                : ''}
            </h2>
            <div className="table-wrap">
              <table data-testid="var-levels">
                <thead>
                  <tr>
                    <th scope="col">Confidence</th>
                    <th scope="col" className="num">
                      VaR
                    </th>
                    <th scope="col" className="num">
                      ES
                    </th>
                    <th scope="col" className="num">
                      Std. error of VaR
                    </th>
                    <th scope="col" className="num">
                      Tail scenarios
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {result.levels.map((level) => (
                    <tr key={level.confidence}>
                      <th scope="row">{formatPercent(level.confidence, 1)}</th>
                      <td className="num">{formatUsd(level.var)}</td>
                      <td className="num">{formatUsd(level.es)}</td>
                      <td className="num">{formatUsd(level.stdErrVar ?? null)}</td>
                      <td className="num">{level.tailCount ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {histogram && histogram.counts.length > 0 ? (
            <Histogram
              title={`Loss distribution (loss positive; VaR and ES at ${formatPercent(primary.confidence, 1)})`}
              testId="loss-histogram"
              edges={histogram.edges}
              counts={histogram.counts}
              markers={[
                { value: primary.var, label: 'VaR', className: 'marker' },
                { value: primary.es, label: 'ES', className: 'marker-es' },
              ]}
              format={compactUsd}
            />
          ) : (
            <p className="muted">This run has no loss histogram.</p>
          )}
          {histogram && (histogram.below > 0 || histogram.above > 0) ? (
            <p className="muted small">
              {histogram.below} scenarios below and {histogram.above} above the histogram's range.
            </p>
          ) : null}
          <section aria-labelledby="contrib-h">
            <h2 id="contrib-h">
              Contributions to VaR at {formatPercent(primary.confidence, 1)} (component VaR)
            </h2>
            <div className="grid-2">
              <BarChart
                title="By token"
                testId="contrib-token"
                items={byMagnitude(primary.contributions.var.byToken)}
                format={compactUsd}
              />
              <BarChart
                title="By account"
                items={byMagnitude(primary.contributions.var.byAccount)}
                format={compactUsd}
              />
            </div>
          </section>
          <section aria-labelledby="dist-h">
            <h2 id="dist-h">P&amp;L distribution</h2>
            <dl>
              <dt>Mean P&amp;L</dt>
              <dd>{formatUsd(result.distribution.meanPnl)}</dd>
              <dt>Standard deviation</dt>
              <dd>{formatUsd(result.distribution.stdPnl)}</dd>
              <dt>Worst P&amp;L</dt>
              <dd>{formatUsd(result.distribution.minPnl ?? null)}</dd>
              <dt>Best P&amp;L</dt>
              <dd>{formatUsd(result.distribution.maxPnl ?? null)}</dd>
            </dl>
          </section>
          {result.warnings && result.warnings.length > 0 ? (
            <section className="notice notice-warn">
              <h2>Warnings</h2>
              <ul>
                {result.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
      <details>
        <summary>Parameters</summary>
        <pre className="small">{JSON.stringify(run.params, null, 2)}</pre>
      </details>
    </>
  );
}
