import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../src/client.ts';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { userName } from '../src/migrate/pg-url.ts';
import { withTenant, withUser } from '../src/tenant.ts';
import {
  createTestClients,
  createTestFund,
  createTestUser,
  type TestFund,
  type TestUser,
} from '../src/testing/index.ts';
import { testUrls } from '../src/testing/urls.ts';
import { expectPgError } from './support/expect-pg.ts';
import {
  type FundRefs,
  fundColumn,
  GLOBAL_ROW_TABLES,
  keyColumn,
  rowInsert,
  seedFundRows,
  TENANT_TABLES,
  type TenantTable,
} from './support/tenant-rows.ts';

type Count = { n: number }[];

const clients = createTestClients({ max: 3 });
const { admin, app } = clients;
let user: TestUser;
let outsider: TestUser;
let fundC: TestFund;
let A: { refs: FundRefs; keys: Record<TenantTable, string> };
let B: { refs: FundRefs; keys: Record<TenantTable, string> };
const globals = {
  instrument: randomUUID(),
  market_snapshot: randomUUID(),
  market_quote: randomUUID(),
  price_history: randomUUID(),
};

/** Rows of `table` (optionally filtered) that the application role sees in a tenant transaction. */
async function countAs(fundId: string, sql: string, ...params: unknown[]): Promise<number> {
  const rows = await withTenant(app, { fundId }, (tx) => tx.$queryRawUnsafe<Count>(sql, ...params));
  return rows[0]?.n ?? -1;
}

beforeAll(async () => {
  user = await createTestUser(admin, 'rls-member');
  outsider = await createTestUser(admin, 'rls-outsider');
  A = await seedFundRows(admin, user.userId);
  B = await seedFundRows(admin, user.userId);
  fundC = await createTestFund(admin, 'rls-c');
  await admin.$executeRawUnsafe(
    `insert into instrument (id, venue, symbol, kind, underlying, quote_currency, settlement_currency, contract_size, updated_at)
     values ($1::uuid, 'test-global', $2, 'SPOT', 'BTC', 'USD', 'BTC', 1, now())`,
    globals.instrument,
    `BTC-${globals.instrument}`,
  );
  await admin.$executeRawUnsafe(
    `insert into market_snapshot (id, as_of, source) values ($1::uuid, now(), 'test-global')`,
    globals.market_snapshot,
  );
  await admin.$executeRawUnsafe(
    `insert into market_quote (id, snapshot_id, kind, token, value) values ($1::uuid, $2::uuid, 'SPOT', 'BTC', 60000)`,
    globals.market_quote,
    globals.market_snapshot,
  );
  await admin.$executeRawUnsafe(
    `insert into price_history (id, token, date, close, source) values ($1::uuid, $2, date '2024-01-01', 42000, 'test-global')`,
    globals.price_history,
    `G${globals.price_history.slice(0, 8)}`,
  );
});

afterAll(async () => {
  for (const f of [A, B]) if (f) await admin.fund.deleteMany({ where: { id: f.refs.fundId } });
  await fundC?.cleanup();
  await admin.marketSnapshot.deleteMany({ where: { id: globals.market_snapshot } });
  await admin.priceHistory.deleteMany({ where: { id: globals.price_history } });
  await admin.instrument.deleteMany({ where: { id: globals.instrument } });
  await user?.cleanup();
  await outsider?.cleanup();
  await clients.close();
});

