import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { NO_FILTER, withSchemaEngine } from './engine.ts';
import { readMigrationsDir } from './migrations-dir.ts';

/** Where the data model and the migrations live, and which server hosts the shadow database. */
export interface DiffOptions {
  /** Owner URL; only its server is used (a temporary shadow database is created and dropped there). */
  url: string;
  migrationsDir: string;
  schemaPath: string;
}

/**
 * The SQL that would bring a database built by replaying the migrations folder (in a temporary
 * shadow database) to `schema.prisma`; `''` when they agree. Hand-written objects the schema
 * language cannot express (CHECK constraints, partial indexes, policies, functions, triggers)
 * are not reported as differences.
 */
export async function diffMigrationsToSchema(options: DiffOptions): Promise<string> {
  const [migrationsList, content] = await Promise.all([
    readMigrationsDir(options.migrationsDir),
    readFile(options.schemaPath, 'utf8'),
  ]);
  const result = await withSchemaEngine({ url: options.url }, (engine) =>
    engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: [{ path: basename(options.schemaPath), content }] },
      script: true,
      exitCode: true,
      filters: NO_FILTER,
    }),
  );
  // exitCode 2 = the diff is not empty (as `prisma migrate diff --exit-code`).
  return result.exitCode === 2 ? (result.stdout ?? '') : '';
}
