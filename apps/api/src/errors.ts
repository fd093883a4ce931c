/**
 * Stable error codes of the api. GraphQL errors carry them in `extensions.code`; clients switch on
 * the code, never on the message. See docs/api.md "Errors".
 */
export type ApiErrorCode =
  | 'ENV_INVALID'
  | 'BAD_SCALAR'
  | 'SCHEMA_OUT_OF_DATE'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'FORBIDDEN'
  | 'FUND_NOT_SELECTED'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'LAST_OWNER'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'MISSING_MARKET_DATA'
  | 'JOB_QUEUE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** HTTP status used when an error ends a whole request (context creation), by code. */
export const HTTP_STATUS: Partial<Record<ApiErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  RATE_LIMITED: 429,
};

/** Base class of the api's errors; `code` is stable and safe to match on. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** Extra fields copied to `extensions` (never secrets). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ApiErrorCode,
    message: string,
    options?: ErrorOptions & { details?: Record<string, unknown> },
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
    this.details = options?.details ?? {};
  }
}

/** The environment failed validation; the message names each offending variable. */
export class EnvError extends ApiError {
  readonly variables: readonly string[];

  constructor(variables: readonly string[], details: readonly string[]) {
    super('ENV_INVALID', `invalid environment: ${details.join('; ')}`);
    this.name = 'EnvError';
    this.variables = variables;
  }
}

/** No (valid) credentials where they are required, or a presented token/key is unknown or expired. */
export class UnauthenticatedError extends ApiError {
  constructor(message = 'authentication required') {
    super('UNAUTHENTICATED', message);
    this.name = 'UnauthenticatedError';
  }
}

/**
 * Login failed. One message for an unknown email, a wrong password and a locked account, so the
 * answer tells an attacker nothing about which accounts exist.
 */
export class InvalidCredentialsError extends ApiError {
  constructor() {
    super('INVALID_CREDENTIALS', 'invalid email or password, or too many failed attempts: try again later');
    this.name = 'InvalidCredentialsError';
  }
}

/** The caller is known but their role (or API key scope) does not allow this. */
export class ForbiddenError extends ApiError {
  constructor(message = 'not allowed for your role') {
    super('FORBIDDEN', message);
    this.name = 'ForbiddenError';
  }
}

/** A fund-scoped field was asked for without a fund (`X-Fund-Id` header). */
export class FundNotSelectedError extends ApiError {
  constructor() {
    super('FUND_NOT_SELECTED', 'select a fund with the X-Fund-Id header');
    this.name = 'FundNotSelectedError';
  }
}

/**
 * The object does not exist for the caller. Objects of other funds are reported exactly like
 * missing ones (never FORBIDDEN), so ids of other tenants leak nothing.
 */
export class NotFoundError extends ApiError {
  constructor(what: string, id?: string) {
    super('NOT_FOUND', id === undefined ? `${what} not found` : `${what} ${JSON.stringify(id)} not found`, {
      details: id === undefined ? {} : { id },
    });
    this.name = 'NotFoundError';
  }
}

/** Invalid input: the message names the field and the value; `extensions.field` / `value` too. */
export class BadUserInputError extends ApiError {
  readonly field: string;

  constructor(field: string, message: string, value?: unknown) {
    super('BAD_USER_INPUT', `${field}: ${message}`, {
      details: value === undefined ? { field } : { field, value: printable(value) },
    });
    this.name = 'BadUserInputError';
    this.field = field;
  }
}

/** A unique value is already taken (email, fund slug, member). */
export class ConflictError extends ApiError {
  constructor(message: string, field?: string) {
    super('CONFLICT', message, { details: field === undefined ? {} : { field } });
    this.name = 'ConflictError';
  }
}

/** The change would leave a fund without an OWNER. */
export class LastOwnerError extends ApiError {
  constructor() {
    super('LAST_OWNER', 'a fund must keep at least one OWNER: promote another member first');
    this.name = 'LastOwnerError';
  }
}

/** Too many requests in the current window; retry after `retryAfterSeconds`. */
export class RateLimitedError extends ApiError {
  readonly retryAfterSeconds: number;

  constructor(bucket: string, retryAfterSeconds: number) {
    super('RATE_LIMITED', `rate limit exceeded (${bucket}): retry in ${retryAfterSeconds} s`, {
      details: { bucket, retryAfterSeconds },
    });
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The operation's cost, depth or breadth is above the limits. */
export class QueryTooComplexError extends ApiError {
  constructor(message: string) {
    super('QUERY_TOO_COMPLEX', message);
    this.name = 'QueryTooComplexError';
  }
}

/** A value as it may appear in an error: numbers and short strings as is, else a short description. */
function printable(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') return value.length > 100 ? `${value.slice(0, 97)}...` : value;
  if (typeof value === 'boolean' || value === null) return value;
  return typeof value;
}
