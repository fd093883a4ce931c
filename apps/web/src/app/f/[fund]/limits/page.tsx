import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionForm } from '../../../../components/action-form.tsx';
import { EmptyState, ErrorPanel, PageHeader } from '../../../../components/states.tsx';
import { settle } from '../../../../lib/api.ts';
import { formatDateTime, formatDecimal, formatNumber, formatPercent } from '../../../../lib/format.ts';
import { graphql } from '../../../../lib/graphql.ts';
import { can } from '../../../../lib/roles.ts';
import { getFundContext } from '../../../../lib/session.ts';
import {
  acknowledgeAction,
  createLimitAction,
  deleteLimitAction,
  toggleLimitAction,
  updateThresholdAction,
} from './actions.ts';

export const metadata: Metadata = { title: 'Limits and alerts — DTE' };

// Three requests (in parallel): together they would exceed the api's query cost limit (1000).
const LimitsQuery = graphql(`
  query Limits {
    limits(first: 60) { edges { node { id name kind threshold warnAt token accountId positionId enabled openAlertCount } } }
  }
`);
const AlertsQuery = graphql(`
  query Alerts($status: [AlertStatus!]) {
    alerts(first: 40, status: $status) {
      edges { node { id severity status message value threshold openedAt limit { name } } }
    }
  }
`);
const AccountsQuery = graphql(`
  query LimitAccounts { accounts(first: 100) { edges { node { id name } } } }
`);

const KIND_LABELS: Record<string, string> = {
  NET_DELTA: 'Net delta',
  GROSS_NOTIONAL: 'Gross notional (USD)',
  VAR: 'VaR (USD)',
  LEVERAGE: 'Leverage',
  LIQUIDATION_DISTANCE: 'Liquidation distance (fraction)',
  STOP_LEVEL: 'Stop level (price)',
};
const STATUSES = ['OPEN', 'ACKNOWLEDGED', 'CLEARED'] as const;

