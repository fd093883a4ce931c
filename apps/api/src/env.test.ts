import { describe, expect, it } from 'vitest';
import { loadEnv } from './env.ts';
import { EnvError } from './errors.ts';

describe('api env', () => {
  it('defaults to port 4000 and the local services', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      PORT: 4000,
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      REDIS_URL: 'redis://127.0.0.1:6379',
      APP_DATABASE_URL: 'postgresql://dte_app:dte_app@127.0.0.1:5432/dte',
      LOG_LEVEL: 'info',
    });
  });

  it('names the invalid variable', () => {
    expect(() => loadEnv({ APP_DATABASE_URL: 'mysql://x/y' })).toThrow(EnvError);
    expect(() => loadEnv({ PORT: '70000' })).toThrow(/PORT/);
    try {
      loadEnv({ LOG_LEVEL: 'loud' });
    } catch (error) {
      expect(error).toMatchObject({ code: 'ENV_INVALID', variables: ['LOG_LEVEL'] });
    }
  });
});
