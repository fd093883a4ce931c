import { randomUUID } from 'node:crypto';

/**
 * Test defaults: the machine's local services. The readiness check only runs `SELECT 1`, so the
 * superuser's `postgres` database is enough and tests do not depend on `pnpm db:migrate`.
 */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';
export const TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A Redis key prefix unique to one test run, so parallel runs never share queues. */
export const uniquePrefix = (label: string): string => `test-${label}-${randomUUID().slice(0, 8)}`;
