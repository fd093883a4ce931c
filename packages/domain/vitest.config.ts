import { defineProject } from 'vitest/config';

// Integration tests run against the real PostgreSQL test database (dte_test, as dte_app), migrated
// once by the db package's global setup.
export default defineProject({
  test: {
    name: 'domain',
    include: ['src/**/*.test.ts'],
    globalSetup: ['../db/src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