describe('the application role', () => {
  it('is neither superuser nor BYPASSRLS', async () => {
    const rows = await app.$queryRaw<{ role: string; rolsuper: boolean; rolbypassrls: boolean }[]>`
      select current_user as role, rolsuper, rolbypassrls from pg_roles where rolname = current_user`;
    expect(rows).toEqual([{ role: userName(testUrls().appUrl), rolsuper: false, rolbypassrls: false }]);
  });

  it('faces ENABLEd and FORCEd row-level security on fund and on every table with fund_id', async () => {
    const rows = await admin.$queryRaw<{ table: string; rls: boolean; forced: boolean; fund_id: boolean }[]>`
      select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
             exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'fund_id' and not a.attisdropped) as fund_id
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' order by 1`;
    const tenant = rows.filter((r) => r.fund_id || r.table === 'fund').map((r) => r.table);
    expect(tenant.sort()).toEqual([...TENANT_TABLES].sort());
    for (const r of rows.filter((r) => tenant.includes(r.table))) {
      expect({ table: r.table, rls: r.rls, forced: r.forced }).toEqual({
        table: r.table,
        rls: true,
        forced: true,
      });
    }
    // Tables without fund data carry no RLS (documented in docs/database.md).
    expect(rows.filter((r) => !r.rls).map((r) => r.table)).toEqual([
      '_prisma_migrations',
      'app_user',
      'session',
    ]);
  });
});

describe('without a fund', () => {
  it.each(TENANT_TABLES)('%s returns no rows when app.fund_id is unset', async (table) => {
    const rows = await app.$queryRawUnsafe<Count>(`select count(*)::int as n from ${table}`);
    expect(rows[0]?.n).toBe(0);
  });

  it("returns no rows and raises no error when app.fund_id is ''", async () => {
    const counts = await app.$transaction(async (tx) => {
      await tx.$queryRaw`select set_config('app.fund_id', '', true), set_config('app.user_id', '', true)`;
      const out: number[] = [];
      for (const table of TENANT_TABLES) {
        const rows = await tx.$queryRawUnsafe<Count>(`select count(*)::int as n from ${table}`);
        out.push(rows[0]?.n ?? -1);
      }
      return out;
    });
    expect(counts).toEqual(TENANT_TABLES.map(() => 0));
  });
});

describe('with fund A set', () => {
  it.each(TENANT_TABLES)('%s shows fund A rows and never a row of another fund', async (table) => {
    const col = fundColumn(table);
    expect(
      await countAs(
        A.refs.fundId,
        `select count(*)::int as n from ${table} where ${col} = $1::uuid`,
        A.refs.fundId,
      ),
    ).toBeGreaterThan(0);
    expect(
      await countAs(
        A.refs.fundId,
        `select count(*)::int as n from ${table} where ${col} = $1::uuid`,
        B.refs.fundId,
      ),
    ).toBe(0);
    expect(
      await countAs(
        A.refs.fundId,
        `select count(*)::int as n from ${table} where ${col} <> $1::uuid`,
        A.refs.fundId,
      ),
    ).toBe(0);
  });

  it('scopes Prisma model queries too', async () => {
    const accounts = await withTenant(app, { fundId: A.refs.fundId }, (tx) => tx.account.findMany());
    expect(accounts.map((a) => a.id)).toEqual([A.refs.accountId]);
    await expectPgError(
      withTenant(app, { fundId: A.refs.fundId }, (tx) =>
        tx.account.create({
          data: { fundId: B.refs.fundId, name: 'intruder', venue: 'x', kind: 'EXCHANGE' },
        }),
      ),
      '42501',
    );
  });

  it.each(TENANT_TABLES)('%s rejects inserting a fund B row', async (table) => {
    const insert = rowInsert(table, B.refs, randomUUID(), 1);
    await expectPgError(
      withTenant(app, { fundId: A.refs.fundId }, (tx) => tx.$executeRawUnsafe(insert.sql, ...insert.params)),
      '42501',
    );
  });

  it.each(TENANT_TABLES)('%s rejects an update that moves a fund A row to fund B', async (table) => {
    const sql = `update ${table} set ${fundColumn(table)} = $1::uuid where ${keyColumn(table)} = $2::uuid`;
    await expectPgError(
      withTenant(app, { fundId: A.refs.fundId }, (tx) =>
        tx.$executeRawUnsafe(sql, B.refs.fundId, A.keys[table]),
      ),
      '42501',
    );
  });

  it.each(TENANT_TABLES.filter((t) => t !== 'audit_log'))(
    '%s: updates and deletes of fund B rows touch 0 rows',
    async (table) => {
      const col = fundColumn(table);
      const touched = await withTenant(app, { fundId: A.refs.fundId }, async (tx) => [
        await tx.$executeRawUnsafe(
          `update ${table} set ${col} = ${col} where ${col} = $1::uuid`,
          B.refs.fundId,
        ),
        await tx.$executeRawUnsafe(`delete from ${table} where ${col} = $1::uuid`, B.refs.fundId),
      ]);
      expect(touched).toEqual([0, 0]);
      const left = await admin.$queryRawUnsafe<Count>(
        `select count(*)::int as n from ${table} where ${col} = $1::uuid`,
        B.refs.fundId,
      );
      expect(left[0]?.n).toBeGreaterThan(0);
    },
  );

  it('audit_log is append-only: updates and deletes are refused', async () => {
    for (const sql of ['update audit_log set action = action', 'delete from audit_log']) {
      const error = await expectPgError(
        withTenant(app, { fundId: A.refs.fundId }, (tx) => tx.$executeRawUnsafe(sql)),
        '42501',
      );
      expect(String(error)).toContain('permission denied');
    }
  });
});

