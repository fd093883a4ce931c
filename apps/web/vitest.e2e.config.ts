import { defineConfig } from 'vitest/config';

// Browser tests (`pnpm test:e2e`): Debian's Chromium driven by playwright-core against the real stack
// (api, worker, web, PostgreSQL `dte_e2e`, Redis) started by e2e/global-setup.ts. One file at a time.
// No `root`: paths are relative to the repository root (where the scripts run), so a JSON report's
// `--outputFile` lands in the root's test-artifacts/ like the other suites'.
export default defineConfig({
  test: {
    name: 'web-e2e',
    include: ['apps/web/e2e/**/*.e2e.test.ts'],
    globalSetup: ['apps/web/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
