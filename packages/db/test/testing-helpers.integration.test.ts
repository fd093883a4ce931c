import { afterAll, describe, expect, it } from 'vitest';
import { DbError } from '../src/errors.ts';
import { withTenant } from '../src/tenant.ts';
import { createTestClients, createTestFund, createTestUser } from '../src/testing/index.ts';

const { admin, app, close } = createTestClients();
afterAll(close);

describe('@dte/db/testing fixtures', () => {
  it('createTestFund makes a uniquely named fund that cleanup removes with everything it owns', async () => {
    const fund = await createTestFund(admin, 'helpers');
    expect(fund.slug).toBe(`helpers-${fund.fundId}`);
    const user = await createTestUser(admin, 'Helper', {
      memberships: [{ fundId: fund.fundId, role: 'OWNER' }],
    });
    expect(user.email).toBe(`helper-${user.userId}@test.invalid`);
    await withTenant(app, { fundId: fund.fundId }, (tx) =>
      tx.account.create({ data: { fundId: fund.fundId, name: 'main', venue: 'deribit', kind: 'EXCHANGE' } }),
    );
    expect(await admin.membership.count({ where: { fundId: fund.fundId } })).toBe(1);

    await fund.cleanup();
    await fund.cleanup();
    expect(await admin.fund.count({ where: { id: fund.fundId } })).toBe(0);
    expect(await admin.account.count({ where: { fundId: fund.fundId } })).toBe(0);
    expect(await admin.membership.count({ where: { userId: user.userId } })).toBe(0);
    await user.cleanup();
    expect(await admin.user.count({ where: { id: user.userId } })).toBe(0);
  });

  it('createTestFund rejects a prefix outside the slug alphabet, naming it', async () => {
    const error = await createTestFund(admin, 'Bad Prefix').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DbError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'slugPrefix', value: 'Bad Prefix' });
  });
});
