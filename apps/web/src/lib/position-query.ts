/** Orderings the api's `positions` connection offers. */
export const SORT_FIELDS = ['INSTRUMENT', 'QUANTITY', 'EXPIRY', 'UPDATED_AT', 'CREATED_AT'] as const;
const KINDS = ['SPOT', 'FUTURE', 'PERPETUAL', 'OPTION', 'LEVERAGED_TOKEN', 'LENDING_RESERVE'] as const;

/** The positions page's state, as kept in the URL. */
export interface PositionQuery {
  sort: (typeof SORT_FIELDS)[number];
  dir: 'ASC' | 'DESC';
  underlying?: string | undefined;
  venue?: string | undefined;
  kind?: (typeof KINDS)[number] | undefined;
  account?: string | undefined;
  closed: boolean;
  after?: string | undefined;
  before?: string | undefined;
}

function one(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  const trimmed = v?.trim();
  return trimmed ? trimmed : undefined;
}

/** Reads the URL's search params; unknown values fall back to the defaults (never an error). */
export function parsePositionQuery(params: Record<string, string | string[] | undefined>): PositionQuery {
  const sort = one(params.sort);
  const kind = one(params.kind);
  const underlying = one(params.underlying)?.toUpperCase();
  return {
    sort: (SORT_FIELDS as readonly string[]).includes(sort ?? '')
      ? (sort as PositionQuery['sort'])
      : 'INSTRUMENT',
    dir: one(params.dir) === 'DESC' ? 'DESC' : 'ASC',
    underlying,
    venue: one(params.venue),
    kind: (KINDS as readonly string[]).includes(kind ?? '') ? (kind as PositionQuery['kind']) : undefined,
    account: one(params.account),
    closed: one(params.closed) === '1',
    after: one(params.after),
    before: one(params.before),
  };
}

/** The URL of a positions page state (defaults left out). */
export function positionHref(base: string, query: PositionQuery): string {
  const search = new URLSearchParams();
  if (query.sort !== 'INSTRUMENT') search.set('sort', query.sort);
  if (query.dir !== 'ASC') search.set('dir', query.dir);
  if (query.underlying) search.set('underlying', query.underlying);
  if (query.venue) search.set('venue', query.venue);
  if (query.kind) search.set('kind', query.kind);
  if (query.account) search.set('account', query.account);
  if (query.closed) search.set('closed', '1');
  if (query.after) search.set('after', query.after);
  if (query.before) search.set('before', query.before);
  const text = search.toString();
  return text ? `${base}?${text}` : base;
}
