import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState, ErrorPanel, PageHeader } from '../../../../components/states.tsx';
import { settle } from '../../../../lib/api.ts';
import { formatDate, formatDecimal } from '../../../../lib/format.ts';
import { graphql, type VariablesOf } from '../../../../lib/graphql.ts';
import {
  type PositionQuery,
  parsePositionQuery,
  positionHref,
  type SORT_FIELDS,
} from '../../../../lib/position-query.ts';
import { can } from '../../../../lib/roles.ts';
import { getFundContext } from '../../../../lib/session.ts';

export const metadata: Metadata = { title: 'Positions — DTE' };

const PAGE_SIZE = 25;

const PositionsQuery = graphql(`
  query Positions($first: Int, $after: String, $last: Int, $before: String, $filter: PositionFilter, $orderBy: PositionOrder) {
    positions(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node {
          id quantity entryPrice leverage marginMode stopPrice updatedAt
          account { id name }
          instrument { symbol venue kind underlying settlement expiry }
        }
      }
    }
  }
`);

const AccountsQuery = graphql(`
  query PositionAccounts { accounts(first: 100) { edges { node { id name venue } } } }
`);

const KINDS = ['SPOT', 'FUTURE', 'PERPETUAL', 'OPTION', 'LEVERAGED_TOKEN'] as const;
const SORT_LABELS: Record<(typeof SORT_FIELDS)[number], string> = {
  INSTRUMENT: 'Instrument',
  QUANTITY: 'Quantity',
  EXPIRY: 'Expiry',
  UPDATED_AT: 'Updated',
  CREATED_AT: 'Created',
};

/** Sortable header cell: a link that sorts by the field (toggling the direction when already sorted). */
function SortHeader({
  base,
  query,
  field,
  className,
}: {
  base: string;
  query: PositionQuery;
  field: PositionQuery['sort'];
  className?: string;
}) {
  const active = query.sort === field;
  const dir = active && query.dir === 'ASC' ? 'DESC' : 'ASC';
  return (
    <th
      scope="col"
      className={className}
      aria-sort={active ? (query.dir === 'ASC' ? 'ascending' : 'descending') : 'none'}
    >
      <Link href={positionHref(base, { ...query, sort: field, dir, after: undefined, before: undefined })}>
        {SORT_LABELS[field]}
        {active ? (query.dir === 'ASC' ? ' ▲' : ' ▼') : ''}
      </Link>
    </th>
  );
}

