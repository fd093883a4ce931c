import type { createPrismaClient } from '@dte/db';
import type { CheckStatus as DependencyStatus } from '@dte/service';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AuthService, ClientInfo, FundScope, Principal } from './auth/service.ts';
import type { RequestDb } from './db/request-db.ts';
import type { ApiEnv } from './env.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { RiskJobs } from './risk/jobs.ts';

/** The app-role Prisma client (row-level security applies; no BYPASSRLS). */
export type AppPrismaClient = ReturnType<typeof createPrismaClient>;

/** Long-lived dependencies shared by every request. */
export interface ApiDependencies {
  prisma: AppPrismaClient;
  redis: Redis;
  logger: Logger;
  /** `Date.now()` when the process started serving. */
  startedAt: number;
  version: string;
  /** Producer of risk jobs (BullMQ). */
  jobs: RiskJobs;
}

/** The settings of env.ts the request handling uses. */
export type ServerConfig = Pick<
  ApiEnv,
  | 'NODE_ENV'
  | 'SESSION_IDLE_TTL_SECONDS'
  | 'SESSION_ABSOLUTE_TTL_SECONDS'
  | 'RATE_LIMIT_PER_MINUTE'
  | 'RATE_LIMIT_ANONYMOUS_PER_MINUTE'
  | 'RATE_LIMIT_LOGIN_PER_MINUTE'
  | 'RATE_LIMIT_PREFIX'
  | 'TRUST_PROXY_HOPS'
  | 'COOKIE_SECURE'
>;

/** Sets or clears the session cookie on the HTTP response. */
export interface SessionCookies {
  /** Stores `token` until `expiresAt` (the session's absolute expiry). */
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/**
 * Per-request GraphQL context. There is deliberately no raw Prisma client here: fund data is
 * reached only through `db` (tenant transactions), accounts through `auth`.
 */
export interface Context {
  requestId: string;
  logger: Logger;
  version: string;
  startedAt: number;
  /** Who is calling (null: anonymous). */
  principal: Principal | null;
  /** The selected fund and the caller's role in it (null: none selected). */
  fund: FundScope | null;
  /** Tenant-scoped database access of this request. */
  db: RequestDb;
  /**
   * The selected fund's `book_version`, read with the session in the request's first statement
   * (null: API key, or no fund). Used only when {@link bookOnly}.
   */
  bookVersion: string | null;
  /**
   * Set before any resolver runs: the operation is a query whose only root field is `exposures`,
   * so every value it returns comes from one cached book and none from the read transaction; such a
   * request may take the book of `bookVersion` from the cache without opening a transaction
   * (risk/book.ts).
   */
  bookOnly: boolean;
  /** Producer of risk jobs (BullMQ). */
  jobs: RiskJobs;
  auth: AuthService;
  limiter: RateLimiter;
  client: ClientInfo;
  cookies: SessionCookies;
  config: ServerConfig;
  /** Dependency checks for the public `health` query. */
  health: { database(): Promise<DependencyStatus>; redis(): Promise<DependencyStatus> };
}
