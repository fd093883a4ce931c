import { expect } from 'vitest';
import { postgresErrorCode } from '../../src/errors.ts';

/** Awaits `promise`, expecting it to fail with PostgreSQL SQLSTATE `code`; returns the error. */
export async function expectPgError(promise: Promise<unknown>, code: string): Promise<unknown> {
  let failure: unknown;
  try {
    await promise;
  } catch (error) {
    failure = error;
  }
  expect(failure, `expected SQLSTATE ${code}, but the statement succeeded`).toBeDefined();
  expect(postgresErrorCode(failure), String(failure)).toBe(code);
  return failure;
}
