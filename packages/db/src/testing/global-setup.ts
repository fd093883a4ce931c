import { migrateTestDatabase } from './migrate.ts';

/**
 * Vitest `globalSetup` for projects that touch the database: migrates `dte_test` once per run.
 * Use it as `globalSetup: ['../../packages/db/src/testing/global-setup.ts']` or call
 * `migrateTestDatabase()` from your own global setup.
 */
export default async function setup(): Promise<void> {
  await migrateTestDatabase();
}
