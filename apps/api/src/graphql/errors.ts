/**
 * Errors at the edge: every error leaving the api has `extensions.code`. Our {@link ApiError}s keep
 * their message and code; graphql-js/Apollo request errors (parse, validation, variables) keep
 * theirs; anything else is an INTERNAL_SERVER_ERROR whose message is masked (the original, with its
 * stack, is logged with the request id, which every error carries in `extensions.requestId`).
 */
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { ApiError, HTTP_STATUS } from '../errors.ts';

/** Codes of request errors raised by graphql-js / Apollo that are safe to pass through. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'QUERY_TOO_COMPLEX',
]);

/** The ApiError behind an error (through GraphQLError wrappers), if any. */
export function findApiError(error: unknown, depth = 0): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (depth > 5 || !(error instanceof Error)) return undefined;
  if (error instanceof GraphQLError && error.originalError)
    return findApiError(error.originalError, depth + 1);
  return undefined;
}

/** True for errors that the edge masks as INTERNAL_SERVER_ERROR (these are logged with the stack). */
export function isInternalError(error: unknown): boolean {
  if (findApiError(error)) return false;
  if (isPothosInputError(error)) return false;
  if (error instanceof GraphQLError) {
    const code = error.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) return false;
    // graphql-js's own errors (no original error) are request errors, e.g. a variable's type.
    if (!error.originalError) return false;
  }
  return true;
}

/** Pothos' validation errors (e.g. an invalid cursor) are the caller's input. */
function isPothosInputError(error: unknown): boolean {
  let current: unknown = error;
  for (let i = 0; i < 5 && current instanceof Error; i += 1) {
    if (current.name === 'PothosValidationError') return true;
    current = current instanceof GraphQLError ? current.originalError : undefined;
  }
  return false;
}

/** Apollo `formatError`: the stable shape described in the module comment. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const requestId = formatted.extensions?.requestId;
  const base = {
    message: formatted.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
  const withId = (extensions: Record<string, unknown>) =>
    requestId === undefined ? extensions : { ...extensions, requestId };
  const api = findApiError(error);
  // A scalar refused while graphql-js coerces a variable keeps graphql-js's message, which names the
  // variable path and the value (`Variable "$input" got invalid value "NaN" at "input.entryPrice"; ...`).
  const message =
    api?.code === 'BAD_SCALAR' && formatted.message.includes(api.message) ? formatted.message : api?.message;
  if (api)
    return {
      ...base,
      message: message ?? api.message,
      extensions: withId({ ...api.details, code: api.code }),
    };
  if (isPothosInputError(error)) return { ...base, extensions: withId({ code: 'BAD_USER_INPUT' }) };
  if (!isInternalError(error)) {
    const code = formatted.extensions?.code ?? 'BAD_REQUEST';
    return { ...base, extensions: withId({ code }) };
  }
  return { ...base, message: 'Internal server error', extensions: withId({ code: 'INTERNAL_SERVER_ERROR' }) };
}

/**
 * An error that ends a whole request before execution (authentication, fund selection, rate
 * limits), as a GraphQLError with the HTTP status of its code and the request id.
 */
export function requestError(error: ApiError, requestId: string): GraphQLError {
  const status = HTTP_STATUS[error.code];
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { code: error.code, ...error.details, requestId, ...(status ? { http: { status } } : {}) },
  });
}
