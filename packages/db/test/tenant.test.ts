import { describe, expect, it } from 'vitest';
import { createPrismaClient } from '../src/client.ts';
import { TenantError } from '../src/errors.ts';
import { withTenant, withUser } from '../src/tenant.ts';
import { testUrls } from '../src/testing/urls.ts';

// Validation happens before any connection is taken from the pool.
const prisma = createPrismaClient({ url: testUrls().appUrl, max: 1 });
const FUND = '0b7f3c2e-5d1a-4e8b-9c3f-2a1d4e5f6a7b';

async function rejection(promise: Promise<unknown>): Promise<TenantError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TenantError);
  return error as TenantError;
}

describe('tenant scope validation', () => {
  it.each([['not-a-uuid'], [''], ["'; drop table fund; --"], [`${FUND}x`]])(
    'withTenant rejects fundId %j with INVALID_FUND_ID naming the value',
    async (fundId) => {
      const error = await rejection(withTenant(prisma, { fundId }, async () => 1));
      expect(error).toMatchObject({ code: 'INVALID_FUND_ID', field: 'fundId', value: fundId });
      expect(error.message).toBe(`fundId: must be a UUID (got ${JSON.stringify(fundId)})`);
    },
  );

  it('withTenant rejects a fundId that is not a string', async () => {
    const error = await rejection(withTenant(prisma, { fundId: 42 as unknown as string }, async () => 1));
    expect(error.message).toBe('fundId: must be a UUID (got 42)');
  });

  it('withTenant rejects a userId that is not a UUID', async () => {
    const error = await rejection(withTenant(prisma, { fundId: FUND, userId: 'bob' }, async () => 1));
    expect(error).toMatchObject({ code: 'INVALID_USER_ID', field: 'userId', value: 'bob' });
  });

  it('withUser rejects a userId that is not a UUID', async () => {
    const error = await rejection(withUser(prisma, 'admin', async () => 1));
    expect(error).toMatchObject({ code: 'INVALID_USER_ID', field: 'userId', value: 'admin' });
  });

  it('accepts upper-case UUIDs (normalised to lower case) and runs the unit of work', async () => {
    const seen = await withTenant(
      prisma,
      { fundId: FUND.toUpperCase() },
      (tx) => tx.$queryRaw<{ fund: string }[]>`select current_setting('app.fund_id', true) as fund`,
    );
    expect(seen).toEqual([{ fund: FUND }]);
    await prisma.$disconnect();
  });
});
