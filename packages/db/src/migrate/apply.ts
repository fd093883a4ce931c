import { MigrationError } from '../errors.ts';
import { type AppRoleResult, ensureAppRole } from './app-role.ts';
import { ensureDatabase } from './database.ts';
import { NO_FILTER, withSchemaEngine } from './engine.ts';
import { withMigrateLock } from './lock.ts';
import { readMigrationsDir } from './migrations-dir.ts';
import { MIGRATIONS_DIR } from './paths.ts';
import { databaseName, withDatabase } from './pg-url.ts';

/** Options of {@link migrateDatabase}. */
export interface MigrateOptions {
  /** Owner/migrator URL of the database to migrate (created when missing). */
  url: string;
  /** The application's URL: its user becomes the application role (see `ensureAppRole`). */
  appUrl: string;
  /** Migrations folder (default: this package's prisma/migrations). */
  migrationsDir?: string;
  /** Database on the same server used to create the target database and hold the lock. */
  maintenanceDatabase?: string;
  /** Progress messages (default: none). */
  log?: (message: string) => void;
}

/** What {@link migrateDatabase} did. */
export interface MigrateResult {
  database: string;
  createdDatabase: boolean;
  /** Names of the migrations applied by this run (empty when the database was up to date). */
  applied: string[];
  /**
   * Applied migrations whose file changed since (checksum mismatch): the database was built from
   * another version of them and should be recreated. Migrations are never re-applied.
   */
  edited: string[];
  appRole: AppRoleResult;
}

/**
 * Brings a database up to date, offline: creates it if missing, applies the pending
 * `prisma/migrations/<name>/migration.sql` with Prisma's WebAssembly schema engine (recorded in
 * `_prisma_migrations`, exactly as `prisma migrate deploy` records them), then ensures the
 * application role and its grants. Runs under a server-wide advisory lock; idempotent.
 * @throws MigrationError `MIGRATION_FAILED` / `UNSAFE_APP_ROLE`.
 */
export async function migrateDatabase(options: MigrateOptions): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const database = databaseName(options.url);
  const adminUrl = withDatabase(options.url, options.maintenanceDatabase ?? 'postgres');
  if (database === databaseName(adminUrl)) {
    throw new MigrationError(
      'INVALID_ARGUMENT',
      `url: refusing to migrate the maintenance database "${database}"`,
      {
        field: 'url',
        value: database,
      },
    );
  }
  return withMigrateLock(adminUrl, async () => {
    const createdDatabase = await ensureDatabase(adminUrl, database);
    if (createdDatabase) log(`created database ${database}`);
    const migrationsList = await readMigrationsDir(options.migrationsDir ?? MIGRATIONS_DIR);
    const { appliedMigrationNames, editedMigrationNames } = await withSchemaEngine(
      { url: options.url },
      async (engine) => {
        const applied = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
        const history = await engine.diagnoseMigrationHistory({
          migrationsList,
          optInToShadowDatabase: false,
          filters: NO_FILTER,
        });
        return { ...applied, editedMigrationNames: history.editedMigrationNames };
      },
    );
    for (const name of appliedMigrationNames) log(`applied ${name}`);
    if (appliedMigrationNames.length === 0) log(`database ${database} is up to date`);
    for (const name of editedMigrationNames) {
      log(`WARNING: ${name} was edited after it was applied to ${database}; recreate this database`);
    }
    const appRole = await ensureAppRole(options.url, options.appUrl);
    log(`application role ${appRole.role} ${appRole.created ? 'created' : 'checked'} with its grants`);
    return {
      database,
      createdDatabase,
      applied: appliedMigrationNames,
      edited: editedMigrationNames,
      appRole,
    };
  });
}
