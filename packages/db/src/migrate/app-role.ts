import pg from 'pg';
import { MigrationError } from '../errors.ts';
import { databaseName, password, userName } from './pg-url.ts';

/** SECURITY DEFINER functions the application role may execute (created by the migrations). */
export const APP_FUNCTIONS = [
  'dte_api_key_lookup(text)',
  'dte_fund_ids()',
  'dte_session_lookup(text, uuid)',
] as const;

/** Tables the application role may not touch or may only append to. */
const NO_ACCESS_TABLES = ['_prisma_migrations'];
const APPEND_ONLY_TABLES = ['audit_log'];

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** What {@link ensureAppRole} did. */
export interface AppRoleResult {
  role: string;
  created: boolean;
}

/**
 * Makes sure the application role of `appUrl` exists with LOGIN, NOSUPERUSER, NOBYPASSRLS,
 * NOCREATEDB, NOCREATEROLE and the URL's password (when it has one), and grants it what the app
 * needs in `ownerUrl`'s database: CONNECT, USAGE on schema public, SELECT/INSERT/UPDATE/DELETE on
 * the tables (INSERT/SELECT only on audit_log, nothing on _prisma_migrations), the same by default
 * privileges on future tables, and EXECUTE on the SECURITY DEFINER functions. Idempotent.
 * @throws MigrationError `UNSAFE_APP_ROLE` when the role is the migrator itself or a superuser
 *   (it is never demoted automatically) or its name is not a plain lower-case identifier.
 */
export async function ensureAppRole(ownerUrl: string, appUrl: string): Promise<AppRoleResult> {
  const role = userName(appUrl);
  if (!ROLE_NAME.test(role)) {
    throw new MigrationError(
      'UNSAFE_APP_ROLE',
      `APP_DATABASE_URL: the user must be a lower-case identifier (got ${JSON.stringify(role)})`,
      { field: 'APP_DATABASE_URL', value: role },
    );
  }
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'dte-migrate' });
  await client.connect();
  try {
    const me = (await client.query<{ user: string }>('select current_user as "user"')).rows[0]?.user;
    if (me === role) {
      throw unsafe(role, 'is the migrator (DATABASE_URL) itself; the application needs its own role');
    }
    const existing = await client.query<{ rolsuper: boolean }>(
      'select rolsuper from pg_roles where rolname = $1',
      [role],
    );
    if (existing.rows[0]?.rolsuper) throw unsafe(role, 'is a superuser, which bypasses row-level security');
    const id = client.escapeIdentifier(role);
    const attrs = 'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION';
    const pw = password(appUrl);
    const pwClause = pw ? ` PASSWORD ${client.escapeLiteral(pw)}` : '';
    const created = existing.rowCount === 0;
    if (created) {
      try {
        await client.query(`CREATE ROLE ${id} ${attrs}${pwClause}`);
      } catch (error) {
        // Another server-wide run created it first (roles are shared by all databases).
        if ((error as { code?: string }).code !== '42710') throw error;
      }
    }
    await client.query(`ALTER ROLE ${id} ${attrs}${pwClause}`);
    const db = client.escapeIdentifier(databaseName(ownerUrl));
    const owner = client.escapeIdentifier(me ?? '');
    const statements = [
      `GRANT CONNECT ON DATABASE ${db} TO ${id}`,
      `GRANT USAGE ON SCHEMA public TO ${id}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${id}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${id}`,
      ...NO_ACCESS_TABLES.map((t) => `REVOKE ALL ON TABLE public.${client.escapeIdentifier(t)} FROM ${id}`),
      ...APPEND_ONLY_TABLES.map(
        (t) => `REVOKE UPDATE, DELETE, TRUNCATE ON TABLE public.${client.escapeIdentifier(t)} FROM ${id}`,
      ),
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${id}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${id}`,
      ...APP_FUNCTIONS.map((f) => `GRANT EXECUTE ON FUNCTION public.${f} TO ${id}`),
    ];
    for (const sql of statements) await client.query(sql);
    return { role, created };
  } finally {
    await client.end();
  }
}

function unsafe(role: string, why: string): MigrationError {
  return new MigrationError('UNSAFE_APP_ROLE', `APP_DATABASE_URL: role ${JSON.stringify(role)} ${why}`, {
    field: 'APP_DATABASE_URL',
    value: role,
  });
}
