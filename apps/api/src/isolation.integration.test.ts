import { randomUUID } from 'node:crypto';
import type { PrismaClient, Role } from '@dte/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAtLeast } from './auth/roles.ts';
import { bookSnapshot, catalogId, ensureCatalog } from './imports/testing.ts';
import { riskRowsSnapshot } from './risk/testing.ts';
import {
  codeOf,
  createWorld,
  type GqlResponse,
  startTestApi,
  type TestApi,
  type World,
} from './testing/harness.ts';
import { ISOLATION_CASES, type IsolationCase, type IsolationTargets } from './testing/isolation.ts';

/** A caller from fund A's side: a role's session selecting A, or an API key (with its role). */
interface Attacker {
  name: string;
  token: string;
  fundId?: string;
  role: Role;
}

/** Everything of both funds that a cross-tenant attempt could change, as comparable JSON. */
async function snapshot(admin: PrismaClient, world: World): Promise<string> {
  const fundIds = [world.a.fundId, world.b.fundId];
  const [funds, memberships, apiKeys, auditCount] = await Promise.all([
    admin.fund.findMany({ where: { id: { in: fundIds } }, orderBy: { id: 'asc' } }),
    admin.membership.findMany({ where: { fundId: { in: fundIds } }, orderBy: { id: 'asc' } }),
    admin.apiKey.findMany({
      where: { fundId: { in: fundIds } },
      orderBy: { id: 'asc' },
      select: { id: true, revokedAt: true, scope: true, name: true, expiresAt: true },
    }),
    admin.auditLog.count({ where: { fundId: { in: fundIds } } }),
  ]);
  const book = await bookSnapshot(admin, fundIds);
  const risk = await riskRowsSnapshot(admin, fundIds);
  return JSON.stringify({ funds, memberships, apiKeys, auditCount, book, risk });
}

/** A global catalog instrument (fund A's legitimate instrument argument). */
async function ownInstrument(t: TestApi): Promise<string> {
  await ensureCatalog(t.admin);
  return catalogId(t.admin, 'Deribit', 'BTC-PERPETUAL');
}

const allowed = (testCase: IsolationCase, role: Role): boolean =>
  testCase.minRole === 'member' ||
  testCase.minRole === 'authenticated' ||
  roleAtLeast(role, testCase.minRole);

