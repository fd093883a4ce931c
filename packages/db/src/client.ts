import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

/** Options of {@link createPrismaClient}. */
export interface CreatePrismaClientOptions {
  /** `postgresql://` URL; the application uses `APP_DATABASE_URL` (a role subject to RLS). */
  url: string;
  /** Maximum connections in this client's pool (default 10). */
  max?: number;
  /** `application_name` shown in `pg_stat_activity`. */
  applicationName?: string;
}

/**
 * Creates a Prisma client on the Rust-free query compiler, talking to PostgreSQL through
 * `@prisma/adapter-pg` (a `pg` pool). Call `$disconnect()` to close the pool.
 */
export function createPrismaClient(options: CreatePrismaClientOptions): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'dte',
  });
  return new PrismaClient({ adapter });
}
