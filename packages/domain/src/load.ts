/**
 * Loading a fund's book through a TENANT transaction (`withTenant` / the api's `ctx.db.read`): a
 * fixed number of SQL statements whatever the number of positions (1 to resolve the snapshot and
 * read the book version, 6 to load it), each filtered by the fund explicitly (row-level security is
 * the second wall). Numeric columns are cast to float8 in SQL: the conversion is PostgreSQL's
 * correctly rounded one, and no Decimal object is built per row.
 */
import type { TenantTx } from '@dte/db';
import { Prisma } from '@dte/db';
import type {
  BookAccount,
  BookBalance,
  BookInstrument,
  BookLending,
  BookPosition,
  BookQuote,
  BookSnapshot,
  FundBook,
} from './book.ts';
import { DomainError } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuid(value: string, what: string): string {
  if (!UUID.test(value))
    throw new DomainError('INVALID_ID', `${what} must be a UUID (got ${JSON.stringify(value)})`, value);
  return value.toLowerCase();
}

/** Which market snapshot to value the book with. */
export interface SnapshotChoice {
  /** A snapshot visible to the fund (global or its own); omitted: the latest one with a SPOT quote. */
  snapshotId?: string | null;
}

/** The resolved snapshot and the version of everything the book is built from. */
export interface BookVersion {
  snapshot: BookSnapshot;
  /**
   * `fund | snapshot id | fund.book_version`. The counter is bumped in the writing transaction by
   * statement-level triggers on every insert, update, delete or truncate of positions, balances,
   * lending rows, accounts, instruments, market snapshots and quotes of the fund, and of every
   * global (fund_id NULL) instrument, snapshot or quote (packages/db migration `book_version`, see
   * docs/database.md "Book version"). It is read in the same transaction (snapshot) as the load, so
   * two equal keys mean the same rows: a write visible to a request always gives it a new key.
   */
  key: string;
  /** `fund.book_version` alone. */
  version: string;
}

interface VersionRow {
  id: string | null;
  fundId: string | null;
  asOf: Date | null;
  source: string | null;
  rate: number | null;
  version: string | null;
}

/**
 * Resolves the snapshot and reads the fund's book version in ONE statement (constant cost: one
 * index lookup on `fund`, whatever the number of positions).
 * @throws DomainError `SNAPSHOT_NOT_FOUND` (the id is not a snapshot visible to the fund; a malformed
 *   id too, with `INVALID_ID` first), `NO_MARKET_SNAPSHOT` (no visible snapshot has a SPOT quote),
 *   `FUND_NOT_FOUND` (the fund row is not visible: no such fund, or no tenant scope).
 */
export async function loadBookVersion(
  tx: TenantTx,
  fundId: string,
  choice: SnapshotChoice = {},
): Promise<BookVersion> {
  const fund = uuid(fundId, 'fundId');
  const wanted = choice.snapshotId == null ? null : uuid(choice.snapshotId, 'snapshotId');
  const visible = Prisma.sql`(s.fund_id IS NULL OR s.fund_id = ${fund}::uuid)`;
  const pick =
    wanted === null
      ? Prisma.sql`SELECT s.id, s.fund_id, s.as_of, s.source, s.rate FROM market_snapshot s
          WHERE ${visible} AND EXISTS (SELECT 1 FROM market_quote q WHERE q.snapshot_id = s.id AND q.kind = 'SPOT')
          ORDER BY s.as_of DESC, (s.fund_id IS NULL) ASC, s.created_at DESC, s.id LIMIT 1`
      : Prisma.sql`SELECT s.id, s.fund_id, s.as_of, s.source, s.rate FROM market_snapshot s
          WHERE ${visible} AND s.id = ${wanted}::uuid`;
  const rows = await tx.$queryRaw<VersionRow[]>`
    WITH snap AS (${pick})
    SELECT snap.id::text AS "id", snap.fund_id::text AS "fundId", snap.as_of AS "asOf", snap.source,
      snap.rate::float8 AS "rate",
      (SELECT f.book_version::text FROM fund f WHERE f.id = ${fund}::uuid) AS "version"
    FROM (SELECT 1) one LEFT JOIN snap ON true`;
  const row = rows[0];
  if (!row || row.id === null || row.asOf === null) {
    if (wanted !== null)
      throw new DomainError(
        'SNAPSHOT_NOT_FOUND',
        `market snapshot ${JSON.stringify(wanted)} not found`,
        wanted,
      );
    throw new DomainError(
      'NO_MARKET_SNAPSHOT',
      'no market snapshot with a SPOT quote is visible to this fund: upload one or seed the demo market',
    );
  }
  const snapshot: BookSnapshot = {
    id: row.id,
    fundId: row.fundId,
    asOf: row.asOf,
    source: row.source ?? '',
    rate: row.rate ?? 0,
  };
  // No version: the fund row is not visible in this transaction (no such fund, or no tenant scope).
  if (row.version === null) throw new DomainError('FUND_NOT_FOUND', `fund ${fund} not found`, fund);
  return { snapshot, key: [fund, row.id, row.version].join('|'), version: row.version };
}

