import { defineProject } from 'vitest/config';

// Unit and integration tests (real Redis and PostgreSQL; `dte_test` migrated by the db package's
// global setup). The fault tests (test/faults) have their own project: vitest.faults.config.ts.
export default defineProject({
  test: {
    name: 'worker',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/faults/**', '**/node_modules/**'],
    globalSetup: ['../../packages/db/src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
