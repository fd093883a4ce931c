import { describe, expect, it } from 'vitest';
import { DEFAULTS, loadStartConfig, redactUrl } from '../env.ts';

describe('pnpm start configuration', () => {
  it('defaults to the local services and remembers that nothing was set', () => {
    const config = loadStartConfig([], { PATH: '/bin' });
    expect(config).toMatchObject({
      databaseUrl: DEFAULTS.DATABASE_URL,
      databaseUrlGiven: false,
      redisUrl: DEFAULTS.REDIS_URL,
      redisUrlGiven: false,
      embedded: 'auto',
      embeddedPort: 54329,
      skipSeed: false,
      ports: { api: 4000, worker: 4100, web: 3000 },
    });
    expect(config.baseEnv.PATH).toBe('/bin');
  });

  it('marks explicit URLs so they are never replaced', () => {
    const config = loadStartConfig([], {
      DATABASE_URL: 'postgresql://u@db:5432/dte',
      REDIS_URL: 'redis://r:6379',
    });
    expect(config.databaseUrlGiven).toBe(true);
    expect(config.redisUrlGiven).toBe(true);
  });

  it('reads the embedded switch from env and flags (flags win)', () => {
    expect(loadStartConfig([], { DTE_EMBEDDED_POSTGRES: '1' }).embedded).toBe('always');
    expect(loadStartConfig([], { DTE_EMBEDDED_POSTGRES: '0' }).embedded).toBe('never');
    expect(loadStartConfig(['--embedded-postgres'], { DTE_EMBEDDED_POSTGRES: '0' }).embedded).toBe('always');
    expect(loadStartConfig(['--skip-seed'], {}).skipSeed).toBe(true);
    expect(loadStartConfig([], { DTE_SKIP_SEED: 'true' }).skipSeed).toBe(true);
  });

  it('names the invalid variable and rejects unknown flags', () => {
    expect(() => loadStartConfig([], { REDIS_URL: 'http://nope' })).toThrow(/REDIS_URL/);
    expect(() => loadStartConfig([], { WEB_PORT: '0' })).toThrow(/WEB_PORT/);
    expect(() => loadStartConfig(['--fast'], {})).toThrow(expect.objectContaining({ code: 'ENV_INVALID' }));
  });

  it('runs sub-steps with the pnpm that launched it', () => {
    expect(loadStartConfig([], { npm_execpath: '/x/pnpm.cjs' }).pnpm).toEqual({
      command: process.execPath,
      args: ['/x/pnpm.cjs'],
    });
    expect(loadStartConfig([], {}).pnpm).toEqual({ command: 'pnpm', args: [] });
  });

  it('hides passwords in printed URLs', () => {
    expect(redactUrl('postgresql://dte_app:secret@h:5432/dte')).toBe('postgresql://dte_app:***@h:5432/dte');
  });
});