describe('tenant isolation: fund A principals against fund B ids', () => {
  let t: TestApi;
  let world: World;
  let targets: IsolationTargets;
  let attackers: Attacker[];

  beforeAll(async () => {
    t = await startTestApi();
    world = await createWorld(t.admin, 'api-iso');
    targets = {
      fundId: world.b.fundId,
      apiKeyId: world.b.keys.READ.id,
      memberUserId: world.b.members.ANALYST.userId,
      ownerUserId: world.b.members.OWNER.userId,
      book: world.b.book,
      own: { accountId: world.a.book.accountId, instrumentId: await ownInstrument(t) },
      risk: world.b.risk,
    };
    const roles: Role[] = ['OWNER', 'RISK_MANAGER', 'ANALYST', 'VIEWER'];
    attackers = [
      ...roles.map((role) => ({
        name: `A ${role}`,
        token: world.a.members[role].token,
        fundId: world.a.fundId,
        role,
      })),
      { name: 'A READ key', token: world.a.keys.READ.key, role: 'VIEWER' },
      { name: 'A READ_WRITE key', token: world.a.keys.READ_WRITE.key, role: 'ANALYST' },
    ];
  });
  afterAll(async () => {
    await world?.cleanup();
    await t?.stop();
  });

  it('answers NOT_FOUND (or the role’s FORBIDDEN, same as for a random id) and changes nothing', async () => {
    const before = await snapshot(t.admin, world);
    const failures: string[] = [];
    let attempts = 0;
    for (const testCase of ISOLATION_CASES) {
      for (const attacker of attackers) {
        const options = { token: attacker.token, ...(attacker.fundId ? { fundId: attacker.fundId } : {}) };
        const extra = testCase.variables?.(targets) ?? {};
        const foreign: GqlResponse = await t.gql(
          testCase.document,
          { ...extra, id: testCase.id(targets) },
          options,
        );
        const random: GqlResponse = await t.gql(testCase.document, { ...extra, id: randomUUID() }, options);
        attempts += 2;
        const expected = allowed(testCase, attacker.role) ? 'NOT_FOUND' : 'FORBIDDEN';
        const got = codeOf(foreign);
        if (got !== expected || codeOf(random) !== expected || foreign.body.data != null)
          failures.push(
            `${testCase.name} as ${attacker.name}: ${String(got)} (random id: ${String(codeOf(random))})`,
          );
        // Same message shape as for an id that does not exist: nothing tells the two apart.
        const normalise = (r: GqlResponse) =>
          r.body.errors?.[0]?.message.replace(/"[0-9a-f-]{36}"/g, '"<id>"');
        if (normalise(foreign) !== normalise(random))
          failures.push(`${testCase.name} as ${attacker.name}: messages differ`);
      }
    }
    // Fund B's API keys cannot select fund A.
    for (const key of [world.b.keys.READ, world.b.keys.READ_WRITE]) {
      for (const testCase of ISOLATION_CASES) {
        const response = await t.gql(
          testCase.document,
          { ...(testCase.variables?.(targets) ?? {}), id: randomUUID() },
          { token: key.key, fundId: world.a.fundId },
        );
        attempts += 1;
        if (codeOf(response) !== 'NOT_FOUND')
          failures.push(`${testCase.name} with a B key selecting A: ${String(codeOf(response))}`);
      }
    }
    // Every fund-A session selecting fund B is refused before any resolver.
    for (const role of ['OWNER', 'VIEWER'] as const) {
      const response = await t.gql(
        '{ fund { id } }',
        {},
        { token: world.a.members[role].token, fundId: world.b.fundId },
      );
      attempts += 1;
      if (codeOf(response) !== 'NOT_FOUND')
        failures.push(`A ${role} selecting B: ${String(codeOf(response))}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot(t.admin, world)).toBe(before);
    console.info(
      `tenant isolation: ${attempts} cross-tenant attempts over ${ISOLATION_CASES.length} id-taking fields, 0 leaks, 0 rows changed`,
    );
    expect(attempts).toBeGreaterThanOrEqual(ISOLATION_CASES.length * 14);
    // ~800 sequential requests: allow for a loaded machine (the project default is 30 s).
  }, 180_000);

  it('lists only the caller’s fund data', async () => {
    const { OWNER } = world.a.members;
    const opts = { token: OWNER.token, fundId: world.a.fundId };
    const response = await t.gql<{
      members: { user: { id: string } }[];
      apiKeys: { id: string }[];
      funds: { id: string }[];
      auditLogs: { edges: { node: { id: string } }[] };
    }>(
      '{ members { user { id } } apiKeys { id } funds { id } auditLogs(first: 100) { edges { node { id } } } }',
      {},
      opts,
    );
    expect(response.body.errors).toBeUndefined();
    const data = response.body.data;
    const bUsers = new Set(Object.values(world.b.members).map((m) => m.userId));
    expect(data?.members.some((m) => bUsers.has(m.user.id))).toBe(false);
    expect(data?.members).toHaveLength(4);
    expect(data?.apiKeys.map((k) => k.id).sort()).toEqual(
      [world.a.keys.READ.id, world.a.keys.READ_WRITE.id].sort(),
    );
    expect(data?.funds).toEqual([{ id: world.a.fundId }]);
    const bAudit = await t.admin.auditLog.findMany({
      where: { fundId: world.b.fundId },
      select: { id: true },
    });
    const seen = new Set(data?.auditLogs.edges.map((e) => e.node.id));
    expect(bAudit.some((row) => seen.has(row.id))).toBe(false);
  });
});
