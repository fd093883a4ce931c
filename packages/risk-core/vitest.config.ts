import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'risk-core', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
