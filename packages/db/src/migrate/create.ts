import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MigrationError } from '../errors.ts';
import { type DiffOptions, diffMigrationsToSchema } from './diff.ts';
import { LOCKFILE_CONTENT, LOCKFILE_NAME } from './migrations-dir.ts';

/** Options of {@link createMigration}. */
export interface CreateMigrationOptions extends DiffOptions {
  /** Migration name: letters, digits and `_` (the folder becomes `<timestamp>_<name>`). */
  name: string;
  /** Write a migration even when the schema has no change (for hand-written SQL). */
  allowEmpty?: boolean;
  /** Clock for the folder's timestamp (tests). */
  now?: Date;
}

/** A written migration. */
export interface CreatedMigration {
  /** Folder name, e.g. `20260101120000_add_x`. */
  name: string;
  /** Absolute path of its `migration.sql`. */
  path: string;
  script: string;
}

const NAME = /^[A-Za-z0-9_]{1,100}$/;

/**
 * Diffs the migrations folder against schema.prisma with the WebAssembly schema engine and writes
 * the difference to `<migrationsDir>/<UTC timestamp>_<name>/migration.sql` (Prisma's layout).
 * Returns null, writing nothing, when there is no difference and `allowEmpty` is not set.
 * @throws MigrationError `INVALID_ARGUMENT` for a bad name.
 */
export async function createMigration(options: CreateMigrationOptions): Promise<CreatedMigration | null> {
  if (!NAME.test(options.name)) {
    throw new MigrationError(
      'INVALID_ARGUMENT',
      `name: must be 1-100 letters, digits or underscores (got ${JSON.stringify(options.name)})`,
      { field: 'name', value: options.name },
    );
  }
  const diff = await diffMigrationsToSchema(options);
  if (diff.trim() === '' && !options.allowEmpty) return null;
  const name = `${timestamp(options.now ?? new Date())}_${options.name}`;
  const dir = join(options.migrationsDir, name);
  if (existsSync(dir)) {
    throw new MigrationError('INVALID_ARGUMENT', `name: migration folder ${dir} already exists`, {
      field: 'name',
      value: options.name,
    });
  }
  await mkdir(dir, { recursive: true });
  const lockfile = join(options.migrationsDir, LOCKFILE_NAME);
  if (!existsSync(lockfile)) await writeFile(lockfile, LOCKFILE_CONTENT);
  const script = diff.trim() === '' ? '-- Hand-written migration.\n' : diff;
  const path = join(dir, 'migration.sql');
  await writeFile(path, script);
  return { name, path, script };
}

/** `YYYYMMDDHHMMSS` in UTC, as Prisma names migration folders. */
function timestamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
