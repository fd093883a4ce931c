import pg from 'pg';

/** The Postgres error code of CREATE DATABASE when the database exists. */
const DUPLICATE_DATABASE = '42P04';

/**
 * Creates `database` through a connection to another database of the same server (`adminUrl`) when
 * it does not exist. Returns true when it was created.
 */
export async function ensureDatabase(adminUrl: string, database: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'dte-migrate' });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === DUPLICATE_DATABASE) return false;
      throw error;
    }
  } finally {
    await client.end();
  }
}
