import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { webBuildNeeded } from '../../../scripts/lib/web-build.ts';
import {
  type Child,
  freePort,
  NEXT,
  ROOT,
  run,
  startChild,
  stopChild,
  TSX,
  WEB_DIR,
  waitFor,
} from './stack.ts';

/** What the tests get through `inject`. */
declare module 'vitest' {
  export interface ProvidedContext {
    webUrl: string;
    apiUrl: string;
    artifacts: string;
    /** Seconds the stack took to start (migrate, seed, build, processes). */
    setupSeconds: number;
  }
}

/** Owner (migrator) connection: E2E_DATABASE_OWNER_URL, else DATABASE_URL's server, else the local default. */
const OWNER_URL =
  process.env.E2E_DATABASE_OWNER_URL ||
  process.env.DATABASE_URL ||
  'postgresql://postgres@127.0.0.1:5432/postgres';
const DB_NAME = process.env.E2E_DATABASE_NAME ?? 'dte_e2e';

function dbUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Starts the REAL stack for the browser tests: a fresh PostgreSQL database `dte_e2e` (dropped and
 * re-created, migrated, demo seed), the api and the worker (tsx, as `pnpm start` runs them) with a
 * private Redis key prefix, and the web app (`next build` when the build is missing or older than
 * the sources, then `next start`), each on a free port. Everything is stopped afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const began = Date.now();
  const ownerUrl = dbUrl(OWNER_URL, DB_NAME);
  // App role (no BYPASSRLS): APP_DATABASE_URL's credentials when set, else dte_app on the owner's server.
  const appUrl = (() => {
    if (process.env.APP_DATABASE_URL) return dbUrl(process.env.APP_DATABASE_URL, DB_NAME);
    const url = new URL(dbUrl(OWNER_URL, DB_NAME));
    url.username = 'dte_app';
    url.password = 'dte_app';
    return url.toString();
  })();
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `dte-e2e-${randomBytes(4).toString('hex')}`;
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  const children: Child[] = [];

  const { default: pg } = await import('pg');
  // Maintenance connection to the server's `postgres` database (the e2e database is dropped and re-created).
  const admin = new pg.Client({ connectionString: dbUrl(OWNER_URL, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await admin.end();
  }
  const dbDir = join(ROOT, 'packages', 'db');
  const building = webBuildNeeded(WEB_DIR)
    ? run('next build', NEXT, ['build'], WEB_DIR, { ...env, NODE_ENV: 'production' }, 600_000)
    : Promise.resolve('');
  await run('migrate', TSX, ['scripts/migrate.ts', '--url', ownerUrl, '--app-url', appUrl], dbDir, env);
  await run('seed', TSX, ['scripts/seed.ts', '--url', ownerUrl], dbDir, env);

  const [apiPort, workerPort, webPort] = [await freePort(), await freePort(), await freePort()];
  const common: NodeJS.ProcessEnv = {
    ...env,
    NODE_ENV: 'production',
    APP_DATABASE_URL: appUrl,
    REDIS_URL: redisUrl,
    LOG_LEVEL: 'warn',
  };
  const api = startChild('api', TSX, ['src/main.ts'], join(ROOT, 'apps', 'api'), {
    ...common,
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    JOBS_PREFIX: prefix,
    RATE_LIMIT_PREFIX: `${prefix}-rl`,
    // The browser tests log in a dozen times a minute from one address.
    RATE_LIMIT_LOGIN_PER_MINUTE: '200',
    COOKIE_SECURE: 'false',
  });
  children.push(api);
  const worker = startChild('worker', TSX, ['src/main.ts'], join(ROOT, 'apps', 'worker'), {
    ...common,
    WORKER_PORT: String(workerPort),
    WORKER_HOST: '127.0.0.1',
    QUEUE_PREFIX: prefix,
  });
  children.push(worker);
  const stop = async () => {
    await Promise.all(children.reverse().map((c) => stopChild(c)));
    await cleanRedis(redisUrl, prefix);
  };
  try {
    const apiUrl = `http://127.0.0.1:${apiPort}/graphql`;
    await waitFor(
      'the api health',
      async () => {
        const r = await fetch(apiUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ health { status } }' }),
        });
        return (
          ((await r.json()) as { data?: { health?: { status?: string } } }).data?.health?.status === 'ok'
        );
      },
      api,
    );
    await waitFor(
      'the worker readiness',
      async () => (await fetch(`http://127.0.0.1:${workerPort}/readyz`)).ok,
      worker,
    );
    await building;
    const web = startChild('web', NEXT, ['start', '-p', String(webPort), '-H', '127.0.0.1'], WEB_DIR, {
      ...env,
      NODE_ENV: 'production',
      API_URL: apiUrl,
      WEB_PORT: String(webPort),
    });
    children.push(web);
    const webUrl = `http://127.0.0.1:${webPort}`;
    await waitFor('the web app', async () => (await fetch(`${webUrl}/login`)).ok, web);
    const artifacts = join(ROOT, 'test-artifacts', 'web-e2e');
    rmSync(artifacts, { recursive: true, force: true });
    mkdirSync(artifacts, { recursive: true });
    project.provide('webUrl', webUrl);
    project.provide('apiUrl', apiUrl);
    project.provide('artifacts', artifacts);
    project.provide('setupSeconds', Math.round((Date.now() - began) / 1000));
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}

/** Deletes the run's BullMQ and rate-limit keys. */
async function cleanRedis(url: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Redis gone: nothing to clean.
  } finally {
    redis.disconnect();
  }
}
