import type { ThreadError } from './compute/protocol.ts';

/** Stable error codes of the worker process. */
export type WorkerErrorCode =
  | 'ENV_INVALID'
  | 'HANDLER_MISSING'
  | 'COMPUTE_FAILED'
  | 'RUN_NOT_FOUND'
  | 'INVALID_PARAMS'
  | 'UNSUPPORTED_RUN_KIND'
  | 'PLAN_MISSING'
  | 'CHUNKS_FAILED'
  | 'RETRIES_EXHAUSTED';

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

/**
 * A computation failed in a compute thread. `cause` carries the thread's error as data; `inputCode`
 * is the `code` of an input error (risk-core's RiskInputError, @dte/domain's DomainError), which no
 * retry can fix.
 */
export class ComputeError extends WorkerError {
  readonly thread: ThreadError;

  constructor(thread: ThreadError) {
    super('COMPUTE_FAILED', thread.message);
    this.name = 'ComputeError';
    this.thread = thread;
  }

  /** The input error's code when the computation was refused for its input, else null. */
  get inputCode(): string | null {
    return this.thread.name === 'RiskInputError' && this.thread.code ? this.thread.code : null;
  }
}

/**
 * A risk run failed for a reason no retry can fix (invalid params, a book the engine refuses, no
 * market data): the run is marked FAILED with `runCode` and the message, and the job is not retried.
 */
export class RunInputError extends Error {
  readonly runCode: string;

  constructor(runCode: string, message: string) {
    super(message);
    this.name = 'RunInputError';
    this.runCode = runCode;
  }
}
