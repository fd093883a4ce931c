/** Stable error codes of @dte/jobs. */
export type JobErrorCode = 'JOB_PAYLOAD_INVALID' | 'JOB_RESULT_INVALID' | 'JOB_UNKNOWN';

/** Base class of every error raised by the job definitions; `code` is stable and safe to match on. */
export class JobError extends Error {
  readonly code: JobErrorCode;

  constructor(code: JobErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'JobError';
    this.code = code;
  }
}

/** A payload or result did not match the job definition's zod schema. */
export class JobValidationError extends JobError {
  readonly jobName: string;
  readonly issues: readonly string[];

  constructor(
    code: 'JOB_PAYLOAD_INVALID' | 'JOB_RESULT_INVALID',
    jobName: string,
    issues: readonly string[],
  ) {
    const what = code === 'JOB_PAYLOAD_INVALID' ? 'payload' : 'result';
    super(code, `invalid ${what} for job "${jobName}": ${issues.join('; ')}`);
    this.name = 'JobValidationError';
    this.jobName = jobName;
    this.issues = issues;
  }
}

/** A job arrived whose name has no definition on its queue. */
export class UnknownJobError extends JobError {
  constructor(queue: string, jobName: string) {
    super('JOB_UNKNOWN', `no job definition named "${jobName}" on queue "${queue}"`);
    this.name = 'UnknownJobError';
  }
}
