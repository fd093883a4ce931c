import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { childProcessEnv } from '../src/env.ts';
import { MigrationError } from '../src/errors.ts';
import {
  createMigration,
  diffMigrationsToSchema,
  ensureAppRole,
  MIGRATIONS_DIR,
  migrateDatabase,
  PACKAGE_ROOT,
  SCHEMA_PATH,
} from '../src/migrate/index.ts';
import { withDatabase } from '../src/migrate/pg-url.ts';
import { testUrls } from '../src/testing/index.ts';

const { ownerUrl, appUrl } = testUrls();
const serverUrl = withDatabase(ownerUrl, 'postgres');
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Runs one statement as the owner on the maintenance database. */
async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

describe('migrateDatabase', () => {
  it('creates a missing database, applies every migration once, and a second run applies nothing', async () => {
    const database = `dte_migrate_${randomUUID().replace(/-/g, '')}`;
    cleanups.push(() => onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    const url = withDatabase(ownerUrl, database);
    const app = withDatabase(appUrl, database);

    const first = await migrateDatabase({ url, appUrl: app });
    expect(first.createdDatabase).toBe(true);
    expect(first.applied).toEqual(await migrationNames());

    const second = await migrateDatabase({ url, appUrl: app });
    expect(second).toMatchObject({ createdDatabase: false, applied: [], edited: [] });

    // Recorded as `prisma migrate deploy` records them, and usable by the application role.
    const owner = new pg.Client({ connectionString: url });
    await owner.connect();
    const recorded = await owner.query(
      'select migration_name from _prisma_migrations where finished_at is not null',
    );
    await owner.end();
    expect(recorded.rows.map((r) => r.migration_name).sort()).toEqual(await migrationNames());
    const client = new pg.Client({ connectionString: app });
    await client.connect();
    const funds = await client.query('select count(*)::int as n from fund');
    await client.end();
    expect(funds.rows[0].n).toBe(0);
  });

  it('lets concurrent runs take turns and reports migrations edited after they were applied', async () => {
    const database = `dte_migrate_${randomUUID().replace(/-/g, '')}`;
    cleanups.push(() => onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    const dir = await mkdtemp(join(tmpdir(), 'dte-migrations-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const options = {
      url: withDatabase(ownerUrl, database),
      appUrl: withDatabase(appUrl, database),
      migrationsDir: dir,
    };

    const runs = await Promise.all([
      migrateDatabase(options),
      migrateDatabase(options),
      migrateDatabase(options),
    ]);
    expect(runs.map((r) => r.createdDatabase).filter(Boolean)).toHaveLength(1);
    expect(runs.flatMap((r) => r.applied).sort()).toEqual(await migrationNames());

    const [first] = await migrationNames();
    const file = join(dir, first ?? '', 'migration.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- edited\n`);
    const after = await migrateDatabase(options);
    expect(after).toMatchObject({ applied: [], edited: [first] });
  });

  it('refuses to use a superuser as the application role', async () => {
    const role = `dte_su_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    await onServer(`CREATE ROLE "${role}" SUPERUSER`);
    cleanups.push(() => onServer(`DROP ROLE IF EXISTS "${role}"`));
    const unsafe = new URL(appUrl);
    unsafe.username = role;
    const error = await ensureAppRole(ownerUrl, unsafe.toString()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: 'UNSAFE_APP_ROLE', field: 'APP_DATABASE_URL', value: role });
    expect(String((error as Error).message)).toContain(role);
  });

  it('refuses the migrator itself as the application role', async () => {
    const error = await ensureAppRole(ownerUrl, ownerUrl).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNSAFE_APP_ROLE' });
  });
});

describe('migrate:check and migrate:create', () => {
  it('schema.prisma and the migrations folder agree', async () => {
    expect(
      await diffMigrationsToSchema({
        url: serverUrl,
        migrationsDir: MIGRATIONS_DIR,
        schemaPath: SCHEMA_PATH,
      }),
    ).toBe('');
  });

  it('the migrate:check script exits 0', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/migrate-check.ts', '--url', serverUrl],
      {
        cwd: PACKAGE_ROOT,
        env: childProcessEnv({}),
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('agree');
    expect(run.status).toBe(0);
  });

  it('detects a schema change and writes it as a new migration that closes the gap', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dte-migrations-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const migrationsDir = join(dir, 'migrations');
    await cp(MIGRATIONS_DIR, migrationsDir, { recursive: true });
    const schemaPath = join(dir, 'schema.prisma');
    const schema = await readFile(SCHEMA_PATH, 'utf8');
    const changed = schema.replace(
      '  baseCurrency String   @default("USD") @map("base_currency") @db.VarChar(16)',
      '  baseCurrency String   @default("USD") @map("base_currency") @db.VarChar(16)\n  nickname     String?  @db.VarChar(50)',
    );
    expect(changed).not.toBe(schema);
    await writeFile(schemaPath, changed);
    const options = { url: serverUrl, migrationsDir, schemaPath };

    expect(await diffMigrationsToSchema(options)).toContain('ADD COLUMN     "nickname" VARCHAR(50)');
    const created = await createMigration({
      ...options,
      name: 'add_nickname',
      now: new Date('2030-01-02T03:04:05Z'),
    });
    expect(created?.name).toBe('20300102030405_add_nickname');
    expect(await readFile(created?.path ?? '', 'utf8')).toContain('ALTER TABLE "fund" ADD COLUMN');
    expect(await diffMigrationsToSchema(options)).toBe('');
    expect(await createMigration({ ...options, name: 'nothing' })).toBeNull();
    const empty = await createMigration({ ...options, name: 'handwritten', allowEmpty: true });
    expect(empty?.script).toContain('Hand-written');
  });

  it('rejects a migration name that is not letters, digits and underscores', async () => {
    const error = await createMigration({
      name: 'drop table;',
      url: serverUrl,
      migrationsDir: MIGRATIONS_DIR,
      schemaPath: SCHEMA_PATH,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'name', value: 'drop table;' });
  });
});