describe('global catalog rows', () => {
  it.each(GLOBAL_ROW_TABLES)('%s: the global row is visible to fund A and to fund B', async (table) => {
    for (const fund of [A, B]) {
      expect(
        await countAs(
          fund.refs.fundId,
          `select count(*)::int as n from ${table} where id = $1::uuid`,
          globals[table],
        ),
      ).toBe(1);
    }
  });

  it.each(GLOBAL_ROW_TABLES)('%s: a fund cannot update, delete or insert global rows', async (table) => {
    const touched = await withTenant(app, { fundId: A.refs.fundId }, async (tx) => [
      await tx.$executeRawUnsafe(`update ${table} set fund_id = fund_id where id = $1::uuid`, globals[table]),
      await tx.$executeRawUnsafe(`delete from ${table} where id = $1::uuid`, globals[table]),
    ]);
    expect(touched).toEqual([0, 0]);
    const insert = rowInsert(table, { ...A.refs, fundId: null as unknown as string }, randomUUID(), 2);
    await expectPgError(
      withTenant(app, { fundId: A.refs.fundId }, (tx) => tx.$executeRawUnsafe(insert.sql, ...insert.params)),
      '42501',
    );
  });

  it('a fund can reference global rows but not another fund’s private ones', async () => {
    const position = rowInsert('position', { ...A.refs, instrumentId: globals.instrument }, randomUUID(), 3);
    await withTenant(app, { fundId: A.refs.fundId }, (tx) =>
      tx.$executeRawUnsafe(position.sql, ...position.params),
    );
    const stolen = rowInsert('position', { ...A.refs, instrumentId: B.refs.instrumentId }, randomUUID(), 4);
    await expectPgError(
      withTenant(app, { fundId: A.refs.fundId }, (tx) => tx.$executeRawUnsafe(stolen.sql, ...stolen.params)),
      '23503',
    );
    // Enforced for the owner too: a fund's quote cannot sit in another fund's snapshot.
    const quote = rowInsert('market_quote', { ...A.refs, snapshotId: B.refs.snapshotId }, randomUUID(), 5);
    await expectPgError(admin.$executeRawUnsafe(quote.sql, ...quote.params), '23503');
  });
});

