import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Fault tests (`pnpm test:faults`): real worker processes, a private redis-server, killed processes
// and connections. One file at a time: they spawn processes and must not starve each other of CPU.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'worker-faults',
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['../../packages/db/src/testing/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
