import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.ts';

/** Options of {@link createPgPool}. */
export interface CreatePgPoolOptions {
  /** `postgresql://` URL; the application uses `APP_DATABASE_URL` (a role subject to RLS). */
  url: string;
  /** Maximum connections in the pool (default 10). */
  max?: number;
  /** `application_name` shown in `pg_stat_activity`. */
  applicationName?: string;
  /** Longest wait for a pooled connection (ms); default: wait for ever (pg's default). */
  connectionTimeoutMs?: number;
  /**
   * Called with every error a connection reports outside a query (e.g. its server process was
   * terminated while the connection sat checked out between two statements). The connection is
   * unusable afterwards and the pool drops it when it is released; nothing else needs doing.
   */
  onConnectionError?: (error: Error) => void;
}

/** Options of {@link createPrismaClient}. */
export type CreatePrismaClientOptions = CreatePgPoolOptions;

/**
 * Creates a `pg` pool whose every connection has a permanent `'error'` listener.
 *
 * Why: node-postgres emits `'error'` on a Client when the server ends the connection (FATAL
 * 57P01 from `pg_terminate_backend`, a server restart, a dropped socket) while no query is active on
 * it. pg-pool listens only while a client is idle in the pool, and `@prisma/adapter-pg` only between
 * BEGIN and COMMIT of an interactive transaction; a client checked out outside those windows (e.g.
 * handed out by `pool.connect()` while its first `await` has not resumed yet, when the FATAL arrives
 * in the same socket read as the connection's ReadyForQuery) would emit an `'error'` nobody
 * listens to, and Node ends the process on an unhandled `'error'` event. With the listener the
 * client is only marked unusable (`_queryable = false`): its next query fails with a normal error
 * (the job or request is retried) and pg-pool removes it on release (see pg-pool `_release`).
 */
export function createPgPool(options: CreatePgPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'dte',
    ...(options.connectionTimeoutMs ? { connectionTimeoutMillis: options.connectionTimeoutMs } : {}),
  });
  const report = (error: Error) => options.onConnectionError?.(error);
  // 'connect' is emitted synchronously for every new client before it is handed out.
  pool.on('connect', (client) => client.on('error', report));
  // Errors of idle clients (pg-pool removes the client itself).
  pool.on('error', report);
  return pool;
}

/**
 * Creates a Prisma client on the Rust-free query compiler, talking to PostgreSQL through
 * `@prisma/adapter-pg` over a pool of {@link createPgPool} (connections that break never crash the
 * process). Call `$disconnect()` to close the pool.
 */
export function createPrismaClient(options: CreatePrismaClientOptions): PrismaClient {
  const adapter = new PrismaPg(createPgPool(options), { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}
