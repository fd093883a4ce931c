import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { NotFoundError, RateLimitedError } from '../errors.ts';
import { formatError, isInternalError, requestError } from './errors.ts';

describe('error formatting at the edge', () => {
  it('keeps ApiError codes, messages and details', () => {
    const original = new NotFoundError('API key', 'abc');
    const wrapped = new GraphQLError(original.message, { originalError: original, path: ['apiKey'] });
    expect(formatError({ message: original.message, path: ['apiKey'] }, wrapped)).toEqual({
      message: 'API key "abc" not found',
      path: ['apiKey'],
      extensions: { code: 'NOT_FOUND', id: 'abc' },
    });
    expect(isInternalError(wrapped)).toBe(false);
  });

  it('masks unexpected errors', () => {
    const wrapped = new GraphQLError('connection refused at 10.0.0.1', { originalError: new Error('boom') });
    expect(isInternalError(wrapped)).toBe(true);
    expect(formatError({ message: wrapped.message, extensions: { requestId: 'r1' } }, wrapped)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'r1' },
    });
  });

  it('passes graphql request errors through', () => {
    const validation = new GraphQLError('Cannot query field "x"', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(
      formatError(
        { message: validation.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
        validation,
      ),
    ).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('gives request-ending errors an HTTP status and the request id', () => {
    const error = requestError(new RateLimitedError('ip', 30), 'req-1');
    expect(error.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      requestId: 'req-1',
      retryAfterSeconds: 30,
      http: { status: 429 },
    });
  });
});
