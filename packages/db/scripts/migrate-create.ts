/**
 * `pnpm --filter @dte/db run migrate:create --name <name> [--empty] [--url <owner url>]`
 * Diffs prisma/migrations against prisma/schema.prisma with the WebAssembly schema engine (a
 * temporary shadow database on the server of DATABASE_URL) and writes
 * prisma/migrations/<timestamp>_<name>/migration.sql. `--empty` writes a migration for hand-written
 * SQL even when the schema did not change.
 */
import { parseArgs } from 'node:util';
import { dbEnv } from '../src/env.ts';
import { MigrationError } from '../src/errors.ts';
import { createMigration, MIGRATIONS_DIR, SCHEMA_PATH } from '../src/migrate/index.ts';
import { withDatabase } from '../src/migrate/pg-url.ts';
import { runMain } from './cli.ts';

runMain(async () => {
  const { values } = parseArgs({
    options: { name: { type: 'string' }, empty: { type: 'boolean' }, url: { type: 'string' } },
  });
  if (!values.name) {
    throw new MigrationError(
      'INVALID_ARGUMENT',
      'name: missing; usage: migrate:create --name <name> [--empty]',
      {
        field: 'name',
      },
    );
  }
  const url = withDatabase(values.url ?? dbEnv().DATABASE_URL, 'postgres');
  const created = await createMigration({
    name: values.name,
    allowEmpty: values.empty ?? false,
    url,
    migrationsDir: MIGRATIONS_DIR,
    schemaPath: SCHEMA_PATH,
  });
  if (!created) {
    console.log(
      'schema.prisma and prisma/migrations agree: nothing to create (use --empty for hand-written SQL)',
    );
    return 0;
  }
  console.log(`wrote ${created.path}`);
  return 0;
});
