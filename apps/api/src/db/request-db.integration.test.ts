import { randomUUID } from 'node:crypto';
import {
  createTestClients,
  createTestFund,
  createTestUser,
  type TestFund,
  type TestUser,
} from '@dte/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingAuditError, RequestDb } from './request-db.ts';

/** The per-request database access against dte_test as the application role (RLS applies). */
describe('RequestDb (dte_app, row-level security)', () => {
  const { admin, app, close } = createTestClients({ max: 4 });
  let a: TestFund;
  let b: TestFund;
  let user: TestUser;

  beforeAll(async () => {
    a = await createTestFund(admin, 'api-rdb-a');
    b = await createTestFund(admin, 'api-rdb-b');
    user = await createTestUser(admin, 'rdb', { memberships: [{ fundId: a.fundId, role: 'OWNER' }] });
  });
  afterAll(async () => {
    await admin.auditLog.deleteMany({ where: { userId: user?.userId } });
    await user?.cleanup();
    await a?.cleanup();
    await b?.cleanup();
    await close();
  });

  const scopeA = () => ({
    fundId: a.fundId,
    userId: user.userId,
    apiKeyId: null,
    requestId: `test-${randomUUID()}`,
  });

  it('opens no transaction until the first read, then shares one across concurrent reads', async () => {
    const db = new RequestDb(app, scopeA());
    expect(db.stats.readTransactions).toBe(0);
    const [settings, funds, again] = await Promise.all([
      db.read(
        (tx) =>
          tx.$queryRaw<{ fund: string; user: string; ro: string }[]>`
          select current_setting('app.fund_id', true) as fund, current_setting('app.user_id', true) as user,
                 current_setting('transaction_read_only') as ro`,
      ),
      db.client.fund.findMany({ select: { id: true } }),
      db.read((tx) => tx.$queryRaw<{ pid: number }[]>`select pg_backend_pid() as pid`),
    ]);
    expect(settings[0]).toEqual({ fund: a.fundId, user: user.userId, ro: 'on' });
    expect(funds.map((f) => f.id)).toEqual([a.fundId]);
    const pid = await db.read((tx) => tx.$queryRaw<{ pid: number }[]>`select pg_backend_pid() as pid`);
    expect(pid[0]?.pid).toBe(again[0]?.pid);
    expect(db.stats.readTransactions).toBe(1);
    await db.release();
  });

  it('reads run read-only: a write through the read transaction fails', async () => {
    const db = new RequestDb(app, scopeA());
    await expect(
      db.read((tx) => tx.fund.update({ where: { id: a.fundId }, data: { name: 'x' } })),
    ).rejects.toThrow(/read-only/);
    await db.release();
    expect((await admin.fund.findUnique({ where: { id: a.fundId } }))?.name).toBe(a.name);
  });

  it('never sees another fund, even through the Prisma-plugin client', async () => {
    const db = new RequestDb(app, scopeA());
    expect(await db.client.fund.findUnique({ where: { id: b.fundId } })).toBeNull();
    await db.release();
  });

  it('refuses to read without a fund or a user, and after release', async () => {
    const anonymous = new RequestDb(app, { fundId: null, userId: null, apiKeyId: null, requestId: 'r' });
    await expect(anonymous.read((tx) => tx.fund.findMany())).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const db = new RequestDb(app, scopeA());
    await db.read((tx) => tx.fund.count());
    await db.release();
    await expect(db.read((tx) => tx.fund.count())).rejects.toThrow(/after the response/);
  });

  it('without a fund, reads as the user: own memberships and funds only', async () => {
    const db = new RequestDb(app, { fundId: null, userId: user.userId, apiKeyId: null, requestId: 'r' });
    const memberships = await db.client.membership.findMany({ select: { fundId: true } });
    expect(memberships).toEqual([{ fundId: a.fundId }]);
    await db.release();
    await expect(
      new RequestDb(app, { fundId: null, userId: user.userId, apiKeyId: null, requestId: 'r' }).write(
        async () => 1,
      ),
    ).rejects.toMatchObject({ code: 'FUND_NOT_SELECTED' });
  });

  it('writes commit together with their audit entries', async () => {
    const scope = scopeA();
    const db = new RequestDb(app, scope);
    await db.write(async (tx, audit) => {
      await tx.fund.update({ where: { id: a.fundId }, data: { baseCurrency: 'USDC' } });
      audit({
        action: 'fund.update',
        targetType: 'Fund',
        targetId: a.fundId,
        details: { password: 'p', to: 'USDC' },
      });
    });
    const rows = await admin.auditLog.findMany({ where: { requestId: scope.requestId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ fundId: a.fundId, userId: user.userId, action: 'fund.update' });
    expect(rows[0]?.details).toEqual({ password: '[redacted]', to: 'USDC' });
    expect((await admin.fund.findUnique({ where: { id: a.fundId } }))?.baseCurrency).toBe('USDC');
  });

  it('a failing write leaves neither the change nor its audit entry', async () => {
    const scope = scopeA();
    const db = new RequestDb(app, scope);
    await expect(
      db.write(async (tx, audit) => {
        await tx.fund.update({ where: { id: a.fundId }, data: { baseCurrency: 'EUR' } });
        audit({ action: 'fund.update' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(
      db.write(async (tx) => {
        await tx.fund.update({ where: { id: a.fundId }, data: { baseCurrency: 'EUR' } });
      }),
    ).rejects.toBeInstanceOf(MissingAuditError);
    expect((await admin.fund.findUnique({ where: { id: a.fundId } }))?.baseCurrency).toBe('USDC');
    expect(await admin.auditLog.count({ where: { requestId: scope.requestId } })).toBe(0);
  });

  it('writes cannot touch another fund (0 rows)', async () => {
    const db = new RequestDb(app, scopeA());
    const result = await db.write(async (tx, audit) => {
      audit({ action: 'test.cross_fund' });
      return tx.fund.updateMany({ where: { id: b.fundId }, data: { name: 'hijacked' } });
    });
    expect(result.count).toBe(0);
    expect((await admin.fund.findUnique({ where: { id: b.fundId } }))?.name).toBe(b.name);
  });
});
