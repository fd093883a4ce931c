import pg from 'pg';

/**
 * Advisory lock key serialising DTE migrations on one PostgreSQL server (database creation, the
 * application role and its grants are server-wide). Distinct from the key Prisma's engine uses.
 */
export const MIGRATE_LOCK_KEY = 7_410_020_251;

/**
 * Runs `fn` while holding a session advisory lock on `url`'s server, so concurrent runs (several
 * test projects' global setups, two deploys) take turns.
 */
export async function withMigrateLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'dte-migrate-lock' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
    return await fn();
  } finally {
    await client.end();
  }
}
