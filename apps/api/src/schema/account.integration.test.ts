import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type As, bookCounts, caller, catalogId, ensureCatalog, firstError } from '../imports/testing.ts';
import { codeOf, createWorld, startTestApi, type TestApi, type World } from '../testing/harness.ts';

describe('accounts: CRUD, sub-accounts, conflicts', () => {
  let t: TestApi;
  let world: World;
  let as: As;

  beforeAll(async () => {
    t = await startTestApi();
    await ensureCatalog(t.admin);
    world = await createWorld(t.admin, 'api-account');
    as = caller(t, world.a);
  });
  afterAll(async () => {
    await world?.cleanup();
    await t?.stop();
  });

  const create = (who: Parameters<As>[0], input: Record<string, unknown>) =>
    as<{ createAccount: { id: string; name: string; parent: { name: string } | null } }>(
      who,
      'mutation($input: CreateAccountInput!) { createAccount(input: $input) { id name parent { name } } }',
      { input },
    );

  it('creates accounts and sub-accounts, lists and reads them', async () => {
    const main = await create('OWNER', {
      name: 'okx-main',
      venue: 'OKX',
      kind: 'EXCHANGE',
      externalRef: 'uid-1',
    });
    expect(main.body.errors).toBeUndefined();
    const mainId = main.body.data?.createAccount.id;
    const sub = await create('RISK_MANAGER', {
      name: 'okx-sub',
      venue: 'OKX',
      kind: 'SUB_ACCOUNT',
      marginMode: 'ISOLATED',
      parentId: mainId,
    });
    expect(sub.body.data?.createAccount.parent).toEqual({ name: 'okx-main' });
    const list = await as<{
      accounts: { edges: { node: { name: string; children: { name: string }[] } }[] };
    }>(
      'VIEWER',
      '{ accounts(first: 10, filter: { venue: "OKX" }) { edges { node { name children { name } } } } }',
    );
    expect(list.body.data?.accounts.edges.map((e) => e.node)).toEqual([
      { name: 'okx-main', children: [{ name: 'okx-sub' }] },
      { name: 'okx-sub', children: [] },
    ]);
    const one = await as<{ account: { marginMode: string; positionCount: number } }>(
      'READ',
      'query($id: ID!) { account(id: $id) { marginMode positionCount } }',
      { id: sub.body.data?.createAccount.id },
    );
    expect(one.body.data?.account).toEqual({ marginMode: 'ISOLATED', positionCount: 0 });
  });

  it('refuses duplicate names, cycles, empty names and ANALYST writes, writing nothing', async () => {
    const before = await bookCounts(t.admin, world);
    const dup = await create('OWNER', { name: 'okx-main', venue: 'OKX', kind: 'EXCHANGE' });
    expect(codeOf(dup)).toBe('CONFLICT');
    expect(firstError(dup)?.extensions?.field).toBe('name');
    expect(codeOf(await create('OWNER', { name: '  ', venue: 'OKX', kind: 'EXCHANGE' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await create('ANALYST', { name: 'x', venue: 'OKX', kind: 'EXCHANGE' }))).toBe('FORBIDDEN');
    const accounts = await t.admin.account.findMany({ where: { fundId: world.a.fundId, venue: 'OKX' } });
    const main = accounts.find((a) => a.name === 'okx-main');
    const sub = accounts.find((a) => a.name === 'okx-sub');
    const cycle = await as(
      'OWNER',
      'mutation($id: ID!, $p: ID!) { updateAccount(id: $id, input: { parentId: $p }) { id } }',
      {
        id: main?.id,
        p: sub?.id,
      },
    );
    expect(codeOf(cycle)).toBe('BAD_USER_INPUT');
    expect(firstError(cycle)?.message).toContain('own ancestor');
    expect(await bookCounts(t.admin, world)).toEqual(before);
  });

  it('updates, detaches and deletes (contents only with deleteContents) with audit entries', async () => {
    const sub = await t.admin.account.findFirstOrThrow({
      where: { fundId: world.a.fundId, name: 'okx-sub' },
    });
    const updated = await as<{ updateAccount: { name: string; parentId: string | null } }>(
      'RISK_MANAGER',
      'mutation($id: ID!) { updateAccount(id: $id, input: { name: "okx-iso", parentId: null }) { name parentId } }',
      { id: sub.id },
    );
    expect(updated.body.data?.updateAccount).toEqual({ name: 'okx-iso', parentId: null });
    await t.admin.position.create({
      data: {
        fundId: world.a.fundId,
        accountId: sub.id,
        instrumentId: await catalogId(t.admin, 'OKX', 'BTC-USDT-SWAP'),
        quantity: '5',
      },
    });
    const refused = await as('RISK_MANAGER', 'mutation($id: ID!) { deleteAccount(id: $id) }', { id: sub.id });
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(firstError(refused)?.message).toContain('deleteContents');
    const deleted = await as<{ deleteAccount: string }>(
      'RISK_MANAGER',
      'mutation($id: ID!) { deleteAccount(id: $id, deleteContents: true) }',
      { id: sub.id },
    );
    expect(deleted.body.data?.deleteAccount).toBe(sub.id);
    expect(await t.admin.position.count({ where: { accountId: sub.id } })).toBe(0);
    const audit = await t.admin.auditLog.findMany({
      where: { fundId: world.a.fundId, targetId: sub.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['account.create', 'account.update', 'account.delete']);
    expect(audit[2]?.details).toMatchObject({ positions: 1 });
  });
});
