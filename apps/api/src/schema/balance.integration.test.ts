import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type As, bookCounts, caller, catalogId, ensureCatalog, firstError } from '../imports/testing.ts';
import { codeOf, createWorld, startTestApi, type TestApi, type World } from '../testing/harness.ts';

const UPSERT_BALANCE =
  'mutation($a: ID!, $t: String!, $k: BalanceKind!, $q: Decimal!) { upsertBalance(accountId: $a, token: $t, kind: $k, quantity: $q) { id token kind quantity } }';
const UPSERT_LENDING =
  'mutation($input: UpsertLendingPositionInput!) { upsertLendingPosition(input: $input) { id token side quantity usedAsCollateral instrument { symbol liquidationThreshold } } }';

describe('balances and lending positions', () => {
  let t: TestApi;
  let world: World;
  let as: As;
  let accountId: string;

  beforeAll(async () => {
    t = await startTestApi();
    await ensureCatalog(t.admin);
    world = await createWorld(t.admin, 'api-balance');
    as = caller(t, world.a);
    accountId = world.a.book.accountId;
  });
  afterAll(async () => {
    await world?.cleanup();
    await t?.stop();
  });

  it('upserts a balance per (account, token, kind), lists, filters and deletes it', async () => {
    const first = await as<{ upsertBalance: { id: string; quantity: string; token: string } }>(
      'RISK_MANAGER',
      UPSERT_BALANCE,
      {
        a: accountId,
        t: 'usdt',
        k: 'COLLATERAL',
        q: '250000.5',
      },
    );
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data?.upsertBalance).toMatchObject({ token: 'USDT', quantity: '250000.5' });
    const second = await as<{ upsertBalance: { id: string; quantity: string } }>('OWNER', UPSERT_BALANCE, {
      a: accountId,
      t: 'USDT',
      k: 'COLLATERAL',
      q: '-1200',
    });
    expect(second.body.data?.upsertBalance).toEqual({
      id: first.body.data?.upsertBalance.id,
      token: 'USDT',
      kind: 'COLLATERAL',
      quantity: '-1200',
    });
    const list = await as<{ balances: { edges: { node: { token: string; account: { id: string } } }[] } }>(
      'VIEWER',
      'query($a: ID!) { balances(first: 10, filter: { accountId: $a, kind: COLLATERAL }) { edges { node { token account { id } } } } }',
      { a: accountId },
    );
    expect(list.body.data?.balances.edges.map((e) => e.node.token)).toEqual(['BTC', 'USDT']);
    const id = first.body.data?.upsertBalance.id;
    const one = await as<{ balance: { quantity: string; account: { name: string } } }>(
      'READ',
      'query($id: ID!) { balance(id: $id) { quantity account { name } } }',
      { id },
    );
    expect(one.body.data?.balance.quantity).toBe('-1200');
    expect(
      (
        await as<{ deleteBalance: string }>('RISK_MANAGER', 'mutation($id: ID!) { deleteBalance(id: $id) }', {
          id,
        })
      ).body.data?.deleteBalance,
    ).toBe(id);
    const audit = await t.admin.auditLog.findMany({
      where: { fundId: world.a.fundId, targetId: id },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['balance.create', 'balance.update', 'balance.delete']);
  });

  it('rejects bad quantities and tokens with nothing written', async () => {
    const before = await bookCounts(t.admin, world);
    for (const [q, message] of [
      ['1e400', 'must be finite'],
      ['abc', 'must be a decimal number'],
      ['1e-19', 'decimal places'],
    ] as const) {
      const r = await as('RISK_MANAGER', UPSERT_BALANCE, { a: accountId, t: 'BTC', k: 'SPOT', q });
      expect(codeOf(r), q).toBe(q === 'abc' ? 'BAD_SCALAR' : 'BAD_USER_INPUT');
      expect(firstError(r)?.message).toContain(q === 'abc' ? '"abc"' : message);
    }
    expect(
      codeOf(await as('RISK_MANAGER', UPSERT_BALANCE, { a: accountId, t: 'B T C', k: 'SPOT', q: '1' })),
    ).toBe('BAD_USER_INPUT');
    expect(codeOf(await as('ANALYST', UPSERT_BALANCE, { a: accountId, t: 'BTC', k: 'SPOT', q: '1' }))).toBe(
      'FORBIDDEN',
    );
    expect(await bookCounts(t.admin, world)).toEqual(before);
  });

  it('upserts supply and borrow with the reserve, refuses negative quantities and wrong reserves', async () => {
    const weth = await catalogId(t.admin, 'Aave v3 Ethereum', 'WETH');
    const supply = await as<{ upsertLendingPosition: Record<string, unknown> }>(
      'RISK_MANAGER',
      UPSERT_LENDING,
      {
        input: {
          accountId,
          protocol: 'Aave v3',
          market: 'Ethereum core',
          token: 'ETH',
          side: 'SUPPLY',
          quantity: '4000',
          instrumentId: weth,
        },
      },
    );
    expect(supply.body.errors).toBeUndefined();
    expect(supply.body.data?.upsertLendingPosition).toMatchObject({
      token: 'ETH',
      side: 'SUPPLY',
      quantity: '4000',
      usedAsCollateral: true,
      instrument: { symbol: 'WETH', liquidationThreshold: '0.83' },
    });
    const borrow = await as<{ upsertLendingPosition: Record<string, unknown> }>('OWNER', UPSERT_LENDING, {
      input: {
        accountId,
        protocol: 'Aave v3',
        market: 'Ethereum core',
        token: 'USDC',
        side: 'BORROW',
        quantity: '3500000',
      },
    });
    expect(borrow.body.data?.upsertLendingPosition).toMatchObject({
      side: 'BORROW',
      usedAsCollateral: false,
    });
    const before = await bookCounts(t.admin, world);
    const negative = await as('RISK_MANAGER', UPSERT_LENDING, {
      input: { accountId, protocol: 'Aave v3', token: 'ETH', side: 'SUPPLY', quantity: '-1' },
    });
    expect(firstError(negative)?.message).toBe('quantity: must be >= 0 (got "-1")');
    const wrongReserve = await as('RISK_MANAGER', UPSERT_LENDING, {
      input: {
        accountId,
        protocol: 'Aave v3',
        token: 'BTC',
        side: 'SUPPLY',
        quantity: '1',
        instrumentId: weth,
      },
    });
    expect(firstError(wrongReserve)?.extensions?.field).toBe('token');
    const notReserve = await as('RISK_MANAGER', UPSERT_LENDING, {
      input: {
        accountId,
        protocol: 'Aave v3',
        token: 'BTC',
        side: 'SUPPLY',
        quantity: '1',
        instrumentId: await catalogId(t.admin, 'Spot', 'BTC'),
      },
    });
    expect(firstError(notReserve)?.message).toContain('not a LENDING_RESERVE');
    expect(await bookCounts(t.admin, world)).toEqual(before);
    const list = await as<{ lendingPositions: { edges: { node: { token: string; side: string } }[] } }>(
      'READ_WRITE',
      '{ lendingPositions(first: 10, filter: { protocol: "Aave v3" }) { edges { node { token side } } } }',
    );
    expect(
      list.body.data?.lendingPositions.edges.map((e) => `${e.node.token} ${e.node.side}`).sort(),
    ).toEqual(['ETH SUPPLY', 'ETH SUPPLY', 'USDC BORROW']);
    const id = (borrow.body.data?.upsertLendingPosition as { id: string } | undefined)?.id;
    const one = await as<{ lendingPosition: { quantity: string } }>(
      'VIEWER',
      'query($id: ID!) { lendingPosition(id: $id) { quantity } }',
      { id },
    );
    expect(one.body.data?.lendingPosition.quantity).toBe('3500000');
    expect(
      (
        await as<{ deleteLendingPosition: string }>(
          'RISK_MANAGER',
          'mutation($id: ID!) { deleteLendingPosition(id: $id) }',
          { id },
        )
      ).body.data?.deleteLendingPosition,
    ).toBe(id);
  });
});
