import { randomUUID } from 'node:crypto';
import type { TenantTx } from '../../src/tenant.ts';

/**
 * Every table whose rows belong to a fund (has fund_id), plus `fund` itself: the tables row-level
 * security must cover. The RLS test also checks this list against the database catalog.
 */
export const TENANT_TABLES = [
  'fund',
  'membership',
  'api_key',
  'account',
  'instrument',
  'position',
  'balance',
  'lending_position',
  'market_snapshot',
  'market_quote',
  'price_history',
  'risk_limit',
  'alert',
  'risk_run',
  'risk_run_chunk',
  'risk_snapshot',
  'schedule',
  'audit_log',
] as const;
export type TenantTable = (typeof TENANT_TABLES)[number];

/** Tables with shared global rows (fund_id NULL). */
export const GLOBAL_ROW_TABLES = ['instrument', 'market_snapshot', 'market_quote', 'price_history'] as const;

/** The parent rows of a fund that other rows reference. */
export interface FundRefs {
  fundId: string;
  userId: string;
  accountId: string;
  instrumentId: string;
  snapshotId: string;
  limitId: string;
  runId: string;
}

/** One INSERT of one row: the row's key (for `id = $1` / run_id) and the statement. */
export interface RowInsert {
  table: TenantTable;
  key: string;
  sql: string;
  params: unknown[];
}

/** Column holding the row key (risk_run_chunk has a composite key; its run_id is used). */
export function keyColumn(table: TenantTable): string {
  return table === 'risk_run_chunk' ? 'run_id' : 'id';
}

/** Column holding the fund (the fund table's own id). */
export function fundColumn(table: TenantTable): string {
  return table === 'fund' ? 'id' : 'fund_id';
}

const hex64 = (id: string) => (id.replace(/-/g, '') + id.replace(/-/g, '')).slice(0, 64);

/**
 * The INSERT of one row of `table` for the fund of `refs`. `id` is the new row's key and `n`
 * varies the values of unique columns so that several rows can be built per fund.
 */
