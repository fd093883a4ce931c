export { APP_FUNCTIONS, type AppRoleResult, ensureAppRole } from './app-role.ts';
export { type MigrateOptions, type MigrateResult, migrateDatabase } from './apply.ts';
export { type CreatedMigration, type CreateMigrationOptions, createMigration } from './create.ts';
export { type DiffOptions, diffMigrationsToSchema } from './diff.ts';
export { MIGRATIONS_DIR, PACKAGE_ROOT, SCHEMA_PATH } from './paths.ts';
