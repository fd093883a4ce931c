import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClients, createTestUser, type TestUser } from '../src/testing/index.ts';
import { expectPgError } from './support/expect-pg.ts';
import { type FundRefs, rowInsert, seedFundRows, type TenantTable } from './support/tenant-rows.ts';

const { admin, close } = createTestClients();
let user: TestUser;
let fund: { refs: FundRefs; keys: Record<TenantTable, string> };
const globalInstruments: string[] = [];
const globalPrices: string[] = [];

beforeAll(async () => {
  user = await createTestUser(admin, 'constraints');
  fund = await seedFundRows(admin, user.userId);
});

afterAll(async () => {
  if (fund) await admin.fund.deleteMany({ where: { id: fund.refs.fundId } });
  await admin.instrument.deleteMany({ where: { id: { in: globalInstruments } } });
  await admin.priceHistory.deleteMany({ where: { id: { in: globalPrices } } });
  await user?.cleanup();
  await close();
});

/** Updates the seeded row of `table` (owner role: no RLS, only constraints apply). */
function update(table: TenantTable, set: string): Promise<number> {
  const key = table === 'risk_run_chunk' ? 'run_id' : 'id';
  return admin.$executeRawUnsafe(`update ${table} set ${set} where ${key} = $1::uuid`, fund.keys[table]);
}

describe('CHECK constraints', () => {
  it('every numeric and floating-point column has a CHECK that mentions NaN', async () => {
    const rows = await admin.$queryRaw<{ table: string; column: string; checked: boolean }[]>`
      select c.table_name as table, c.column_name as column,
        exists (
          select 1 from pg_constraint k
          where k.conrelid = format('public.%I', c.table_name)::regclass and k.contype = 'c'
            and pg_get_constraintdef(k.oid) like '%' || c.column_name || '%'
            and pg_get_constraintdef(k.oid) like '%NaN%'
        ) as checked
      from information_schema.columns c
      where c.table_schema = 'public' and c.data_type in ('numeric', 'double precision', 'real')
      order by 1, 2`;
    expect(rows.length).toBeGreaterThanOrEqual(26);
    expect(rows.filter((r) => !r.checked)).toEqual([]);
  });

  it("rejects 'NaN' in every numeric and floating-point column", async () => {
    const columns = await admin.$queryRaw<{ table: TenantTable; column: string }[]>`
      select table_name as table, column_name as column from information_schema.columns
      where table_schema = 'public' and data_type in ('numeric', 'double precision', 'real')
      order by 1, 2`;
    const accepted: string[] = [];
    for (const { table, column } of columns) {
      try {
        const n = await update(table, `"${column}" = 'NaN'`);
        accepted.push(`${table}.${column} (${n} rows)`);
      } catch (error) {
        expect(String(error)).toContain('23514');
      }
    }
    expect(accepted).toEqual([]);
  });

  it.each([
    ['instrument', 'contract_size = 0'],
    ['instrument', 'contract_size = -1'],
    ['instrument', 'strike = -5'],
    ['instrument', 'tick_size = 0'],
    ['instrument', 'liquidation_threshold = 1.2'],
    ['instrument', 'liquidation_threshold = 0'],
    ['instrument', 'liquidation_bonus = 0.95'],
    ['instrument', 'initial_margin_rate = 1.5'],
    ['instrument', 'initial_margin_rate = 0.01, maintenance_margin_rate = 0.02'],
    ['instrument', 'loan_to_value = 0.9, liquidation_threshold = 0.8'],
    ['instrument', 'close_factor = 0'],
    ['instrument', 'target_leverage = 0'],
    ['instrument', "option_type = 'CALL'"],
    ['instrument', "kind = 'OPTION'"],
    ['instrument', "kind = 'FUTURE'"],
    ['instrument', "settlement = 'QUANTO'"],
    ['instrument', 'settlement = NULL'],
    ['position', 'entry_price = 0'],
    ['position', 'leverage = 0'],
    ['position', 'isolated_margin = -1'],
    ['position', 'stop_price = -1'],
    ['lending_position', 'quantity = -1'],
    ['market_snapshot', 'rate = 1.5'],
    ['market_quote', 'value = 0'],
    ['market_quote', "kind = 'VOL', value = 50"],
    ['market_quote', "kind = 'FORWARD'"],
    ['market_quote', 'strike = 100'],
    ['price_history', 'close = 0'],
    ['risk_limit', 'threshold = -1'],
    ['risk_limit', 'warn_at = 1.5'],
    ['risk_run', 'progress = 1.5'],
    ['risk_run', 'progress = -0.1'],
    ['risk_run', "progress = 'Infinity'"],
    ['risk_run', 'chunks_total = 2, chunks_done = 3'],
    ['risk_run', 'attempts = -1'],
    ['risk_run_chunk', 'chunk_index = -1'],
    ['schedule', 'every_seconds = 30'],
    ['schedule', "cron = '*/5 * * * *'"],
    ['schedule', 'every_seconds = NULL'],
    ['api_key', 'key_hash = upper(key_hash)'],
    ['fund', "slug = 'Not A Slug'"],
  ] as [TenantTable, string][])('%s: rejects %s', async (table, set) => {
    await expectPgError(update(table, set), '23514');
  });

  it('accepts values on the domain boundaries', async () => {
    expect(await update('risk_run', 'progress = 1')).toBe(1);
    expect(await update('risk_run', 'progress = 0')).toBe(1);
    expect(await update('balance', 'quantity = -5')).toBe(1);
    expect(await update('lending_position', 'quantity = 0')).toBe(1);
    expect(await update('instrument', 'liquidation_threshold = 1, liquidation_bonus = 1')).toBe(1);
    expect(await update('schedule', "every_seconds = NULL, cron = '0 * * * *'")).toBe(1);
    expect(await update('schedule', 'every_seconds = 60, cron = NULL')).toBe(1);
  });

  it('keeps e-mail addresses lower-case and failed login counts non-negative', async () => {
    await expectPgError(
      admin.$executeRawUnsafe(`update app_user set email = upper(email) where id = $1::uuid`, user.userId),
      '23514',
    );
    await expectPgError(
      admin.$executeRawUnsafe(`update app_user set failed_login_count = -1 where id = $1::uuid`, user.userId),
      '23514',
    );
  });

  it('requires strike, expiry and type on options', async () => {
    const id = randomUUID();
    const option = (fields: string, values: string) =>
      admin.$executeRawUnsafe(
        `insert into instrument (id, fund_id, venue, symbol, kind, settlement, underlying, quote_currency, settlement_currency, contract_size, updated_at${fields})
         values ($1::uuid, $2::uuid, 'test', $3, 'OPTION', 'INVERSE', 'BTC', 'USD', 'BTC', 1, now()${values})`,
        id,
        fund.refs.fundId,
        `BTC-OPT-${id}`,
      );
    await expectPgError(option(', strike, expiry', ", 60000, now() + interval '30 days'"), '23514');
    await expectPgError(option(', option_type, expiry', ", 'CALL', now() + interval '30 days'"), '23514');
    await expectPgError(option(', option_type, strike', ", 'CALL', 60000"), '23514');
    expect(await option(', option_type, strike, expiry', ", 'PUT', 60000, now() + interval '30 days'")).toBe(
      1,
    );
  });
});

