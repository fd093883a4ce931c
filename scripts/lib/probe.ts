import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';

/** Outcome of a reachability probe. */
export type ProbeResult = { ok: true } | { ok: false; reason: string };

const describe = (error: unknown): string => {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    return code && !error.message.includes(code)
      ? `${error.message} (${code})`
      : error.message || String(code);
  }
  return String(error);
};

/**
 * Does a PostgreSQL server answer at `url`? Connects and runs `SELECT 1`. A missing database
 * (`3D000`, created later by `pnpm db:migrate`) still counts as an answering server.
 */
export async function probePostgres(url: string, timeoutMs = 3000): Promise<ProbeResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') return { ok: true };
    return { ok: false, reason: describe(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Does Redis answer PING at `url`? One attempt, no retries. */
export async function probeRedis(url: string, timeoutMs = 3000): Promise<ProbeResult> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The connection error (ECONNREFUSED...) says more than the "Connection is closed." that follows it.
  let firstError: unknown;
  redis.on('error', (error) => {
    firstError ??= error;
  });
  try {
    await redis.connect();
    const pong = await redis.ping();
    return pong === 'PONG' ? { ok: true } : { ok: false, reason: `unexpected answer ${pong}` };
  } catch (error) {
    return { ok: false, reason: describe(firstError ?? error) };
  } finally {
    redis.disconnect();
  }
}

/** Is `port` free to listen on at `host`? */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** `host:port` of a URL, for messages. */
export function addressOf(url: string, defaultPort: number): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || defaultPort}`;
  } catch {
    return url;
  }
}
