import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningWorker, startWorker } from './app.ts';
import { loadEnv } from './env.ts';
import { TEST_DATABASE_URL, TEST_REDIS_URL, uniquePrefix } from './test-support.ts';

const logger = pino({ level: 'silent' });

describe('worker process health endpoints', () => {
  let running: RunningWorker | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  const start = (overrides: Record<string, string>) =>
    startWorker(
      loadEnv({
        APP_DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: TEST_REDIS_URL,
        WORKER_PORT: '0',
        QUEUE_PREFIX: uniquePrefix('health'),
        ...overrides,
      }),
      logger,
    );

  it('answers /healthz and a ready /readyz against real Redis and PostgreSQL', async () => {
    running = await start({});
    const base = `http://127.0.0.1:${running.port}`;
    const live = await fetch(`${base}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ok', redis: 'ok', database: 'ok' });
    expect(ready.status).toBe(200);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('reports 503 degraded when the database does not answer', async () => {
    running = await start({ APP_DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/postgres' });
    const ready = await fetch(`http://127.0.0.1:${running.port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'degraded', redis: 'ok', database: 'down' });
  });
});
