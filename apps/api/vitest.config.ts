import { defineProject } from 'vitest/config';

export default defineProject({
  // graphql 16 ships CJS (`main`) and ESM (`module`) builds. Node (tsx, and Pothos/Apollo loaded from
  // node_modules) resolves `graphql` to the CJS build; Vite would pick the ESM one for our sources,
  // giving two graphql realms ("Cannot use GraphQLScalarType from another module or realm").
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    name: 'api',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Migrates dte_test (and the dte_app role) once per run; integration tests connect as dte_app.
    globalSetup: ['../../packages/db/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
