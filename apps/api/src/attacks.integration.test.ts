import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ALIASES, MAX_DEPTH, MAX_TOKENS } from './graphql/limits.ts';
import {
  codeOf,
  createWorld,
  type GqlResponse,
  startTestApi,
  type TestApi,
  type World,
} from './testing/harness.ts';

/** Every hostile shape must be refused well before it costs anything. */
const FAST_MS = 200;

describe('query-shape attacks are rejected fast with a clear error', () => {
  let t: TestApi;
  let world: World;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApi();
    world = await createWorld(t.admin, 'api-attack');
    // Warm up (first request compiles and connects).
    await t.gql('{ health { status } }');
  });
  afterAll(async () => {
    console.info(
      `query-shape attacks (ms): ${Object.entries(timings)
        .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
        .join(', ')}`,
    );
    await world?.cleanup();
    await t?.stop();
  });

  const auth = () => ({ token: world.a.members.OWNER.token, fundId: world.a.fundId });
  const record = (name: string, response: GqlResponse) => {
    timings[name] = response.ms;
    expect(response.ms).toBeLessThan(FAST_MS);
  };

  it('depth 20', async () => {
    let body = 'id';
    for (let i = 0; i < 18; i += 1) body = `${i % 2 ? 'fund' : 'memberships'} { ${body} }`;
    const response = await t.gql(`{ me { ${body} } }`, {}, auth());
    record('depth20', response);
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((e) => e.message)).toContain(
      `query depth 20 exceeds the limit ${MAX_DEPTH}`,
    );
    expect(response.body.data).toBeUndefined();
  });

  it('100 aliases', async () => {
    const query = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: health { status }`).join(' ')} }`;
    const response = await t.gql(query);
    record('aliases100', response);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]).toMatchObject({
      message: `more than ${MAX_ALIASES} aliases in the document`,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('2000 duplicate fields', async () => {
    const query = `{ health { ${'status '.repeat(2000)}} }`;
    const response = await t.gql(query);
    record('duplicates2000', response);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(response.body.errors?.[0]?.message).toMatch(
      new RegExp(`Document contains more th[ae][nt] ${MAX_TOKENS} tokens`),
    );
  });

  it('recursive fragments', async () => {
    const query = '{ me { ...A } } fragment A on Me { kind ...B } fragment B on Me { fundId ...A }';
    const response = await t.gql(query, {}, auth());
    record('recursiveFragments', response);
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.body.errors?.[0]?.message).toMatch(/Cannot spread fragment "A" within itself/);
  });

  it('100-operation HTTP batch', async () => {
    const batch = JSON.stringify(Array.from({ length: 100 }, () => ({ query: '{ health { status } }' })));
    const response = await t.post(batch);
    record('batch100', response);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(/batching/i);
  });

  it('first: 1e9 (as an Int and as a float literal)', async () => {
    const asInt = await t.gql('{ auditLogs(first: 1000000000) { edges { node { id } } } }', {}, auth());
    record('first1e9', asInt);
    expect(asInt.body.errors?.[0]).toMatchObject({
      message: 'first: must be <= 100 (got 1000000000)',
      extensions: { code: 'BAD_USER_INPUT', field: 'first', value: 1000000000 },
    });
    expect(asInt.body.data).toBeNull();
    const asFloat = await t.gql('{ auditLogs(first: 1e9) { edges { node { id } } } }', {}, auth());
    record('first1e9literal', asFloat);
    expect(codeOf(asFloat)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(asFloat.body.errors?.[0]?.message).toMatch(/Int cannot represent non-integer value: 1e9/);
  });

  it('oversized bodies are refused before parsing', async () => {
    const response = await t.post(JSON.stringify({ query: `{ health { status } } #${'x'.repeat(200_000)}` }));
    record('body200k', response);
    expect(response.status).toBe(413);
    expect(codeOf(response)).toBe('BAD_REQUEST');
  });
});

