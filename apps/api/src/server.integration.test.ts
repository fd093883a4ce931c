import { testUrls } from '@dte/db/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApi, startApi } from './app.ts';
import { loadEnv } from './env.ts';

/**
 * Starts the real api on an ephemeral port against the test database, connected as the application
 * role (dte_app, migrated by the project's global setup), and the machine's Redis.
 */
const DATABASE_URL = testUrls().appUrl;
const REDIS_URL = 'redis://127.0.0.1:6379';
const logger = pino({ level: 'silent' });

async function post(port: number, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('api over HTTP (real PostgreSQL and Redis)', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(loadEnv({ PORT: '0', APP_DATABASE_URL: DATABASE_URL, REDIS_URL }), logger);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('answers the health query with both dependencies ok', async () => {
    const { status, body } = await post(api.port, {
      query: '{ health { status version uptimeSeconds database redis } }',
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        health: {
          status: 'ok',
          version: expect.stringMatching(/^\d+\.\d+\.\d+/),
          uptimeSeconds: expect.any(Number),
          database: 'ok',
          redis: 'ok',
        },
      },
    });
  });

  it('serves /healthz without touching dependencies', async () => {
    const response = await fetch(`http://127.0.0.1:${api.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('blocks a simple GET query (CSRF prevention)', async () => {
    const response = await fetch(
      `http://127.0.0.1:${api.port}/graphql?query=${encodeURIComponent('{health{status}}')}`,
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/i);
  });
});

describe('api health when a dependency is down', () => {
  it('reports degraded with the failing dependency', async () => {
    const api = await startApi(
      loadEnv({
        PORT: '0',
        APP_DATABASE_URL: 'postgresql://dte_app:dte_app@127.0.0.1:1/dte_test',
        REDIS_URL,
      }),
      logger,
    );
    try {
      const { body } = await post(api.port, { query: '{ health { status database redis } }' });
      expect(body).toEqual({ data: { health: { status: 'degraded', database: 'down', redis: 'ok' } } });
    } finally {
      await api.stop();
    }
  });
});
