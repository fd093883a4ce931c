import { describe, expect, it } from 'vitest';
import { loadEnv } from './env.ts';
import { EnvError } from './errors.ts';

describe('worker env', () => {
  it('defaults to the local services', () => {
    const env = loadEnv({});
    expect(env.WORKER_PORT).toBe(4100);
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.APP_DATABASE_URL).toBe('postgresql://dte_app:dte_app@127.0.0.1:5432/dte');
    expect(env.QUEUE_PREFIX).toBe('dte');
  });

  it('treats empty values as unset', () => {
    expect(loadEnv({ WORKER_PORT: '', LOG_LEVEL: '' }).WORKER_PORT).toBe(4100);
  });

  it('names every invalid variable', () => {
    let caught: unknown;
    try {
      loadEnv({ WORKER_PORT: 'abc', REDIS_URL: 'http://x' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const error = caught as EnvError;
    expect(error.code).toBe('ENV_INVALID');
    expect(error.variables).toEqual(expect.arrayContaining(['WORKER_PORT', 'REDIS_URL']));
    expect(error.message).toContain('WORKER_PORT');
  });
});
