/**
 * @dte/db: Prisma client factory, tenant scoping and the generated model types.
 * Migrations: `@dte/db/migrate`; test helpers: `@dte/db/testing`; docs/database.md.
 */
export {
  type CreatePgPoolOptions,
  type CreatePrismaClientOptions,
  createPgPool,
  createPrismaClient,
} from './client.ts';
export { childProcessEnv, type DbEnv, dbEnv, parseDbEnv, redactUrl } from './env.ts';
export {
  DbError,
  type DbErrorCode,
  describeValue,
  EnvError,
  MigrationError,
  postgresErrorCode,
  TenantError,
} from './errors.ts';
export type {
  Account,
  Alert,
  ApiKey,
  AuditLog,
  Balance,
  Fund,
  Instrument,
  LendingPosition,
  Limit,
  MarketQuote,
  MarketSnapshot,
  Membership,
  Position,
  PriceHistory,
  RiskRun,
  RiskRunChunk,
  RiskSnapshot,
  Schedule,
  Session,
  User,
} from './generated/prisma/client.ts';
export { Prisma, PrismaClient } from './generated/prisma/client.ts';
export * from './generated/prisma/enums.ts';
export {
  hashPassword,
  MAX_PASSWORD_LENGTH,
  needsRehash,
  PasswordInputError,
  verifyPassword,
} from './password.ts';
export { type TenantScope, type TenantTx, type TenantTxOptions, withTenant, withUser } from './tenant.ts';
