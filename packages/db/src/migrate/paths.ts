import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the @dte/db package. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The Prisma schema, source of truth of the data model. */
export const SCHEMA_PATH = join(PACKAGE_ROOT, 'prisma', 'schema.prisma');
/** The migrations folder in Prisma's format (`<timestamp>_<name>/migration.sql`). */
export const MIGRATIONS_DIR = join(PACKAGE_ROOT, 'prisma', 'migrations');
