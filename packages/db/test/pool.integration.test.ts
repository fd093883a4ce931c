/**
 * Connections whose server process is terminated (pg_terminate_backend, FATAL 57P01) while they are
 * checked out between statements: the process must not die of an unhandled 'error' event, the error
 * is reported, the pool drops the connection and the next unit of work runs on a fresh one.
 * (An unhandled 'error' event is an uncaught exception: vitest fails the run on it.)
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgPool, createPrismaClient } from '../src/client.ts';
import { withUser } from '../src/tenant.ts';
import { testUrls } from '../src/testing/urls.ts';

const admin = createPgPool({ url: testUrls().ownerUrl, max: 1, applicationName: 'dte-test-pool-admin' });
const pools: pg.Pool[] = [admin];

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
});

async function terminate(pid: number): Promise<void> {
  const { rows } = await admin.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid]);
  expect(rows[0]?.ok).toBe(true);
}

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not seen after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('createPgPool: a connection terminated while checked out', () => {
  it('reports the error instead of crashing, and the pool replaces the connection', async () => {
    const errors: Error[] = [];
    const pool = createPgPool({
      url: testUrls().appUrl,
      max: 1,
      applicationName: `dte-test-pool-${randomUUID().slice(0, 8)}`,
      onConnectionError: (e) => errors.push(e),
    });
    pools.push(pool);
    // Checked out, no query running: neither pg-pool nor a query listens for its errors now.
    const client = await pool.connect();
    const before = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    expect(before).toBeGreaterThan(0);
    await terminate(before as number);
    await until('the connection error', () => errors.length > 0);
    expect((errors[0] as Error & { code?: string }).code).toBe('57P01');
    // The broken client fails its next query with an ordinary error ...
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release();
    // ... and the pool (max 1) drops it: the next query runs on a new server process.
    const after = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    expect(after).toBeGreaterThan(0);
    expect(after).not.toBe(before);
  });

  it('a Prisma transaction whose connection is terminated fails, and the next one succeeds', async () => {
    const errors: Error[] = [];
    const prisma = createPrismaClient({
      url: testUrls().appUrl,
      max: 1,
      applicationName: `dte-test-prisma-${randomUUID().slice(0, 8)}`,
      onConnectionError: (e) => errors.push(e),
    });
    const userId = randomUUID();
    try {
      let pid = 0;
      const failed = await withUser(prisma, userId, async (tx) => {
        pid = (await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0]?.pid ?? 0;
        await terminate(pid);
        await until('the connection error', () => errors.length > 0);
        return tx.$queryRaw`SELECT 1`;
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(failed).toBeInstanceOf(Error);
      const next = await withUser(
        prisma,
        userId,
        (tx) => tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`,
      );
      expect(next[0]?.pid).toBeGreaterThan(0);
      expect(next[0]?.pid).not.toBe(pid);
    } finally {
      await prisma.$disconnect();
    }
  });
});
