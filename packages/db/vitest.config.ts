import { defineProject } from 'vitest/config';

// Integration tests (`*.integration.test.ts`) run against the real PostgreSQL test database
// (TEST_DATABASE_URL / TEST_APP_DATABASE_URL), migrated once by the global setup.
export default defineProject({
  test: {
    name: 'db',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