describe('users across funds (withUser)', () => {
  it('a user sees their own memberships and the funds they belong to, nothing else', async () => {
    const seen = await withUser(app, user.userId, async (tx) => ({
      memberships: await tx.membership.findMany({ select: { fundId: true, userId: true } }),
      funds: await tx.fund.findMany({ select: { id: true } }),
      accounts: await tx.account.count(),
    }));
    expect(seen.memberships.map((m) => m.userId)).toEqual([user.userId, user.userId]);
    expect(seen.memberships.map((m) => m.fundId).sort()).toEqual([A.refs.fundId, B.refs.fundId].sort());
    expect(seen.funds.map((f) => f.id).sort()).toEqual([A.refs.fundId, B.refs.fundId].sort());
    expect(seen.accounts).toBe(0);
  });

  it('a user who is no member sees no fund and no membership', async () => {
    const seen = await withUser(app, outsider.userId, async (tx) => [
      await tx.fund.count(),
      await tx.membership.count(),
    ]);
    expect(seen).toEqual([0, 0]);
  });

  it('without a fund, a user cannot add themselves to a fund', async () => {
    await expectPgError(
      withUser(app, outsider.userId, (tx) =>
        tx.membership.create({ data: { fundId: fundC.fundId, userId: outsider.userId, role: 'OWNER' } }),
      ),
      '42501',
    );
  });

  it('user-level audit entries (fund_id NULL) can be appended and are read back by their user only', async () => {
    const entry = await withUser(app, outsider.userId, (tx) =>
      tx.auditLog.create({ data: { userId: outsider.userId, action: 'auth.login' } }),
    );
    expect(entry.fundId).toBeNull();
    const mine = await withUser(app, outsider.userId, (tx) => tx.auditLog.count({ where: { id: entry.id } }));
    const theirs = await withUser(app, user.userId, (tx) => tx.auditLog.count({ where: { id: entry.id } }));
    expect([mine, theirs]).toEqual([1, 0]);
    await admin.auditLog.deleteMany({ where: { id: entry.id } });
  });
});

describe('pooled connections', () => {
  let single: PrismaClient;
  beforeAll(() => {
    single = createPrismaClient({ url: testUrls().appUrl, max: 1 });
  });
  afterAll(async () => {
    await single.$disconnect();
  });

  it('do not keep the previous fund after withTenant commits or rolls back', async () => {
    const inside = await withTenant(single, { fundId: A.refs.fundId, userId: user.userId }, (tx) =>
      tx.account.count(),
    );
    expect(inside).toBe(1);
    const after = await single.$queryRaw<{ fund: string | null; user: string | null; n: number }[]>`
      select current_setting('app.fund_id', true) as fund, current_setting('app.user_id', true) as user,
             (select count(*)::int from account) as n`;
    expect(after[0]?.n).toBe(0);
    expect(after[0]?.fund ?? '').toBe('');
    expect(after[0]?.user ?? '').toBe('');

    await expect(
      withTenant(single, { fundId: A.refs.fundId }, async () => {
        throw new Error('unit of work failed');
      }),
    ).rejects.toThrow('unit of work failed');
    const afterRollback = await single.$queryRaw<Count>`select count(*)::int as n from position`;
    expect(afterRollback[0]?.n).toBe(0);
  });
});

describe('withTenant readOnly', () => {
  it('sets the fund and makes the transaction read-only in one statement; writes fail with 25006', async () => {
    const seen = await withTenant(
      app,
      { fundId: A.refs.fundId },
      (tx) =>
        tx.$queryRaw<{ fund: string; ro: string; n: number }[]>`
          select current_setting('app.fund_id') as fund, current_setting('transaction_read_only') as ro,
            (select count(*)::int from account) as n`,
      { readOnly: true },
    );
    expect(seen[0]).toMatchObject({ fund: A.refs.fundId, ro: 'on' });
    expect(seen[0]?.n).toBeGreaterThan(0);
    await expectPgError(
      withTenant(app, { fundId: A.refs.fundId }, (tx) => tx.$executeRaw`update account set name = name`, {
        readOnly: true,
      }),
      '25006',
    );
    // Without the option the same write works (and writes nothing new).
    expect(
      await withTenant(
        app,
        { fundId: A.refs.fundId },
        (tx) => tx.$executeRaw`update account set name = name`,
      ),
    ).toBeGreaterThan(0);
  });
});

