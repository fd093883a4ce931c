/**
 * Measures the two ways of scoping a request's reads to a fund (docs/api.md "Database access"):
 * (a) one lazily opened, shared read-only transaction per request (RequestDb, what the api does);
 * (b) one `withTenant` transaction per field.
 * Each simulated request resolves FIELDS small reads concurrently, as sibling GraphQL fields do.
 * Run: `pnpm --filter @dte/api exec tsx bench/request-tx.ts` (needs the migrated dte_test).
 */
import { randomUUID } from 'node:crypto';
import { withTenant } from '@dte/db';
import { createTestClients, createTestFund, createTestUser } from '@dte/db/testing';
import { RequestDb } from '../src/db/request-db.ts';

const REQUESTS = 300;
const { admin, app, close } = createTestClients({ max: 10 });
const fund = await createTestFund(admin, 'api-bench');
const user = await createTestUser(admin, 'bench', { memberships: [{ fundId: fund.fundId, role: 'OWNER' }] });
const scope = { fundId: fund.fundId, userId: user.userId };

const field = (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) =>
  tx.membership.findMany({ where: { fundId: fund.fundId }, select: { id: true } });

async function time(name: string, fields: number, run: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 20; i += 1) await run();
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i += 1) await run();
  const ms = (performance.now() - started) / REQUESTS;
  process.stdout.write(`${name.padEnd(44)} fields=${fields}  ${ms.toFixed(2)} ms/request\n`);
}

try {
  for (const fields of [1, 5, 20]) {
    await time('shared read tx per request (RequestDb)', fields, async () => {
      const db = new RequestDb(app, { ...scope, apiKeyId: null, requestId: randomUUID() });
      await Promise.all(Array.from({ length: fields }, () => db.read(field)));
      await db.release();
    });
    await time('withTenant per field', fields, () =>
      Promise.all(Array.from({ length: fields }, () => withTenant(app, scope, field))),
    );
  }
} finally {
  await user.cleanup();
  await fund.cleanup();
  await close();
}
