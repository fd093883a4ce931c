import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { addressOf, isPortFree, probePostgres, probeRedis } from '../lib/probe.ts';

/** Local services of this machine kind; port 1 never has a server. */
describe('reachability probes (real PostgreSQL and Redis)', () => {
  it('finds the local PostgreSQL, even when the database does not exist yet', async () => {
    expect(await probePostgres('postgresql://postgres@127.0.0.1:5432/postgres')).toEqual({ ok: true });
    expect(await probePostgres('postgresql://postgres@127.0.0.1:5432/dte_db_that_does_not_exist')).toEqual({
      ok: true,
    });
  });

  it('reports a dead PostgreSQL address with a reason', async () => {
    const result = await probePostgres('postgresql://postgres@127.0.0.1:1/dte', 1000);
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('finds the local Redis and reports a dead one', async () => {
    expect(await probeRedis('redis://127.0.0.1:6379')).toEqual({ ok: true });
    expect(await probeRedis('redis://127.0.0.1:1', 1000)).toEqual({
      ok: false,
      reason: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('tells whether a port is free', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    expect(await isPortFree(port)).toBe(false);
    await new Promise((resolve) => server.close(resolve));
    expect(await isPortFree(port)).toBe(true);
  });

  it('prints host:port of a URL', () => {
    expect(addressOf('postgresql://u:p@db.internal/dte', 5432)).toBe('db.internal:5432');
    expect(addressOf('redis://127.0.0.1:6380', 6379)).toBe('127.0.0.1:6380');
  });
});
