import { defineConfig } from 'vitest/config';

// One vitest run for the whole monorepo; each package is a project so its own setup applies.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'scripts/vitest.config.ts'],
  },
});