/** Positions of the fund: server-side filtering, sorting and keyset paging through the api's connection. */
export default async function PositionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ fund: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { fund } = await params;
  const ctx = await getFundContext(fund);
  const query = parsePositionQuery(await searchParams);
  const base = `/f/${ctx.fund.slug}/positions`;
  const filter: NonNullable<VariablesOf<typeof PositionsQuery>['filter']> = {};
  if (query.underlying) filter.underlying = query.underlying;
  if (query.venue) filter.venue = query.venue;
  if (query.kind) filter.kind = query.kind;
  if (query.account) filter.accountId = query.account;
  if (!query.closed) filter.minAbsQuantity = '0.000000000000000001';
  const paging = query.before
    ? { last: PAGE_SIZE, before: query.before }
    : { first: PAGE_SIZE, after: query.after ?? null };
  // Two requests (in parallel): together they would exceed the api's query cost limit (1000).
  const [result, accountsResult] = await Promise.all([
    settle(
      ctx.query(PositionsQuery, { ...paging, filter, orderBy: { field: query.sort, direction: query.dir } }),
    ),
    settle(ctx.query(AccountsQuery, {})),
  ]);
  const header = (
    <PageHeader title="Positions">
      <p>
        Signed contracts per instrument and account. Risk figures per position are on the overview and
        liquidation pages.
      </p>
    </PageHeader>
  );
  if (!result.ok)
    return (
      <>
        {header}
        <ErrorPanel error={result.error} what="the positions" />
        <p>
          <Link href={base}>Reset the filters</Link>
        </p>
      </>
    );
  const { positions } = result.data;
  const accounts = accountsResult.ok ? accountsResult.data.accounts : { edges: [] };
  const venues = [...new Set(accounts.edges.map((e) => e.node.venue))].sort();
  return (
    <>
      {header}
      {can(ctx.role, 'manageBook') ? (
        <p>
          <Link className="button" href={`${base}/import`}>
            Import positions (CSV)
          </Link>
        </p>
      ) : null}
      <form method="get" action={base} className="row filters" aria-label="Filter positions">
        <label>
          Underlying
          <input name="underlying" defaultValue={query.underlying ?? ''} placeholder="e.g. BTC" size={8} />
        </label>
        <label>
          Venue
          <select name="venue" defaultValue={query.venue ?? ''}>
            <option value="">Any</option>
            {venues.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select name="kind" defaultValue={query.kind ?? ''}>
            <option value="">Any</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k.toLowerCase().replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Account
          <select name="account" defaultValue={query.account ?? ''}>
            <option value="">Any</option>
            {accounts.edges.map(({ node }) => (
              <option key={node.id} value={node.id}>
                {node.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" name="closed" value="1" defaultChecked={query.closed} /> Include closed
        </label>
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <button type="submit">Apply</button>
        <Link href={base}>Reset</Link>
      </form>
      <p role="status" data-testid="position-count">
        {positions.totalCount} position{positions.totalCount === 1 ? '' : 's'} match.
      </p>
      {positions.edges.length === 0 ? (
        <EmptyState title="No positions match">
          <p>Change the filters, or import a position file.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table data-testid="positions-table">
            <caption className="visually-hidden">Positions, sorted by {SORT_LABELS[query.sort]}</caption>
            <thead>
              <tr>
                <SortHeader base={base} query={query} field="INSTRUMENT" />
                <th scope="col">Venue</th>
                <th scope="col">Kind</th>
                <th scope="col">Account</th>
                <SortHeader base={base} query={query} field="QUANTITY" className="num" />
                <th scope="col" className="num">
                  Entry price
                </th>
                <th scope="col" className="num">
                  Leverage
                </th>
                <SortHeader base={base} query={query} field="EXPIRY" />
                <SortHeader base={base} query={query} field="UPDATED_AT" />
              </tr>
            </thead>
            <tbody>
              {positions.edges.map(({ node: p }) => (
                <tr key={p.id}>
                  <th scope="row">{p.instrument.symbol}</th>
                  <td>{p.instrument.venue}</td>
                  <td>
                    {p.instrument.kind.toLowerCase().replace('_', ' ')}
                    {p.instrument.settlement ? (
                      <span className="badge">{p.instrument.settlement.toLowerCase()}</span>
                    ) : null}
                  </td>
                  <td>{p.account.name}</td>
                  <td className={`num ${p.quantity.startsWith('-') ? 'neg' : ''}`}>
                    {formatDecimal(p.quantity)}
                  </td>
                  <td className="num">{formatDecimal(p.entryPrice)}</td>
                  <td className="num">{p.leverage ? `${formatDecimal(p.leverage)}x` : '—'}</td>
                  <td>{formatDate(p.instrument.expiry)}</td>
                  <td>{formatDate(p.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Pages of positions">
        {positions.pageInfo.hasPreviousPage || query.after ? (
          <Link
            href={positionHref(base, {
              ...query,
              after: undefined,
              before: positions.pageInfo.startCursor ?? undefined,
            })}
            rel="prev"
          >
            ← Previous
          </Link>
        ) : null}
        {positions.pageInfo.hasNextPage || query.before ? (
          <Link
            href={positionHref(base, {
              ...query,
              before: undefined,
              after: positions.pageInfo.endCursor ?? undefined,
            })}
            rel="next"
          >
            Next →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
