/**
 * Stable error codes of @dte/db. Callers (API, worker, scripts) switch on `code`, never on messages.
 */
export type DbErrorCode =
  | 'INVALID_ENV'
  | 'INVALID_FUND_ID'
  | 'INVALID_USER_ID'
  | 'INVALID_ARGUMENT'
  | 'UNSAFE_APP_ROLE'
  | 'MIGRATION_FAILED'
  | 'SCHEMA_DRIFT';

/** Base class of the errors thrown by @dte/db; `field` names the offending input and `value` holds it. */
export class DbError extends Error {
  override readonly name: string = 'DbError';
  readonly code: DbErrorCode;
  readonly field: string | undefined;
  readonly value: unknown;

  constructor(
    code: DbErrorCode,
    message: string,
    options: { field?: string; value?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.value = options.value;
  }
}

/** A missing or malformed environment variable; the message names the variable. */
export class EnvError extends DbError {
  override readonly name = 'EnvError';
  constructor(variable: string, message: string, value: unknown) {
    super('INVALID_ENV', `${variable}: ${message} (got ${describeValue(value)})`, { field: variable, value });
  }
}

/** An invalid tenant scope (fund or user id) passed to `withTenant` / `withUser`. */
export class TenantError extends DbError {
  override readonly name = 'TenantError';
  constructor(code: 'INVALID_FUND_ID' | 'INVALID_USER_ID', field: string, value: unknown) {
    super(code, `${field}: must be a UUID (got ${describeValue(value)})`, { field, value });
  }
}

/** A failure of the migration tooling (apply, create, check, application role). */
export class MigrationError extends DbError {
  override readonly name = 'MigrationError';
}

/** Renders a value for an error message: strings quoted, long values shortened. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 120 ? `${value.slice(0, 117)}...` : value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  try {
    const s = JSON.stringify(value);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * The PostgreSQL SQLSTATE behind an error thrown by Prisma over the pg adapter (or by `pg`
 * itself), e.g. `42501` (RLS / privilege), `23514` (CHECK), `23505` (unique); undefined otherwise.
 */
export function postgresErrorCode(error: unknown): string | undefined {
  const e = error as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } };
    cause?: unknown;
  } | null;
  if (!e || typeof e !== 'object') return undefined;
  const cause = e.meta?.driverAdapterError?.cause;
  const fromAdapter = cause?.originalCode ?? cause?.code;
  if (typeof fromAdapter === 'string') return fromAdapter;
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return e.cause === undefined ? undefined : postgresErrorCode(e.cause);
}
