/**
 * `pnpm --filter @dte/db run migrate:check [--url <owner url>]`
 * Exits 1 (printing the missing SQL) when prisma/schema.prisma and prisma/migrations disagree.
 * Needs a PostgreSQL server (DATABASE_URL's) for a temporary shadow database; no engine download.
 */
import { parseArgs } from 'node:util';
import { dbEnv } from '../src/env.ts';
import { diffMigrationsToSchema, MIGRATIONS_DIR, SCHEMA_PATH } from '../src/migrate/index.ts';
import { withDatabase } from '../src/migrate/pg-url.ts';
import { runMain } from './cli.ts';

runMain(async () => {
  const { values } = parseArgs({ options: { url: { type: 'string' } } });
  const url = withDatabase(values.url ?? dbEnv().DATABASE_URL, 'postgres');
  const diff = await diffMigrationsToSchema({ url, migrationsDir: MIGRATIONS_DIR, schemaPath: SCHEMA_PATH });
  if (diff.trim() === '') {
    console.log('migrate:check: prisma/schema.prisma and prisma/migrations agree');
    return 0;
  }
  console.error('migrate:check: prisma/schema.prisma has changes no migration contains:\n');
  console.error(diff);
  console.error('\nrun: pnpm --filter @dte/db run migrate:create --name <name>');
  return 1;
});
