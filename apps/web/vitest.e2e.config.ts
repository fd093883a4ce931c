import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser tests (`pnpm test:e2e`): Debian's Chromium driven by playwright-core against the real stack
// (api, worker, web, PostgreSQL `dte_e2e`, Redis) started by e2e/global-setup.ts. One file at a time.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'web-e2e',
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['./e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