type QuoteRow = BookQuote & { fundId: string | null };

/**
 * Loads the book valued at `snapshot` (from {@link loadBookVersion}, same transaction): 6 statements
 * (quotes, accounts, instruments, positions, balances, lending rows).
 */
export async function loadBookAt(tx: TenantTx, fundId: string, snapshot: BookSnapshot): Promise<FundBook> {
  const fund = uuid(fundId, 'fundId');
  // Sequential: the statements share the transaction's one connection anyway.
  const quoteRows = await tx.$queryRaw<QuoteRow[]>`
    SELECT q.snapshot_id::text AS "snapshotId", s.fund_id::text AS "fundId", q.kind::text AS "kind", q.token,
      q.instrument_id::text AS "instrumentId", q.expiry, q.strike::float8 AS "strike", q.value::float8 AS "value"
    FROM market_quote q JOIN market_snapshot s ON s.id = q.snapshot_id
    WHERE s.as_of = ${snapshot.asOf} AND (s.fund_id IS NULL OR s.fund_id = ${fund}::uuid)
    ORDER BY (q.snapshot_id = ${snapshot.id}::uuid) DESC, (s.fund_id IS NULL) ASC, s.created_at DESC, q.id`;
  const accounts = await tx.$queryRaw<BookAccount[]>`
    SELECT id::text AS "id", name, venue, kind::text AS "kind", margin_mode::text AS "marginMode"
    FROM account WHERE fund_id = ${fund}::uuid ORDER BY created_at, id`;
  const instruments = await tx.$queryRaw<BookInstrument[]>`
    SELECT i.id::text AS "id", i.fund_id::text AS "fundId", i.venue, i.symbol, i.kind::text AS "kind",
      i.settlement::text AS "settlement", i.underlying, i.quote_currency AS "quoteCurrency",
      i.settlement_currency AS "settlementCurrency", i.contract_size::float8 AS "contractSize",
      i.multiplier::float8 AS "multiplier", i.expiry, i.strike::float8 AS "strike",
      i.option_type::text AS "optionType", i.maintenance_margin_rate::float8 AS "maintenanceMarginRate",
      i.margin_tiers AS "marginTiers", i.target_leverage::float8 AS "targetLeverage",
      i.liquidation_threshold::float8 AS "liquidationThreshold", i.liquidation_bonus::float8 AS "liquidationBonus"
    FROM instrument i
    WHERE (i.fund_id IS NULL OR i.fund_id = ${fund}::uuid)
      AND (EXISTS (SELECT 1 FROM position p WHERE p.fund_id = ${fund}::uuid AND p.instrument_id = i.id)
        OR EXISTS (SELECT 1 FROM lending_position l WHERE l.fund_id = ${fund}::uuid AND l.instrument_id = i.id))`;
  const positions = await tx.$queryRaw<BookPosition[]>`
    SELECT id::text AS "id", account_id::text AS "accountId", instrument_id::text AS "instrumentId",
      quantity::float8 AS "quantity", entry_price::float8 AS "entryPrice", margin_mode::text AS "marginMode",
      isolated_margin::float8 AS "isolatedMargin", leverage::float8 AS "leverage",
      stop_price::float8 AS "stopPrice", external_ref AS "externalRef"
    FROM position WHERE fund_id = ${fund}::uuid ORDER BY created_at, id`;
  const balances = await tx.$queryRaw<BookBalance[]>`
    SELECT id::text AS "id", account_id::text AS "accountId", token, kind::text AS "kind",
      quantity::float8 AS "quantity"
    FROM balance WHERE fund_id = ${fund}::uuid ORDER BY created_at, id`;
  const lendings = await tx.$queryRaw<BookLending[]>`
    SELECT id::text AS "id", account_id::text AS "accountId", protocol, market, token, side::text AS "side",
      quantity::float8 AS "quantity", used_as_collateral AS "usedAsCollateral",
      instrument_id::text AS "instrumentId"
    FROM lending_position WHERE fund_id = ${fund}::uuid ORDER BY created_at, id`;
  const quotes: BookQuote[] = quoteRows.map(({ fundId: _fund, ...q }) => q);
  return { fundId: fund, snapshot, quotes, accounts, instruments, positions, balances, lendings };
}

/** {@link loadBookVersion} then {@link loadBookAt}: 7 statements. */
export async function loadBook(tx: TenantTx, fundId: string, choice: SnapshotChoice = {}): Promise<FundBook> {
  const { snapshot } = await loadBookVersion(tx, fundId, choice);
  return loadBookAt(tx, fundId, snapshot);
}
