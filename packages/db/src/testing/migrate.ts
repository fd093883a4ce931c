import { type MigrateResult, migrateDatabase } from '../migrate/apply.ts';
import { testUrls } from './urls.ts';

/**
 * Creates and migrates the test database and ensures the application role (idempotent; safe to
 * call from several vitest projects' global setups at once: runs take turns on an advisory lock).
 */
export function migrateTestDatabase(): Promise<MigrateResult> {
  const { ownerUrl, appUrl } = testUrls();
  return migrateDatabase({ url: ownerUrl, appUrl });
}
