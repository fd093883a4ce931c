/**
 * The worker's database client, made to survive dropped connections. Its pool comes from
 * `@dte/db`'s `createPrismaClient`, whose connections always have an error listener (a connection
 * terminated while checked out between statements would otherwise end the process with an
 * unhandled 'error' event). A connection terminated in the middle of an interactive transaction can
 * also stay checked out of the pool for good (a leaked client); once every pool slot leaks, waiting
 * for a connection would hang forever. So:
 * - the pool gives up waiting for a connection after `connectionTimeoutMillis` (the job fails and is
 *   retried with its back-off instead of hanging), and
 * - a watchdog runs `SELECT 1` every few seconds; after two failures in a row it replaces the client
 *   with a fresh pool (the old one is closed in the background). Every user of `prisma` goes through a
 *   proxy that always forwards to the current client.
 */
import { createPrismaClient, type PrismaClient } from '@dte/db';
import { checkDatabase } from '@dte/service';
import type { Logger } from 'pino';

/** Options of {@link ResilientDatabase}. */
export interface ResilientDatabaseOptions {
  url: string;
  max: number;
  applicationName: string;
  logger: Logger;
  /** Longest wait for a pooled connection (ms). */
  connectionTimeoutMs?: number;
  /** Watchdog period (ms). */
  checkEveryMs?: number;
}

/** A Prisma client (`prisma`) whose pool is replaced when it stops answering. */
export class ResilientDatabase {
  readonly prisma: PrismaClient;
  #current: PrismaClient;
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;
  #replacements = 0;
  #connectionErrors = 0;
  readonly #o: ResilientDatabaseOptions;

  constructor(options: ResilientDatabaseOptions) {
    this.#o = options;
    this.#current = this.#create();
    this.prisma = new Proxy({} as PrismaClient, {
      get: (_target, key) => {
        const value = Reflect.get(this.#current, key, this.#current) as unknown;
        return typeof value === 'function'
          ? (value as (...args: unknown[]) => unknown).bind(this.#current)
          : value;
      },
    });
  }

  #create(): PrismaClient {
    return createPrismaClient({
      url: this.#o.url,
      max: this.#o.max,
      applicationName: this.#o.applicationName,
      connectionTimeoutMs: this.#o.connectionTimeoutMs ?? 10_000,
      onConnectionError: (error) => {
        this.#connectionErrors += 1;
        this.#o.logger.warn({ err: error }, 'database connection lost (it is dropped from the pool)');
      },
    });
  }

  /** Times the client was replaced. */
  get replacements(): number {
    return this.#replacements;
  }

  /** Connections that reported an error outside a query (each was dropped from its pool). */
  get connectionErrors(): number {
    return this.#connectionErrors;
  }

  /** Starts the watchdog. */
  start(): void {
    const every = this.#o.checkEveryMs ?? 5000;
    this.#timer = setInterval(() => {
      void checkDatabase(this.#current, Math.min(3000, every)).then((status) => {
        this.#failures = status === 'ok' ? 0 : this.#failures + 1;
        if (this.#failures >= 2) this.replace('database client does not answer');
      });
    }, every);
    this.#timer.unref();
  }

  /** Replaces the client by a new pool; the old one is closed in the background. */
  replace(reason: string): void {
    const old = this.#current;
    this.#current = this.#create();
    this.#failures = 0;
    this.#replacements += 1;
    this.#o.logger.warn({ reason, replacements: this.#replacements }, 'database client replaced');
    void Promise.race([old.$disconnect(), new Promise((r) => setTimeout(r, 5000).unref())]).catch(
      () => undefined,
    );
  }

  /** Stops the watchdog and closes the client. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#current.$disconnect();
  }
}
