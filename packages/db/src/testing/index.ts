/**
 * Helpers for integration tests against the real test database (`@dte/db/testing`).
 * Each test creates its own uniquely named rows (createTestFund / createTestUser) and removes them
 * in `afterAll`; the database itself is migrated once by the project's global setup.
 */
export { createTestClients, type TestClients } from './clients.ts';
export {
  createTestFund,
  createTestUser,
  type TestFund,
  type TestUser,
  type TestUserOptions,
} from './fixtures.ts';
export { migrateTestDatabase } from './migrate.ts';
export { type TestUrls, testUrls } from './urls.ts';
