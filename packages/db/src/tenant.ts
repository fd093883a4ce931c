import { TenantError } from './errors.ts';
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';

/** The client handed to a unit of work: a Prisma interactive transaction. */
export type TenantTx = Prisma.TransactionClient;

/** Whose data a unit of work may see: one fund, optionally on behalf of one user. */
export interface TenantScope {
  fundId: string;
  userId?: string | null;
}

/** Options of the interactive transaction (Prisma's `$transaction` options). */
export interface TenantTxOptions {
  /** Milliseconds to wait for a connection from the pool (Prisma default 2000). */
  maxWait?: number;
  /** Milliseconds the unit of work may take before it is rolled back (Prisma default 5000). */
  timeout?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
  /**
   * Makes the transaction READ ONLY in the same statement that sets the fund and user
   * (`set_config('transaction_read_only', 'on', true)`, what `SET TRANSACTION READ ONLY` does): one
   * round trip fewer than a separate SET.
   */
  readOnly?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Returns `value` lower-cased when it is a UUID, else throws a {@link TenantError} naming `field`. */
function uuid(value: unknown, field: string, code: 'INVALID_FUND_ID' | 'INVALID_USER_ID'): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new TenantError(code, field, value);
  return value.toLowerCase();
}

/**
 * Runs `fn` in ONE interactive transaction scoped to a fund: the transaction starts with
 * `set_config('app.fund_id', fundId, true)` and `set_config('app.user_id', userId, true)`, which the
 * row-level security policies read. The settings are transaction-local, so the pooled connection
 * does not keep them afterwards.
 * @throws TenantError (`INVALID_FUND_ID` / `INVALID_USER_ID`) before touching the database.
 */
export async function withTenant<T>(
  prisma: PrismaClient,
  scope: TenantScope,
  fn: (tx: TenantTx) => Promise<T>,
  opts: TenantTxOptions = {},
): Promise<T> {
  const fundId = uuid(scope.fundId, 'fundId', 'INVALID_FUND_ID');
  const userId = scope.userId == null ? '' : uuid(scope.userId, 'userId', 'INVALID_USER_ID');
  return runScoped(prisma, fundId, userId, fn, opts);
}

/**
 * Runs `fn` in one interactive transaction on behalf of a user but without a fund (`app.fund_id`
 * is empty): the user sees only their own memberships and the funds they are a member of, e.g. to
 * list funds in a fund switcher. Every fund-owned table returns no rows.
 * @throws TenantError (`INVALID_USER_ID`) before touching the database.
 */
export async function withUser<T>(
  prisma: PrismaClient,
  userId: string,
  fn: (tx: TenantTx) => Promise<T>,
  opts: TenantTxOptions = {},
): Promise<T> {
  return runScoped(prisma, '', uuid(userId, 'userId', 'INVALID_USER_ID'), fn, opts);
}

async function runScoped<T>(
  prisma: PrismaClient,
  fundId: string,
  userId: string,
  fn: (tx: TenantTx) => Promise<T>,
  opts: TenantTxOptions,
): Promise<T> {
  const { readOnly = false, ...txOptions } = opts;
  return prisma.$transaction(async (tx) => {
    if (readOnly)
      await tx.$queryRaw`select set_config('app.fund_id', ${fundId}, true), set_config('app.user_id', ${userId}, true), set_config('transaction_read_only', 'on', true)`;
    else
      await tx.$queryRaw`select set_config('app.fund_id', ${fundId}, true), set_config('app.user_id', ${userId}, true)`;
    return fn(tx);
  }, txOptions);
}
