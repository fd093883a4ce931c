import { describe, expect, it } from 'vitest';
import {
  DEFAULT_APP_DATABASE_URL,
  DEFAULT_DATABASE_URL,
  DEFAULT_TEST_APP_DATABASE_URL,
  DEFAULT_TEST_DATABASE_URL,
  parseDbEnv,
} from '../src/env.ts';
import { EnvError } from '../src/errors.ts';

function envError(source: Record<string, string>): EnvError {
  try {
    parseDbEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error('expected an EnvError');
}

describe('parseDbEnv', () => {
  it('falls back to the local defaults when variables are unset or empty', () => {
    const env = parseDbEnv({ APP_DATABASE_URL: '' });
    expect(env).toMatchObject({
      DATABASE_URL: DEFAULT_DATABASE_URL,
      APP_DATABASE_URL: DEFAULT_APP_DATABASE_URL,
      TEST_DATABASE_URL: DEFAULT_TEST_DATABASE_URL,
      TEST_APP_DATABASE_URL: DEFAULT_TEST_APP_DATABASE_URL,
      DATABASE_POOL_MAX: 10,
    });
    expect(env.PRISMA_SCHEMA_ENGINE_BINARY).toBeUndefined();
  });

  it('keeps valid values and coerces the pool size', () => {
    const env = parseDbEnv({
      DATABASE_URL: 'postgres://owner:pw@db.internal:6543/risk',
      DATABASE_POOL_MAX: '25',
    });
    expect(env.DATABASE_URL).toBe('postgres://owner:pw@db.internal:6543/risk');
    expect(env.DATABASE_POOL_MAX).toBe(25);
  });

  it.each([
    ['DATABASE_URL', 'mysql://root@localhost/dte', 'postgresql://'],
    ['DATABASE_URL', 'not a url', 'must be a URL'],
    ['TEST_DATABASE_URL', 'postgresql://postgres@127.0.0.1:5432', 'must name a database'],
    ['APP_DATABASE_URL', 'postgresql://127.0.0.1:5432/dte', 'must name the user'],
    ['TEST_APP_DATABASE_URL', 'postgresql://127.0.0.1/dte_test?sslmode=disable', 'must name the user'],
    ['DATABASE_POOL_MAX', 'lots', 'DATABASE_POOL_MAX'],
    ['DATABASE_POOL_MAX', '0', 'DATABASE_POOL_MAX'],
  ])('%s=%s is rejected with an error naming the variable and the value', (variable, value, hint) => {
    const error = envError({ [variable]: value });
    expect(error.code).toBe('INVALID_ENV');
    expect(error.field).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).toContain(hint);
    expect(error.message).toContain(JSON.stringify(value));
  });

  it('never prints a password in the error', () => {
    const error = envError({ APP_DATABASE_URL: 'postgresql://dte_app:s3cret@127.0.0.1:5432/' });
    expect(error.message).toContain('APP_DATABASE_URL');
    expect(error.message).not.toContain('s3cret');
    expect(error.message).toContain('***');
  });
});
