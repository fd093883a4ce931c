/** Stable codes of `pnpm start` failures (printed with the message, and used by tests). */
export type StartErrorCode =
  | 'ENV_INVALID'
  | 'PORT_IN_USE'
  | 'DATABASE_UNREACHABLE'
  | 'REDIS_UNREACHABLE'
  | 'EMBEDDED_POSTGRES_FAILED'
  | 'STEP_FAILED'
  | 'CHILD_EXITED'
  | 'HEALTH_TIMEOUT';

/** A reason `pnpm start` cannot go on; the message tells the user what to do. */
export class StartError extends Error {
  readonly code: StartErrorCode;

  constructor(code: StartErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StartError';
    this.code = code;
  }
}