export function rowInsert(table: TenantTable, refs: FundRefs, id: string, n: number): RowInsert {
  const f = refs.fundId;
  const at = (sql: string, ...params: unknown[]): RowInsert => ({ table, key: id, sql, params });
  switch (table) {
    case 'fund':
      return at(
        `insert into fund (id, name, slug, updated_at) values ($1::uuid, $2, $3, now())`,
        id,
        `RLS fund ${id}`,
        `rls-${id}`,
      );
    case 'membership':
      return at(
        `insert into membership (id, fund_id, user_id, role, updated_at) values ($1::uuid, $2::uuid, $3::uuid, 'ANALYST', now())`,
        id,
        f,
        refs.userId,
      );
    case 'api_key':
      return at(
        `insert into api_key (id, fund_id, name, prefix, key_hash, scope) values ($1::uuid, $2::uuid, 'key', $3, $4, 'READ')`,
        id,
        f,
        `dte_${id.slice(0, 8)}${n}`,
        hex64(id),
      );
    case 'account':
      return at(
        `insert into account (id, fund_id, name, venue, kind, updated_at) values ($1::uuid, $2::uuid, $3, 'deribit', 'EXCHANGE', now())`,
        id,
        f,
        `acct-${id}`,
      );
    case 'instrument':
      return at(
        `insert into instrument (id, fund_id, venue, symbol, kind, settlement, underlying, quote_currency, settlement_currency, contract_size, updated_at)
         values ($1::uuid, $2::uuid, 'test', $3, 'PERPETUAL', 'LINEAR', 'BTC', 'USD', 'USDT', 0.001, now())`,
        id,
        f,
        `PERP-${id}`,
      );
    case 'position':
      return at(
        `insert into position (id, fund_id, account_id, instrument_id, quantity, entry_price, updated_at)
         values ($1::uuid, $2::uuid, $3::uuid, $4::uuid, 10, 50000, now())`,
        id,
        f,
        refs.accountId,
        refs.instrumentId,
      );
    case 'balance':
      return at(
        `insert into balance (id, fund_id, account_id, token, kind, quantity, updated_at) values ($1::uuid, $2::uuid, $3::uuid, $4, 'SPOT', 1.5, now())`,
        id,
        f,
        refs.accountId,
        `TKN${n}`,
      );
    case 'lending_position':
      return at(
        `insert into lending_position (id, fund_id, account_id, protocol, token, side, quantity, updated_at)
         values ($1::uuid, $2::uuid, $3::uuid, 'aave-v3', $4, 'SUPPLY', 2, now())`,
        id,
        f,
        refs.accountId,
        `TKN${n}`,
      );
    case 'market_snapshot':
      return at(
        `insert into market_snapshot (id, fund_id, as_of, source, rate) values ($1::uuid, $2::uuid, now(), 'test', 0.05)`,
        id,
        f,
      );
    case 'market_quote':
      return at(
        `insert into market_quote (id, snapshot_id, fund_id, kind, token, value) values ($1::uuid, $2::uuid, $3::uuid, 'SPOT', 'BTC', 60000)`,
        id,
        refs.snapshotId,
        f,
      );
    case 'price_history':
      return at(
        `insert into price_history (id, fund_id, token, date, close, source) values ($1::uuid, $2::uuid, $3, date '2024-01-02', 42000, 'test')`,
        id,
        f,
        `TKN${n}`,
      );
    case 'risk_limit':
      return at(
        `insert into risk_limit (id, fund_id, name, kind, threshold, updated_at) values ($1::uuid, $2::uuid, 'limit', 'GROSS_NOTIONAL', 1000000, now())`,
        id,
        f,
      );
    case 'alert':
      return at(
        `insert into alert (id, fund_id, limit_id, subject, severity, message, value, threshold)
         values ($1::uuid, $2::uuid, $3::uuid, $4, 'WARNING', 'breach', 1200000, 1000000)`,
        id,
        f,
        refs.limitId,
        `subject-${n}`,
      );
    case 'risk_run':
      return at(
        `insert into risk_run (id, fund_id, kind, params, updated_at) values ($1::uuid, $2::uuid, 'MONTE_CARLO_VAR', '{}', now())`,
        id,
        f,
      );
    case 'risk_run_chunk':
      // The key is the run; `n` is the chunk index.
      return {
        table,
        key: refs.runId,
        sql: `insert into risk_run_chunk (run_id, chunk_index, fund_id, result) values ($1::uuid, $2, $3::uuid, '{}')`,
        params: [refs.runId, n, f],
      };
    case 'risk_snapshot':
      return at(
        `insert into risk_snapshot (id, fund_id, as_of, market_snapshot_id, exposures, risk) values ($1::uuid, $2::uuid, now(), $3::uuid, '[]', '{}')`,
        id,
        f,
        refs.snapshotId,
      );
    case 'schedule':
      return at(
        `insert into schedule (id, fund_id, kind, every_seconds, updated_at) values ($1::uuid, $2::uuid, $3::"ScheduleKind", 300, now())`,
        id,
        f,
        n === 0 ? 'RISK_SNAPSHOT' : 'LIMIT_CHECK',
      );
    case 'audit_log':
      return at(
        `insert into audit_log (id, fund_id, user_id, action) values ($1::uuid, $2::uuid, $3::uuid, 'test.action')`,
        id,
        f,
        refs.userId,
      );
  }
}

/** Something that runs raw SQL: the owner client or a tenant transaction. */
export type RawRunner = Pick<TenantTx, '$executeRawUnsafe'>;

/**
 * Inserts one row in every tenant table for a fund (fund row included), in dependency order,
 * through `runner` (the owner client). Returns the parents and the key of each table's row.
 */
export async function seedFundRows(
  runner: RawRunner,
  userId: string,
): Promise<{ refs: FundRefs; keys: Record<TenantTable, string> }> {
  const refs: FundRefs = {
    fundId: randomUUID(),
    userId,
    accountId: randomUUID(),
    instrumentId: randomUUID(),
    snapshotId: randomUUID(),
    limitId: randomUUID(),
    runId: randomUUID(),
  };
  const fixed: Partial<Record<TenantTable, string>> = {
    fund: refs.fundId,
    account: refs.accountId,
    instrument: refs.instrumentId,
    market_snapshot: refs.snapshotId,
    risk_limit: refs.limitId,
    risk_run: refs.runId,
  };
  const keys = {} as Record<TenantTable, string>;
  for (const table of TENANT_TABLES) {
    const insert = rowInsert(table, refs, fixed[table] ?? randomUUID(), 0);
    await runner.$executeRawUnsafe(insert.sql, ...insert.params);
    keys[table] = insert.key;
  }
  return { refs, keys };
}
