/**
 * `pnpm db:migrate [--test] [--url <owner url>] [--app-url <app url>]`
 * Creates the database if missing, applies prisma/migrations with Prisma's WebAssembly schema
 * engine (no engine download) and ensures the application role and its grants.
 * Defaults: DATABASE_URL / APP_DATABASE_URL, or TEST_DATABASE_URL / TEST_APP_DATABASE_URL with --test.
 */
import { parseArgs } from 'node:util';
import { dbEnv, redactUrl } from '../src/env.ts';
import { migrateDatabase } from '../src/migrate/index.ts';
import { runMain } from './cli.ts';

runMain(async () => {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, 'app-url': { type: 'string' }, test: { type: 'boolean' } },
  });
  const env = dbEnv();
  const url = values.url ?? (values.test ? env.TEST_DATABASE_URL : env.DATABASE_URL);
  const appUrl = values['app-url'] ?? (values.test ? env.TEST_APP_DATABASE_URL : env.APP_DATABASE_URL);
  console.log(`migrating ${redactUrl(url)}`);
  await migrateDatabase({ url, appUrl, log: (m) => console.log(`  ${m}`) });
  return 0;
});
