/**
 * Test harness for api integration tests: the real api on an ephemeral port, connected as the
 * application role (dte_app, no BYPASSRLS) to the test database, with real Redis; fixtures are
 * written through the owner connection in a fresh uuid namespace and removed by `cleanup()`.
 *
 * Extend `createWorld` / the isolation table (src/isolation.integration.test.ts) when adding types.
 */
import { randomUUID } from 'node:crypto';
import type { ApiKeyScope, PrismaClient, Role } from '@dte/db';
import { createTestClients, createTestFund, createTestUser, type TestFund, testUrls } from '@dte/db/testing';
import { pino } from 'pino';
import { type RunningApi, startApi } from '../app.ts';
import { newApiKey, newSessionToken } from '../auth/tokens.ts';
import { loadEnv } from '../env.ts';
import { type BookFixtures, createBookFixtures } from '../imports/testing.ts';
import { createRiskFixtures, type RiskFixtures } from '../risk/testing.ts';

/** Redis of the tests (the machine's). */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** A GraphQL response as the client sees it. */
export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: T | null;
    errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
  };
  /** Wall time of the HTTP round trip (ms). */
  ms: number;
}

/** Credentials and headers of one request. */
export interface GqlOptions {
  /** Session token or API key, sent as `Authorization: Bearer`. */
  token?: string;
  /** Sent as `X-Fund-Id`. */
  fundId?: string;
  headers?: Record<string, string>;
}

/** A running test api. */
export interface TestApi {
  port: number;
  url: string;
  api: RunningApi;
  /** Owner connection (bypasses RLS): fixtures and assertions only. */
  admin: PrismaClient;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: GqlOptions,
  ): Promise<GqlResponse<T>>;
  /** POSTs a raw body (e.g. a batch array). */
  post(body: string, headers?: Record<string, string>): Promise<GqlResponse>;
  stop(): Promise<void>;
}

/** Starts the api against the test database; `env` overrides variables (limits, NODE_ENV...). */
export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const { admin, close } = createTestClients();
  const api = await startApi(
    loadEnv({
      PORT: '0',
      APP_DATABASE_URL: testUrls().appUrl,
      REDIS_URL: TEST_REDIS_URL,
      NODE_ENV: 'test',
      RATE_LIMIT_PREFIX: `dte-test:${randomUUID()}`,
      JOBS_PREFIX: `dte-test-${randomUUID()}`,
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
      RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
      ...env,
    }),
    pino({ level: process.env.API_TEST_LOG_LEVEL ?? 'silent' }),
  );
  const url = `http://127.0.0.1:${api.port}/graphql`;
  const post = async (body: string, headers: Record<string, string> = {}): Promise<GqlResponse> => {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    const ms = performance.now() - started;
    let parsed: GqlResponse['body'];
    try {
      parsed = JSON.parse(text) as GqlResponse['body'];
    } catch {
      parsed = { errors: [{ message: text }] };
    }
    return { status: response.status, headers: response.headers, body: parsed, ms };
  };
  return {
    port: api.port,
    url,
    api,
    admin,
    post,
    gql: (query, variables, options = {}) =>
      post(JSON.stringify({ query, variables }), {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.fundId ? { 'x-fund-id': options.fundId } : {}),
        ...options.headers,
      }) as never,
    stop: async () => {
      await api.stop();
      await close();
    },
  };
}

/** Inserts a session for `userId` directly (fixtures; the login flow has its own tests). */
export async function issueSession(admin: PrismaClient, userId: string): Promise<string> {
  const { token, hash } = newSessionToken();
  const now = Date.now();
  await admin.session.create({
    data: {
      userId,
      tokenHash: hash,
      idleExpiresAt: new Date(now + 3_600_000),
      absoluteExpiresAt: new Date(now + 86_400_000),
    },
  });
  return token;
}

/** Inserts an API key of `fundId` directly; returns its id and secret. */
export async function issueApiKey(
  admin: PrismaClient,
  fundId: string,
  scope: ApiKeyScope,
): Promise<{ id: string; key: string }> {
  const { key, prefix, hash } = newApiKey();
  const row = await admin.apiKey.create({
    data: { fundId, name: `test ${scope}`, prefix, keyHash: hash, scope },
    select: { id: true },
  });
  return { id: row.id, key };
}

/** One member of a test fund, with a live session token. */
export interface WorldMember {
  userId: string;
  email: string;
  token: string;
}

/** A fund with one member per role, READ and READ_WRITE API keys. */
export interface WorldFund {
  fund: TestFund;
  fundId: string;
  members: Record<Role, WorldMember>;
  keys: Record<ApiKeyScope, { id: string; key: string }>;
  /** One row of each book table (account, custom instrument, position, balance, lending, snapshot). */
  book: BookFixtures;
  /** A limit, an alert and a risk run. */
  risk: RiskFixtures;
}

/** Two funds (A, B) populated alike; `cleanup()` removes every row created. */
export interface World {
  a: WorldFund;
  b: WorldFund;
  cleanup(): Promise<void>;
}

const ROLE_LIST: Role[] = ['OWNER', 'RISK_MANAGER', 'ANALYST', 'VIEWER'];

async function populate(
  admin: PrismaClient,
  prefix: string,
  cleanups: (() => Promise<void>)[],
): Promise<WorldFund> {
  const fund = await createTestFund(admin, prefix);
  cleanups.push(fund.cleanup);
  const members = {} as Record<Role, WorldMember>;
  for (const role of ROLE_LIST) {
    const user = await createTestUser(admin, `${prefix}-${role.toLowerCase().replace('_', '')}`, {
      memberships: [{ fundId: fund.fundId, role }],
    });
    cleanups.push(async () => {
      await admin.auditLog.deleteMany({ where: { userId: user.userId } });
      await user.cleanup();
    });
    members[role] = { userId: user.userId, email: user.email, token: await issueSession(admin, user.userId) };
  }
  const keys = {
    READ: await issueApiKey(admin, fund.fundId, 'READ'),
    READ_WRITE: await issueApiKey(admin, fund.fundId, 'READ_WRITE'),
  };
  const book = await createBookFixtures(admin, fund.fundId);
  const risk = await createRiskFixtures(admin, fund.fundId);
  return { fund, fundId: fund.fundId, members, keys, book, risk };
}

/** Creates funds A and B with members of every role and API keys (owner connection). */
export async function createWorld(admin: PrismaClient, prefix: string): Promise<World> {
  const cleanups: (() => Promise<void>)[] = [];
  const a = await populate(admin, `${prefix}-a`, cleanups);
  const b = await populate(admin, `${prefix}-b`, cleanups);
  return {
    a,
    b,
    cleanup: async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    },
  };
}

/** The first error's code, or undefined. */
export const codeOf = (response: GqlResponse): unknown => response.body.errors?.[0]?.extensions?.code;