describe('SECURITY DEFINER functions', () => {
  it('dte_api_key_lookup finds a key by its hash without a fund set', async () => {
    const hash = (await admin.apiKey.findUniqueOrThrow({ where: { id: A.keys.api_key } })).keyHash;
    const found = await app.$queryRaw<
      { id: string; fund_id: string; scope: string; revoked_at: Date | null }[]
    >`
      select id, fund_id, scope::text as scope, revoked_at from dte_api_key_lookup(${hash})`;
    expect(found).toEqual([{ id: A.keys.api_key, fund_id: A.refs.fundId, scope: 'READ', revoked_at: null }]);
    const none = await app.$queryRaw<unknown[]>`select * from dte_api_key_lookup(${'0'.repeat(64)})`;
    expect(none).toEqual([]);
    // The table itself stays hidden.
    expect(await app.apiKey.count()).toBe(0);
  });

  it("dte_session_lookup finds a session by its hash with its user's role in the asked fund only", async () => {
    const hash = randomUUID().replaceAll('-', '').padEnd(64, '0');
    const session = await admin.session.create({
      data: {
        userId: user.userId,
        tokenHash: hash,
        idleExpiresAt: new Date(Date.now() + 60_000),
        absoluteExpiresAt: new Date(Date.now() + 120_000),
      },
      select: { id: true },
    });
    try {
      const lookup = (fund: string | null) =>
        app.$queryRaw<{ id: string; user_id: string; role: string | null }[]>`
          select id, user_id, role::text as role from dte_session_lookup(${hash}, ${fund}::uuid)`;
      expect(await lookup(A.refs.fundId)).toEqual([
        { id: session.id, user_id: user.userId, role: 'ANALYST' },
      ]);
      // Not a member (fund C), no fund asked for: the session without a role.
      expect(await lookup(fundC.fundId)).toEqual([{ id: session.id, user_id: user.userId, role: null }]);
      expect(await lookup(null)).toEqual([{ id: session.id, user_id: user.userId, role: null }]);
      // The book version of the asked fund, for members only.
      const versions = async (fund: string) =>
        (
          await app.$queryRaw<{ v: string | null }[]>`
            select book_version::text as v from dte_session_lookup(${hash}, ${fund}::uuid)`
        )[0]?.v;
      const [ownA] = await admin.$queryRaw<{ v: string }[]>`
        select book_version::text as v from fund where id = ${A.refs.fundId}::uuid`;
      expect(await versions(A.refs.fundId)).toBe(ownA?.v);
      expect(await versions(fundC.fundId)).toBeNull();
      // A role change is seen by the next lookup.
      await admin.membership.updateMany({
        where: { fundId: A.refs.fundId, userId: user.userId },
        data: { role: 'VIEWER' },
      });
      expect((await lookup(A.refs.fundId))[0]?.role).toBe('VIEWER');
      await admin.membership.updateMany({
        where: { fundId: A.refs.fundId, userId: user.userId },
        data: { role: 'ANALYST' },
      });
      expect(
        await app.$queryRaw<
          unknown[]
        >`select * from dte_session_lookup(${'0'.repeat(64)}, ${A.refs.fundId}::uuid)`,
      ).toEqual([]);
      // The membership table itself stays hidden.
      expect(await app.membership.count()).toBe(0);
    } finally {
      await admin.session.delete({ where: { id: session.id } });
    }
  });

  it('dte_fund_ids lists every fund without a fund set', async () => {
    const rows = await app.$queryRaw<{ id: string }[]>`select dte_fund_ids() as id`;
    const ids = rows.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([A.refs.fundId, B.refs.fundId, fundC.fundId]));
    expect(await app.fund.count()).toBe(0);
  });
});
