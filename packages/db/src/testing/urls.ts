import { dbEnv } from '../env.ts';

/** Connection URLs of the test database (`dte_test` by default). */
export interface TestUrls {
  /** Owner/migrator: bypasses row-level security; for fixtures and clean-up. */
  ownerUrl: string;
  /** The application role: subject to row-level security, as the apps connect. */
  appUrl: string;
}

/** The test database URLs from TEST_DATABASE_URL / TEST_APP_DATABASE_URL (validated by src/env.ts). */
export function testUrls(): TestUrls {
  const env = dbEnv();
  return { ownerUrl: env.TEST_DATABASE_URL, appUrl: env.TEST_APP_DATABASE_URL };
}