/** Limits (managed by RISK_MANAGER+) and alerts (acknowledged by ANALYST+). */
export default async function LimitsPage({
  params,
  searchParams,
}: {
  params: Promise<{ fund: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { fund } = await params;
  const ctx = await getFundContext(fund);
  const search = await searchParams;
  const statusParam = typeof search.status === 'string' ? search.status : 'OPEN';
  const status = (STATUSES as readonly string[]).includes(statusParam)
    ? (statusParam as (typeof STATUSES)[number])
    : null;
  const loaded = await settle(
    Promise.all([
      ctx.query(LimitsQuery, {}),
      ctx.query(AlertsQuery, { status: status ? [status] : null }),
      ctx.query(AccountsQuery, {}),
    ]).then(([l, a, acc]) => ({ ...l, ...a, ...acc })),
  );
  const manage = can(ctx.role, 'manageLimits');
  const acknowledge = can(ctx.role, 'runAnalyses');
  const base = `/f/${ctx.fund.slug}/limits`;
  const header = (
    <PageHeader title="Limits and alerts">
      <p>The worker checks the limits on the fund's schedule and opens an alert when one is breached.</p>
    </PageHeader>
  );
  if (!loaded.ok)
    return (
      <>
        {header}
        <ErrorPanel error={loaded.error} what="the limits and alerts" />
      </>
    );
  const { limits, alerts, accounts } = loaded.data;
  const accountName = new Map(accounts.edges.map((e) => [e.node.id, e.node.name]));
  const hidden = <input type="hidden" name="fund" value={ctx.fund.slug} />;
  return (
    <>
      {header}
      <section aria-labelledby="alerts-h">
        <h2 id="alerts-h">Alerts</h2>
        <nav aria-label="Alert status" className="row">
          {[...STATUSES, 'ALL'].map((s) => (
            <Link
              key={s}
              href={`${base}?status=${s}`}
              aria-current={(status ?? 'ALL') === s ? 'page' : undefined}
            >
              {s.toLowerCase()}
            </Link>
          ))}
        </nav>
        {alerts.edges.length === 0 ? (
          <EmptyState title={`No ${status ? status.toLowerCase() : ''} alerts`} />
        ) : (
          <div className="table-wrap">
            <table data-testid="alerts-table">
              <thead>
                <tr>
                  <th scope="col">Opened</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Limit</th>
                  <th scope="col">Message</th>
                  <th scope="col" className="num">
                    Value
                  </th>
                  <th scope="col" className="num">
                    Threshold
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {alerts.edges.map(({ node: a }) => (
                  <tr key={a.id}>
                    <th scope="row">{formatDateTime(a.openedAt)}</th>
                    <td>
                      <span
                        className={
                          a.severity === 'CRITICAL'
                            ? 'badge badge-bad'
                            : a.severity === 'WARNING'
                              ? 'badge badge-warn'
                              : 'badge'
                        }
                      >
                        {a.severity.toLowerCase()}
                      </span>
                    </td>
                    <td>{a.limit.name}</td>
                    <td style={{ whiteSpace: 'normal', minWidth: '16rem' }}>{a.message}</td>
                    <td className="num">{formatNumber(Number(a.value), 4)}</td>
                    <td className="num">{formatNumber(Number(a.threshold), 4)}</td>
                    <td>
                      {a.status === 'OPEN' && acknowledge ? (
                        <ActionForm
                          className="inline-form"
                          action={acknowledgeAction}
                          label={`Acknowledge alert on ${a.limit.name}`}
                          submit="Acknowledge"
                          pendingLabel="…"
                        >
                          {hidden}
                          <input type="hidden" name="id" value={a.id} />
                          <label className="visually-hidden" htmlFor={`note-${a.id}`}>
                            Note
                          </label>
                          <input id={`note-${a.id}`} name="note" placeholder="note (optional)" size={12} />
                        </ActionForm>
                      ) : (
                        <span className="badge">{a.status.toLowerCase()}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="limits-h">
        <h2 id="limits-h">Limits</h2>
        {limits.edges.length === 0 ? (
          <EmptyState title="No limits yet" />
        ) : (
          <div className="table-wrap">
            <table data-testid="limits-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Scope</th>
                  <th scope="col" className="num">
                    Threshold
                  </th>
                  <th scope="col" className="num">
                    Warn at
                  </th>
                  <th scope="col" className="num">
                    Open alerts
                  </th>
                  <th scope="col">Enabled</th>
                  {manage ? <th scope="col">Change</th> : null}
                </tr>
              </thead>
              <tbody>
                {limits.edges.map(({ node: l }) => (
                  <tr key={l.id}>
                    <th scope="row">{l.name}</th>
                    <td>{KIND_LABELS[l.kind] ?? l.kind}</td>
                    <td>
                      {[
                        l.token,
                        l.accountId ? accountName.get(l.accountId) : null,
                        l.positionId ? 'one position' : null,
                      ]
                        .filter(Boolean)
                        .join(', ') || 'fund'}
                    </td>
                    <td className="num">{formatDecimal(l.threshold)}</td>
                    <td className="num">{l.warnAt ? formatPercent(Number(l.warnAt), 0) : '—'}</td>
                    <td className={`num ${l.openAlertCount > 0 ? 'neg' : ''}`}>{l.openAlertCount}</td>
                    <td>
                      {manage ? (
                        <ActionForm
                          className="inline-form"
                          action={toggleLimitAction}
                          label={`${l.enabled ? 'Disable' : 'Enable'} ${l.name}`}
                          submit={l.enabled ? 'Disable' : 'Enable'}
                          pendingLabel="…"
                        >
                          {hidden}
                          <input type="hidden" name="id" value={l.id} />
                          <input type="hidden" name="enabled" value={String(!l.enabled)} />
                          <span>{l.enabled ? 'yes' : 'no'}</span>
                        </ActionForm>
                      ) : l.enabled ? (
                        'yes'
                      ) : (
                        'no'
                      )}
                    </td>
                    {manage ? (
                      <td>
                        <div className="inline-form">
                          <ActionForm
                            className="inline-form"
                            action={updateThresholdAction}
                            label={`Threshold of ${l.name}`}
                            submit="Save"
                            pendingLabel="…"
                          >
                            {hidden}
                            <input type="hidden" name="id" value={l.id} />
                            <label className="visually-hidden" htmlFor={`th-${l.id}`}>
                              Threshold of {l.name}
                            </label>
                            <input id={`th-${l.id}`} name="threshold" defaultValue={l.threshold} size={10} />
                          </ActionForm>
                          <ActionForm
                            className="inline-form"
                            action={deleteLimitAction}
                            label={`Delete ${l.name}`}
                            submit="Delete"
                            pendingLabel="…"
                            danger
                          >
                            {hidden}
                            <input type="hidden" name="id" value={l.id} />
                          </ActionForm>
                        </div>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {manage ? (
          <>
            <h3>New limit</h3>
            <ActionForm action={createLimitAction} label="New limit" submit="Create limit" testId="new-limit">
              {hidden}
              <label>
                Kind
                <select name="kind" defaultValue="NET_DELTA">
                  {Object.entries(KIND_LABELS)
                    .filter(([k]) => k !== 'STOP_LEVEL')
                    .map(([k, label]) => (
                      <option key={k} value={k}>
                        {label}
                      </option>
                    ))}
                </select>
              </label>
              <label>
                Name
                <input name="name" required size={18} />
              </label>
              <label>
                Threshold
                <input name="threshold" required inputMode="decimal" size={10} />
              </label>
              <label>
                Warn at (fraction)
                <input name="warnAt" placeholder="0.8" inputMode="decimal" size={5} />
              </label>
              <label>
                Token
                <input name="token" placeholder="BTC" size={6} />
              </label>
              <label>
                Account
                <select name="accountId" defaultValue="">
                  <option value="">Whole fund</option>
                  {accounts.edges.map(({ node }) => (
                    <option key={node.id} value={node.id}>
                      {node.name}
                    </option>
                  ))}
                </select>
              </label>
            </ActionForm>
          </>
        ) : (
          <p className="muted">Changing limits needs the risk manager role or higher.</p>
        )}
      </section>
    </>
  );
}
