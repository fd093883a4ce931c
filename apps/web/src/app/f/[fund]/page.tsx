import type { Metadata } from 'next';
import Link from 'next/link';
import { BarChart } from '../../../components/charts.tsx';
import { EmptyState, ErrorPanel, PageHeader } from '../../../components/states.tsx';
import { settle } from '../../../lib/api.ts';
import { formatAge, formatDateTime, formatTokens, formatUsd } from '../../../lib/format.ts';
import { graphql } from '../../../lib/graphql.ts';
import { getFundContext } from '../../../lib/session.ts';

export const metadata: Metadata = { title: 'Overview — DTE' };

const OverviewQuery = graphql(`
  query Overview {
    exposures(groupBy: [UNDERLYING]) {
      valuationTime
      positionCount
      snapshot { id asOf source }
      totals { netDeltaUsd grossDeltaUsd notionalUsd cashGammaUsd vegaUsd thetaUsd marketValueUsd }
      tokens { token deltaTokens deltaUsd grossDeltaUsd notionalUsd cashGammaUsd vegaUsd thetaUsd stable }
      warnings
      unmapped { rowId reason source }
    }
    byAccount: exposures(groupBy: [ACCOUNT]) {
      groups { key { account } positionCount totals { netDeltaUsd grossDeltaUsd notionalUsd vegaUsd } }
    }
    byVenue: exposures(groupBy: [VENUE]) {
      groups { key { venue } positionCount totals { netDeltaUsd grossDeltaUsd notionalUsd vegaUsd } }
    }
    alerts(first: 1, status: [OPEN]) { edges { node { id } } }
  }
`);

/** Data older than this is flagged as stale. */
const STALE_AFTER_MS = 24 * 3600 * 1000;

