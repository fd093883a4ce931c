import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState, ErrorPanel, PageHeader } from '../../../../components/states.tsx';
import { settle } from '../../../../lib/api.ts';
import {
  formatDateTime,
  formatNumber,
  formatPercent,
  formatPrice,
  formatUsd,
} from '../../../../lib/format.ts';
import { graphql, type ResultOf } from '../../../../lib/graphql.ts';
import { can } from '../../../../lib/roles.ts';
import { getFundContext } from '../../../../lib/session.ts';

export const metadata: Metadata = { title: 'Liquidations — DTE' };

// The api caps a query's cost at 1000 (lists x10, connections x first): the report is read as a
// summary plus pages of 40 rows (the book is cached by the api, so each page is cheap).
const SummaryQuery = graphql(`
  query LiquidationSummary {
    liquidationReport {
      positionCount liquidatableNow valuationTime
      accounts { account equityUsd maintenanceUsd marginRatio liquidatableNow moves { token down up } }
    }
  }
`);

const PageQuery = graphql(`
  query LiquidationPage($after: String) {
    liquidationReport {
      positions(first: 40, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges {
          cursor
          node {
            id account kind underlying settlement direction currentPrice liquidationPrice distancePct liquidatableNow
            margin { marginRatio }
            lending { healthFactor collateralUsd debtUsd protocol triggerToken }
          }
        }
      }
    }
  }
`);

const TriggersQuery = graphql(`
  query LiquidationTriggers($after: String) {
    liquidationReport {
      positions(first: 1, after: $after) {
        edges { node { id lending { triggers { token triggerPrice move } } } }
      }
    }
  }
`);

/** At most this many pages of 40 rows are read (400 positions). */
const MAX_PAGES = 10;

/** Reads every page of the report (up to MAX_PAGES), keeping the cursor before each row. */
async function readAll(ctx: Awaited<ReturnType<typeof getFundContext>>) {
  const rows: {
    node: ResultOf<typeof PageQuery>['liquidationReport']['positions']['edges'][number]['node'];
    after: string | null;
  }[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const data: ResultOf<typeof PageQuery> = await ctx.query(PageQuery, { after });
    const { edges, pageInfo } = data.liquidationReport.positions;
    for (const e of edges) {
      rows.push({ node: e.node, after });
      after = e.cursor;
    }
    if (!pageInfo.hasNextPage) return { rows, truncated: false };
  }
  return { rows, truncated: true };
}

const LADDER_RANGE = 0.5;

/**
 * One rung of the ladder: where the liquidation price sits relative to the current price, on a
 * -50%..+50% scale (clipped), as a small inline SVG.
 */
function Rung({ distance }: { distance: number | null | undefined }) {
  if (distance == null || !Number.isFinite(distance)) return <span className="muted">—</span>;
  const width = 160;
  const clipped = Math.max(-LADDER_RANGE, Math.min(LADDER_RANGE, distance));
  const mid = width / 2;
  const x = mid + (clipped / LADDER_RANGE) * mid;
  const near = Math.abs(distance) < 0.1;
  return (
    <svg width={width} height={14} viewBox={`0 0 ${width} 14`} aria-hidden="true" className="rung">
      <line x1={0} x2={width} y1={7} y2={7} className="axis" />
      <line x1={mid} x2={mid} y1={1} y2={13} className="axis" />
      <rect
        x={Math.min(mid, x)}
        y={4}
        width={Math.max(1, Math.abs(x - mid))}
        height={6}
        className={near ? 'bar-neg' : 'bar-pos'}
      />
      <circle cx={x} cy={7} r={3.5} className={near ? 'exception-dot' : 'bar-pos'} />
    </svg>
  );
}