describe('hardening', () => {
  it('blocks CSRF-able requests (GET and form posts)', async () => {
    const t = await startTestApi();
    try {
      const get = await fetch(`${t.url}?query=${encodeURIComponent('{ health { status } }')}`);
      expect(get.status).toBe(400);
      const form = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ query: '{ health { status } }' }),
      });
      expect(form.status).toBe(400);
    } finally {
      await t.stop();
    }
  });

  it('in production: no introspection, no field suggestions', async () => {
    const prod = await startTestApi({ NODE_ENV: 'production' });
    const dev = await startTestApi({ NODE_ENV: 'development' });
    try {
      const introspection = '{ __schema { queryType { name } } }';
      expect(codeOf(await prod.gql(introspection))).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await dev.gql(introspection)).body.data).toEqual({
        __schema: { queryType: { name: 'Query' } },
      });
      const typo = '{ healt { status } }';
      expect((await dev.gql(typo)).body.errors?.[0]?.message).toMatch(/Did you mean "health"/);
      const prodTypo = await prod.gql(typo);
      expect(codeOf(prodTypo)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(prodTypo.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
    } finally {
      await prod.stop();
      await dev.stop();
    }
  });

  it('masks internal errors, with a request id in the response and the log', async () => {
    // The database is unreachable: authenticating a bearer token fails inside the api.
    const t = await startTestApi({ APP_DATABASE_URL: 'postgresql://dte_app:dte_app@127.0.0.1:1/dte_test' });
    try {
      const response = await t.gql('{ me { kind } }', {}, { token: `dts_${'A'.repeat(43)}` });
      expect(response.status).toBe(500);
      const error = response.body.errors?.[0];
      expect(error?.message).toBe('Internal server error');
      expect(error?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error?.extensions?.requestId).toBe(response.headers.get('x-request-id'));
      expect(JSON.stringify(response.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
    } finally {
      await t.stop();
    }
  });

  it('every error carries the request id (also from a trusted X-Request-Id)', async () => {
    const t = await startTestApi();
    try {
      const response = await t.gql('{ me { kind } }', {}, { headers: { 'x-request-id': 'trace-123' } });
      expect(response.body.errors?.[0]?.extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        requestId: 'trace-123',
      });
      expect(response.headers.get('x-request-id')).toBe('trace-123');
    } finally {
      await t.stop();
    }
  });

  it('rate limits per user, per API key, per IP, and logins per IP (429 + Retry-After)', async () => {
    const t = await startTestApi({
      RATE_LIMIT_PER_MINUTE: '5',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '5',
      RATE_LIMIT_LOGIN_PER_MINUTE: '3',
    });
    const world = await createWorld(t.admin, 'api-rl');
    try {
      const hammer = async (n: number, options = {}, query = '{ health { status } }') => {
        const codes: unknown[] = [];
        for (let i = 0; i < n; i += 1) codes.push(codeOf(await t.gql(query, {}, options)));
        return codes;
      };
      const user = await hammer(6, { token: world.a.members.VIEWER.token });
      expect(user.slice(0, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
      expect(user[5]).toBe('RATE_LIMITED');
      // Another user and an API key have their own budgets.
      expect(await hammer(1, { token: world.a.members.ANALYST.token })).toEqual([undefined]);
      const key = await hammer(6, { token: world.a.keys.READ.key });
      expect(key[5]).toBe('RATE_LIMITED');
      const limited = await t.gql('{ health { status } }', {}, { token: world.a.keys.READ.key });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Logins per IP (3/min), on top of the per-account lock-out.
      const login = `mutation { login(email: "nobody-${randomUUID()}@test.invalid", password: "whatever whatever") { token } }`;
      const logins = await hammer(4, { token: world.a.members.OWNER.token }, login);
      expect(logins).toEqual([
        'INVALID_CREDENTIALS',
        'INVALID_CREDENTIALS',
        'INVALID_CREDENTIALS',
        'RATE_LIMITED',
      ]);
    } finally {
      await world.cleanup();
      await t.stop();
    }
  });
});