describe('unique indexes Prisma cannot express', () => {
  const globalInstrument = (id: string, symbol: string) =>
    admin.$executeRawUnsafe(
      `insert into instrument (id, venue, symbol, kind, underlying, quote_currency, settlement_currency, contract_size, updated_at)
       values ($1::uuid, 'test-unique', $2, 'SPOT', 'ETH', 'USD', 'ETH', 1, now())`,
      id,
      symbol,
    );

  it('instrument (venue, symbol, fund_id) is unique with NULLS NOT DISTINCT', async () => {
    const symbol = `ETH-${randomUUID()}`;
    const first = randomUUID();
    globalInstruments.push(first);
    expect(await globalInstrument(first, symbol)).toBe(1);
    await expectPgError(globalInstrument(randomUUID(), symbol), '23505');
    // The same symbol is fine for a fund's private row.
    const own = rowInsert('instrument', fund.refs, randomUUID(), 7);
    expect(
      await admin.$executeRawUnsafe(
        own.sql.replace("'test'", "'test-unique'"),
        own.params[0],
        own.params[1],
        symbol,
      ),
    ).toBe(1);
  });

  it('price_history (fund_id, token, date) is unique with NULLS NOT DISTINCT', async () => {
    const token = `U${randomUUID().slice(0, 8)}`;
    const insert = (id: string) =>
      admin.$executeRawUnsafe(
        `insert into price_history (id, token, date, close, source) values ($1::uuid, $2, date '2024-03-01', 1, 'test')`,
        id,
        token,
      );
    const first = randomUUID();
    globalPrices.push(first);
    expect(await insert(first)).toBe(1);
    await expectPgError(insert(randomUUID()), '23505');
  });

  it('alert allows one not-cleared alert per (limit, subject)', async () => {
    const second = rowInsert('alert', fund.refs, randomUUID(), 0);
    await expectPgError(admin.$executeRawUnsafe(second.sql, ...second.params), '23505');
    await admin.$executeRawUnsafe(
      `update alert set status = 'CLEARED', cleared_at = now() where id = $1::uuid`,
      fund.keys.alert,
    );
    expect(await admin.$executeRawUnsafe(second.sql, ...second.params)).toBe(1);
  });
});