/** Per-fund overview: exposure by token, account and venue, totals and market-data freshness. */
export default async function OverviewPage({ params }: { params: Promise<{ fund: string }> }) {
  const { fund } = await params;
  const ctx = await getFundContext(fund);
  const result = await settle(ctx.query(OverviewQuery, {}));
  if (!result.ok) {
    if (result.error.code === 'MISSING_MARKET_DATA')
      return (
        <>
          <PageHeader title="Overview" />
          <EmptyState title="No market data yet">
            <p>Upload a market snapshot with spot prices to value the book ({result.error.message}).</p>
          </EmptyState>
        </>
      );
    return (
      <>
        <PageHeader title="Overview" />
        <ErrorPanel error={result.error} what="the exposures" />
      </>
    );
  }
  const { exposures, byAccount, byVenue, alerts } = result.data;
  const ageMs = Date.now() - new Date(exposures.snapshot.asOf).getTime();
  const stale = ageMs > STALE_AFTER_MS;
  const risky = exposures.tokens
    .filter((t) => !t.stable)
    .sort((a, b) => Math.abs(b.deltaUsd) - Math.abs(a.deltaUsd));
  const stable = exposures.tokens.filter((t) => t.stable);
  const accounts = [...byAccount.groups].sort((a, b) => b.totals.notionalUsd - a.totals.notionalUsd);
  const venues = [...byVenue.groups].sort((a, b) => b.totals.notionalUsd - a.totals.notionalUsd);
  const { totals } = exposures;
  return (
    <>
      <PageHeader title={`${ctx.fund.name}: overview`}>
        <p data-testid="freshness" className={stale ? 'stale' : undefined}>
          Market data as of <strong>{formatDateTime(exposures.snapshot.asOf)}</strong> ({formatAge(ageMs)} old
          {stale ? ', stale: upload a newer snapshot' : ''}). {exposures.positionCount} positions valued.
        </p>
      </PageHeader>
      {alerts.edges.length > 0 ? (
        <p className="notice notice-warn" role="status">
          There are open alerts. <Link href={`/f/${ctx.fund.slug}/limits`}>Review limits and alerts</Link>.
        </p>
      ) : null}
      <section aria-labelledby="totals-h">
        <h2 id="totals-h">Fund totals (non-stable tokens)</h2>
        <dl className="kpis" data-testid="totals">
          <div>
            <dt>Net delta</dt>
            <dd>{formatUsd(totals.netDeltaUsd, { compact: true })}</dd>
          </div>
          <div>
            <dt>Gross delta</dt>
            <dd>{formatUsd(totals.grossDeltaUsd, { compact: true })}</dd>
          </div>
          <div>
            <dt>Gross notional</dt>
            <dd>{formatUsd(totals.notionalUsd, { compact: true })}</dd>
          </div>
          <div>
            <dt>Cash gamma (per 1%)</dt>
            <dd>{formatUsd(totals.cashGammaUsd, { compact: true })}</dd>
          </div>
          <div>
            <dt>Vega (per vol point)</dt>
            <dd>{formatUsd(totals.vegaUsd, { compact: true })}</dd>
          </div>
          <div>
            <dt>Theta (per day)</dt>
            <dd>{formatUsd(totals.thetaUsd, { compact: true })}</dd>
          </div>
        </dl>
      </section>
      {exposures.tokens.length === 0 ? (
        <EmptyState title="No positions">
          <p>
            This fund has no positions or balances yet.{' '}
            <Link href={`/f/${ctx.fund.slug}/positions/import`}>Import a position file</Link>.
          </p>
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="tokens-h">
            <h2 id="tokens-h">Exposure by underlying token</h2>
            <div className="grid-2">
              <BarChart
                title="Net delta by token (USD)"
                testId="chart-delta"
                items={risky.map((t) => ({ label: t.token, value: t.deltaUsd }))}
                format={(v) => formatUsd(v, { compact: true })}
              />
              <BarChart
                title="Gross notional by token (USD)"
                items={risky.map((t) => ({ label: t.token, value: t.notionalUsd }))}
                format={(v) => formatUsd(v, { compact: true })}
              />
            </div>
            <div className="table-wrap">
              <table data-testid="token-table">
                <caption className="visually-hidden">Exposure per token</caption>
                <thead>
                  <tr>
                    <th scope="col">Token</th>
                    <th scope="col" className="num">
                      Net delta (tokens)
                    </th>
                    <th scope="col" className="num">
                      Net delta (USD)
                    </th>
                    <th scope="col" className="num">
                      Gross notional
                    </th>
                    <th scope="col" className="num">
                      Cash gamma / 1%
                    </th>
                    <th scope="col" className="num">
                      Vega / vol pt
                    </th>
                    <th scope="col" className="num">
                      Theta / day
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...risky, ...stable].map((t) => (
                    <tr key={t.token} className={t.stable ? 'muted-row' : undefined}>
                      <th scope="row">
                        {t.token}
                        {t.stable ? <span className="badge">stable</span> : null}
                      </th>
                      <td className="num">{formatTokens(t.deltaTokens)}</td>
                      <td className={`num ${t.deltaUsd < 0 ? 'neg' : ''}`}>{formatUsd(t.deltaUsd)}</td>
                      <td className="num">{formatUsd(t.notionalUsd)}</td>
                      <td className="num">{formatUsd(t.cashGammaUsd)}</td>
                      <td className="num">{formatUsd(t.vegaUsd)}</td>
                      <td className="num">{formatUsd(t.thetaUsd)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="accounts-h">
            <h2 id="accounts-h">By account and venue</h2>
            <div className="grid-2">
              <BarChart
                title="Gross notional by account (USD)"
                testId="chart-accounts"
                items={accounts.map((g) => ({ label: g.key.account ?? '—', value: g.totals.notionalUsd }))}
                format={(v) => formatUsd(v, { compact: true })}
              />
              <BarChart
                title="Net delta by venue (USD)"
                items={venues.map((g) => ({ label: g.key.venue ?? '—', value: g.totals.netDeltaUsd }))}
                format={(v) => formatUsd(v, { compact: true })}
              />
            </div>
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Exposure per account</caption>
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col" className="num">
                      Positions
                    </th>
                    <th scope="col" className="num">
                      Net delta
                    </th>
                    <th scope="col" className="num">
                      Gross delta
                    </th>
                    <th scope="col" className="num">
                      Gross notional
                    </th>
                    <th scope="col" className="num">
                      Vega
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {accounts.map((g) => (
                    <tr key={g.key.account ?? ''}>
                      <th scope="row">{g.key.account}</th>
                      <td className="num">{g.positionCount}</td>
                      <td className={`num ${g.totals.netDeltaUsd < 0 ? 'neg' : ''}`}>
                        {formatUsd(g.totals.netDeltaUsd)}
                      </td>
                      <td className="num">{formatUsd(g.totals.grossDeltaUsd)}</td>
                      <td className="num">{formatUsd(g.totals.notionalUsd)}</td>
                      <td className="num">{formatUsd(g.totals.vegaUsd)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
      {exposures.unmapped.length > 0 || exposures.warnings.length > 0 ? (
        <section aria-labelledby="unmapped-h" className="notice notice-warn">
          <h2 id="unmapped-h">Not valued</h2>
          <ul>
            {exposures.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
            {exposures.unmapped.map((u) => (
              <li key={u.rowId}>
                {u.source} <code>{u.rowId}</code>: {u.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="muted small">Snapshot: {exposures.snapshot.source}</p>
    </>
  );
}
