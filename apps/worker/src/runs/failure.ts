/**
 * Which errors end a run for good (the run is marked FAILED with a stable code, the job is not
 * retried) and which are transient (the job is retried with its back-off; PostgreSQL or Redis away,
 * a compute thread lost).
 */
import { DomainError } from '@dte/domain';
import { ComputeError, RunInputError } from '../errors.ts';

/** A terminal failure: the run's `errorCode` and `error`. */
export interface RunFailure {
  code: string;
  message: string;
}

/** The terminal failure `error` stands for, or null when it is transient. */
export function runFailure(error: unknown): RunFailure | null {
  if (error instanceof RunInputError) return { code: error.runCode, message: error.message };
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  if (error instanceof ComputeError && error.inputCode !== null) {
    return { code: error.inputCode, message: error.thread.message };
  }
  return null;
}
