/** Stable error codes of the api process (GraphQL errors carry them in `extensions.code`). */
export type ApiErrorCode = 'ENV_INVALID' | 'BAD_SCALAR' | 'SCHEMA_OUT_OF_DATE';

/** Base class of the api's errors; `code` is stable and safe to match on. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
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