/** Liquidation ladder per position (liquidation price vs current price), lending health factors, cross accounts. */
export default async function LiquidationsPage({ params }: { params: Promise<{ fund: string }> }) {
  const { fund } = await params;
  const ctx = await getFundContext(fund);
  const loaded = await settle(Promise.all([ctx.query(SummaryQuery, {}), readAll(ctx)]));
  const header = (
    <PageHeader title="Liquidations">
      <p>
        Liquidation price of each leveraged position (nearest first), lending health factors and the
        cross-margin accounts.
      </p>
    </PageHeader>
  );
  const cascadeLink = can(ctx.role, 'runAnalyses') ? (
    <p>
      <Link className="button" href={`/f/${ctx.fund.slug}/liquidations/cascade`}>
        Cascade simulator
      </Link>
    </p>
  ) : null;
  if (!loaded.ok)
    return (
      <>
        {header}
        {cascadeLink}
        <ErrorPanel error={loaded.error} what="the liquidation report" />
      </>
    );
  const report = loaded.data[0].liquidationReport;
  const { rows: all, truncated } = loaded.data[1];
  const rows = all.map((r) => r.node);
  const ladder = rows.filter((r) => !r.lending && r.liquidationPrice != null);
  // Trigger prices of the lending groups (a nested list: read one row at a time, from the cursor before it).
  const lendingRows = all.filter((r) => r.node.lending);
  const triggers = new Map<string, { token: string; triggerPrice: number | null; move: number | null }[]>();
  await Promise.all(
    lendingRows.map(async ({ after }) => {
      const got = await settle(ctx.query(TriggersQuery, { after }));
      if (got.ok)
        for (const e of got.data.liquidationReport.positions.edges)
          if (e.node.lending) triggers.set(e.node.id, e.node.lending.triggers);
    }),
  );
  const lending = rows.filter((r) => r.lending);
  return (
    <>
      {header}
      <p data-testid="liq-summary">
        {report.positionCount} positions valued at {formatDateTime(report.valuationTime)};{' '}
        <strong className={report.liquidatableNow > 0 ? 'neg' : undefined}>
          {report.liquidatableNow} liquidatable now
        </strong>
        .
      </p>
      {cascadeLink}
      <section aria-labelledby="ladder-h">
        <h2 id="ladder-h">Liquidation ladder</h2>
        {truncated ? <p className="muted">Only the {rows.length} nearest positions are shown.</p> : null}
        {ladder.length === 0 ? (
          <EmptyState title="No position has a liquidation price" />
        ) : (
          <div className="table-wrap">
            <table data-testid="ladder">
              <caption className="visually-hidden">
                Positions by distance to liquidation, nearest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Underlying</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Account</th>
                  <th scope="col">Side</th>
                  <th scope="col" className="num">
                    Current
                  </th>
                  <th scope="col" className="num">
                    Liquidation
                  </th>
                  <th scope="col" className="num">
                    Distance
                  </th>
                  <th scope="col">
                    <span aria-hidden="true">−50% · 0 · +50%</span>
                    <span className="visually-hidden">Distance chart</span>
                  </th>
                  <th scope="col" className="num">
                    Margin ratio
                  </th>
                </tr>
              </thead>
              <tbody>
                {ladder.map((r) => (
                  <tr key={r.id} className={r.liquidatableNow ? 'neg' : undefined}>
                    <th scope="row">{r.underlying ?? '—'}</th>
                    <td>
                      {r.kind}
                      {r.settlement ? <span className="badge">{r.settlement}</span> : null}
                    </td>
                    <td>{r.account}</td>
                    <td>{r.direction ?? '—'}</td>
                    <td className="num">{formatPrice(r.currentPrice)}</td>
                    <td className="num">{formatPrice(r.liquidationPrice)}</td>
                    <td className="num">{formatPercent(r.distancePct, 1, { signed: true })}</td>
                    <td>
                      <Rung distance={r.distancePct} />
                    </td>
                    <td className="num">{formatPercent(r.margin?.marginRatio, 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="lending-h">
        <h2 id="lending-h">Lending health factors</h2>
        {lending.length === 0 ? (
          <EmptyState title="No lending positions" />
        ) : (
          <div className="table-wrap">
            <table data-testid="health-factors">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Protocol</th>
                  <th scope="col" className="num">
                    Health factor
                  </th>
                  <th scope="col" className="num">
                    Collateral
                  </th>
                  <th scope="col" className="num">
                    Debt
                  </th>
                  <th scope="col">Trigger prices (HF = 1, others fixed)</th>
                </tr>
              </thead>
              <tbody>
                {lending.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.account}</th>
                    <td>{r.lending?.protocol ?? '—'}</td>
                    <td className={`num ${(r.lending?.healthFactor ?? 2) < 1.1 ? 'neg' : ''}`}>
                      {r.lending?.healthFactor == null
                        ? '∞ (no debt)'
                        : formatNumber(r.lending.healthFactor, 3)}
                    </td>
                    <td className="num">{formatUsd(r.lending?.collateralUsd)}</td>
                    <td className="num">{formatUsd(r.lending?.debtUsd)}</td>
                    <td style={{ whiteSpace: 'normal' }}>
                      {(triggers.get(r.id) ?? [])
                        .filter((t) => t.triggerPrice != null)
                        .map(
                          (t) =>
                            `${t.token} ${formatPrice(t.triggerPrice)} (${formatPercent(t.move, 1, { signed: true })})`,
                        )
                        .join('; ') || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="accounts-h">
        <h2 id="accounts-h">Cross-margin accounts</h2>
        {report.accounts.length === 0 ? (
          <EmptyState title="No cross-margin accounts" />
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col" className="num">
                    Equity
                  </th>
                  <th scope="col" className="num">
                    Maintenance
                  </th>
                  <th scope="col" className="num">
                    Margin ratio
                  </th>
                  <th scope="col">Moves to liquidation (one token, others fixed)</th>
                </tr>
              </thead>
              <tbody>
                {report.accounts.map((a) => (
                  <tr key={a.account}>
                    <th scope="row">{a.account}</th>
                    <td className="num">{formatUsd(a.equityUsd)}</td>
                    <td className="num">{formatUsd(a.maintenanceUsd)}</td>
                    <td className={`num ${a.liquidatableNow ? 'neg' : ''}`}>
                      {formatPercent(a.marginRatio, 1)}
                    </td>
                    <td style={{ whiteSpace: 'normal' }}>
                      {a.moves
                        .map(
                          (m) =>
                            `${m.token} ${m.down != null ? formatPercent(m.down, 0, { signed: true }) : ''}${m.down != null && m.up != null ? ' / ' : ''}${m.up != null ? formatPercent(m.up, 0, { signed: true }) : ''}`,
                        )
                        .join('; ') || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
