/**
 * Errors of the risk fields: risk-core's and the domain package's input errors become the api's
 * stable codes (BAD_USER_INPUT naming the field and value, NOT_FOUND for snapshots,
 * MISSING_MARKET_DATA when the fund's market lacks a quote), never an INTERNAL_SERVER_ERROR.
 */
import { DomainError } from '@dte/domain';
import { RiskInputError } from '@dte/risk-core';
import { ApiError, BadUserInputError, NotFoundError } from '../errors.ts';

/** The market snapshot lacks data a computation needs; `extensions.field` names it. */
export class MissingMarketDataError extends ApiError {
  constructor(message: string, field?: string) {
    super('MISSING_MARKET_DATA', message, { details: field === undefined ? {} : { field } });
    this.name = 'MissingMarketDataError';
  }
}

/** The job queue (Redis) did not accept a job; `extensions.runId` names the run marked FAILED. */
export class JobQueueUnavailableError extends ApiError {
  constructor(runId: string) {
    super(
      'JOB_QUEUE_UNAVAILABLE',
      `the job queue is unavailable: risk run ${runId} was marked FAILED (ENQUEUE_FAILED); submit it again later`,
      { details: { runId } },
    );
    this.name = 'JobQueueUnavailableError';
  }
}

/**
 * Translates an error thrown while loading a book or computing with risk-core. `inputPrefix` is
 * prepended to risk-core's field for errors caused by the caller's arguments (e.g. `input.`).
 */
export function toApiError(error: unknown, inputPrefix = ''): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) {
    if (error.code === 'FUND_NOT_FOUND') return new NotFoundError('fund', error.value);
    if (error.code === 'SNAPSHOT_NOT_FOUND' || error.code === 'INVALID_ID')
      return new NotFoundError('market snapshot', error.value);
    return new MissingMarketDataError(error.message);
  }
  if (error instanceof RiskInputError) {
    if (error.code === 'MISSING_MARKET_DATA') return new MissingMarketDataError(error.message, error.field);
    const message = error.message.startsWith(`${error.field}: `)
      ? error.message.slice(error.field.length + 2)
      : error.message;
    return new BadUserInputError(`${inputPrefix}${error.field}`, message, error.value);
  }
  return error;
}

/** Runs `fn`, translating its errors with {@link toApiError}. */
export function riskCall<T>(fn: () => T, inputPrefix = ''): T {
  try {
    return fn();
  } catch (error) {
    throw toApiError(error, inputPrefix);
  }
}
