/** Stable error codes of the worker process. */
export type WorkerErrorCode = 'ENV_INVALID' | 'HANDLER_MISSING';

/** Base class of the worker's errors; `code` is stable. */
export class WorkerError extends Error {
  readonly code: WorkerErrorCode;

  constructor(code: WorkerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WorkerError';
    this.code = code;
  }
}

/** The environment failed validation; the message names each offending variable. */
export class EnvError extends WorkerError {
  readonly variables: readonly string[];

  constructor(variables: readonly string[], details: readonly string[]) {
    super('ENV_INVALID', `invalid environment: ${details.join('; ')}`);
    this.name = 'EnvError';
    this.variables = variables;
  }
}
