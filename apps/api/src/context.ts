import type { createPrismaClient } from '@dte/db';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** The app-role Prisma client (row-level security applies; no BYPASSRLS). */
export type AppPrismaClient = ReturnType<typeof createPrismaClient>;

/** Roles of a fund member (mirrors the database enum `Role`). */
export type FundRole = 'OWNER' | 'RISK_MANAGER' | 'ANALYST' | 'VIEWER';

/** Who is calling; `null` until authentication lands (issue "Auth"). */
export interface Viewer {
  userId: string;
  fundId: string;
  role: FundRole;
}

/** Long-lived dependencies shared by every request. */
export interface ApiDependencies {
  prisma: AppPrismaClient;
  redis: Redis;
  logger: Logger;
  /** `Date.now()` when the process started serving. */
  startedAt: number;
  version: string;
}

/** Per-request GraphQL context. */
export interface Context extends ApiDependencies {
  requestId: string;
  viewer: Viewer | null;
}
