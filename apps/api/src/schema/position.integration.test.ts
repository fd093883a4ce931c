import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type As, bookCounts, caller, catalogId, ensureCatalog, firstError } from '../imports/testing.ts';
import { codeOf, createWorld, startTestApi, type TestApi, type World } from '../testing/harness.ts';

interface PositionNode {
  id: string;
  quantity: string;
  updatedAt: string;
  instrument: { symbol: string; expiry: string | null; venue: string };
  account: { name: string };
}
interface Page {
  positions: {
    totalCount: number;
    edges: { cursor: string; node: PositionNode }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string; startCursor: string };
  };
}

const PAGE = `query($first: Int, $after: String, $last: Int, $before: String, $filter: PositionFilter, $orderBy: PositionOrder) {
  positions(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    totalCount
    edges { cursor node { id quantity updatedAt instrument { symbol expiry venue } account { name } } }
    pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
  }
}`;

const CREATE = `mutation($input: CreatePositionInput!) { createPosition(input: $input) { id quantity entryPrice } }`;

describe('positions: CRUD, filters, keyset pagination', () => {
  let t: TestApi;
  let world: World;
  let as: As;
  let accountId: string;
  let hedgeId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApi();
    await ensureCatalog(t.admin);
    world = await createWorld(t.admin, 'api-pos');
    as = caller(t, world.a);
    for (const [venue, symbol] of [
      ['Deribit', 'BTC-PERPETUAL'],
      ['Deribit', 'BTC-25DEC26'],
      ['Deribit', 'BTC-26MAR27-100000-C'],
      ['Deribit', 'ETH-25JUN27-3000-P'],
      ['Binance USD-M', 'BTCUSDT'],
      ['OKX', 'BTC-USD-SWAP'],
      ['Aave v3 Ethereum', 'WETH'],
    ] as const)
      ids[symbol] = await catalogId(t.admin, venue, symbol);
    const created = await as<{ createAccount: { id: string } }>(
      'RISK_MANAGER',
      'mutation { createAccount(input: { name: "deribit-main", venue: "Deribit", kind: EXCHANGE }) { id } }',
    );
    expect(created.body.errors).toBeUndefined();
    accountId = created.body.data?.createAccount.id ?? '';
    const hedge = await as<{ createAccount: { id: string } }>(
      'OWNER',
      'mutation($p: ID!) { createAccount(input: { name: "deribit-hedge", venue: "Deribit", kind: SUB_ACCOUNT, parentId: $p }) { id } }',
      { p: accountId },
    );
    hedgeId = hedge.body.data?.createAccount.id ?? '';
  });
  afterAll(async () => {
    await world?.cleanup();
    await t?.stop();
  });

  it('creates positions (RISK_MANAGER), rejects bad numbers with nothing written', async () => {
    const rows: [string, string, string][] = [
      ['BTC-PERPETUAL', '-2500', '97000.5'],
      ['BTC-25DEC26', '1200', '101000'],
      ['BTC-26MAR27-100000-C', '25.5', '0.0815'],
      ['ETH-25JUN27-3000-P', '-40', '0.12'],
      ['BTCUSDT', '3.25', '96500'],
      ['BTC-USD-SWAP', '-700', '96800'],
    ];
    for (const [symbol, quantity, entryPrice] of rows) {
      const r = await as<{ createPosition: { quantity: string } }>('RISK_MANAGER', CREATE, {
        input: {
          accountId: symbol.startsWith('BTC-2') ? hedgeId : accountId,
          instrumentId: ids[symbol],
          quantity,
          entryPrice,
        },
      });
      expect(r.body.errors, symbol).toBeUndefined();
      expect(r.body.data?.createPosition.quantity).toBe(quantity);
    }
    const before = await bookCounts(t.admin, world);
    const bad: [Record<string, unknown>, string, string][] = [
      [{ quantity: '1', entryPrice: '-5' }, 'entryPrice', 'must be > 0'],
      [{ quantity: '1', entryPrice: '1e400' }, 'entryPrice', 'must be finite'],
      [{ quantity: '1e400' }, 'quantity', 'must be finite'],
      [{ quantity: '0' }, 'quantity', 'must not be 0'],
      [{ quantity: '1', leverage: '0' }, 'leverage', 'must be > 0'],
      [{ quantity: '1', entryPrice: '0.0000000000000000001' }, 'entryPrice', 'decimal places'],
      [{ quantity: '1', isolatedMargin: '5' }, 'isolatedMargin', 'ISOLATED'],
    ];
    for (const [input, field, message] of bad) {
      const r = await as('RISK_MANAGER', CREATE, {
        input: { accountId, instrumentId: ids['BTC-PERPETUAL'], ...input },
      });
      expect(codeOf(r), JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(firstError(r)?.extensions?.field).toBe(field);
      expect(firstError(r)?.message).toContain(message);
    }
    // NaN and Infinity cannot even be Decimal literals: the variable is refused before the resolver.
    for (const value of ['NaN', 'Infinity', '-Infinity']) {
      const r = await as('RISK_MANAGER', CREATE, {
        input: { accountId, instrumentId: ids['BTC-PERPETUAL'], quantity: '1', entryPrice: value },
      });
      expect(r.status).toBe(400);
      expect(firstError(r)?.message).toContain('entryPrice');
      expect(firstError(r)?.message).toContain(value);
    }
    // Lending reserves are lending positions; ANALYST may not write positions.
    expect(
      codeOf(
        await as('RISK_MANAGER', CREATE, { input: { accountId, instrumentId: ids.WETH, quantity: '1' } }),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      codeOf(
        await as('ANALYST', CREATE, {
          input: { accountId, instrumentId: ids['BTC-PERPETUAL'], quantity: '1' },
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(await bookCounts(t.admin, world)).toEqual(before);
  });

  it('walks every ordering forwards and backwards in pages without repeats or gaps', async () => {
    const all = await as<Page>('VIEWER', PAGE, { first: 40 });
    expect(all.body.errors).toBeUndefined();
    const total = all.body.data?.positions.totalCount ?? 0;
    // Six made here plus the world's book fixture position.
    expect(total).toBe(7);
    for (const field of ['INSTRUMENT', 'QUANTITY', 'EXPIRY', 'UPDATED_AT', 'CREATED_AT']) {
      for (const direction of ['ASC', 'DESC']) {
        const orderBy = { field, direction };
        const full = await as<Page>('VIEWER', PAGE, { first: 40, orderBy });
        expect(full.body.errors, `${field} ${direction}`).toBeUndefined();
        const expected = full.body.data?.positions.edges.map((e) => e.node.id) ?? [];
        expect(expected).toHaveLength(total);
        // Forward in pages of 2.
        const forward: string[] = [];
        let after: string | undefined;
        for (let i = 0; i < 10; i += 1) {
          const page = await as<Page>('VIEWER', PAGE, { first: 2, after, orderBy });
          const edges = page.body.data?.positions.edges ?? [];
          forward.push(...edges.map((e) => e.node.id));
          if (!page.body.data?.positions.pageInfo.hasNextPage) break;
          after = page.body.data.positions.pageInfo.endCursor;
        }
        expect(forward, `${field} ${direction} forward`).toEqual(expected);
        // Backward in pages of 4.
        const backward: string[] = [];
        let before: string | undefined;
        for (let i = 0; i < 10; i += 1) {
          const page = await as<Page>('VIEWER', PAGE, { last: 4, before, orderBy });
          const edges = page.body.data?.positions.edges ?? [];
          backward.unshift(...edges.map((e) => e.node.id));
          if (!page.body.data?.positions.pageInfo.hasPreviousPage) break;
          before = page.body.data.positions.pageInfo.startCursor;
        }
        expect(backward, `${field} ${direction} backward`).toEqual(expected);
        // Sorted as asked (EXPIRY: perpetuals last in both directions).
        const nodes = full.body.data?.positions.edges.map((e) => e.node) ?? [];
        if (field === 'QUANTITY') {
          const q = nodes.map((n) => Number(n.quantity));
          expect(q).toEqual([...q].sort((x, y) => (direction === 'ASC' ? x - y : y - x)));
        }
        if (field === 'EXPIRY') {
          const expiries = nodes.map((n) => n.instrument.expiry);
          const dated = expiries.filter((e): e is string => e !== null);
          expect(expiries.slice(dated.length).every((e) => e === null)).toBe(true);
          expect(dated).toEqual(
            [...dated].sort((x, y) => (direction === 'ASC' ? x.localeCompare(y) : y.localeCompare(x))),
          );
        }
      }
    }
  });

  it('keeps a cursor valid when its row is deleted, and rejects foreign or malformed cursors', async () => {
    const orderBy = { field: 'QUANTITY', direction: 'ASC' };
    const first = await as<Page>('VIEWER', PAGE, { first: 2, orderBy });
    const edges = first.body.data?.positions.edges ?? [];
    const cursor = first.body.data?.positions.pageInfo.endCursor ?? '';
    const full = await as<Page>('VIEWER', PAGE, { first: 40, orderBy });
    const rest = (full.body.data?.positions.edges ?? []).slice(2).map((e) => e.node.id);
    // Delete the cursor's row through a temporary copy: create one at the same spot instead.
    const victim = edges[1]?.node.id ?? '';
    const snapshot = await t.admin.position.findUniqueOrThrow({ where: { id: victim } });
    await t.admin.position.delete({ where: { id: victim } });
    const next = await as<Page>('VIEWER', PAGE, { first: 40, after: cursor, orderBy });
    expect(next.body.data?.positions.edges.map((e) => e.node.id)).toEqual(rest);
    await t.admin.position.create({ data: snapshot });
    expect(codeOf(await as('VIEWER', PAGE, { first: 2, after: cursor, orderBy: { field: 'EXPIRY' } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await as('VIEWER', PAGE, { first: 2, after: 'not-a-cursor' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await as('VIEWER', '{ positions(first: 101) { totalCount } }'))).toBe('BAD_USER_INPUT');
  });

  it('filters by account, venue, underlying, kind, settlement, expiry and |quantity|', async () => {
    const count = async (filter: Record<string, unknown>) => {
      const r = await as<Page>('READ', PAGE, { first: 40, filter });
      expect(r.body.errors, JSON.stringify(filter)).toBeUndefined();
      return r.body.data?.positions.totalCount;
    };
    expect(await count({ accountId: hedgeId })).toBe(2);
    expect(await count({ accountId })).toBe(4);
    expect(await count({ venue: 'Deribit' })).toBe(4);
    expect(await count({ underlying: 'eth' })).toBe(1);
    expect(await count({ kind: 'OPTION' })).toBe(2);
    expect(await count({ settlement: 'LINEAR' })).toBe(2);
    expect(await count({ expiryBefore: '2027-01-01T00:00:00Z' })).toBe(1);
    expect(await count({ expiryAfter: '2027-01-01T00:00:00Z' })).toBe(2);
    expect(await count({ minAbsQuantity: '700' })).toBe(3);
    expect(codeOf(await as('READ', PAGE, { first: 1, filter: { minAbsQuantity: '-1' } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await as('READ', PAGE, { first: 1, filter: { accountId: randomUUID() } }))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await as('READ', PAGE, { first: 1, filter: { accountId: 'nope' } }))).toBe('NOT_FOUND');
  });

  it('updates, closes and deletes with audit entries', async () => {
    const created = await as<{ createPosition: { id: string } }>('OWNER', CREATE, {
      input: { accountId, instrumentId: ids.BTCUSDT, quantity: '-1.5', entryPrice: '95000' },
    });
    const id = created.body.data?.createPosition.id ?? '';
    const updated = await as<{
      updatePosition: { quantity: string; entryPrice: string | null; leverage: string };
    }>(
      'RISK_MANAGER',
      'mutation($id: ID!) { updatePosition(id: $id, input: { quantity: "-2", entryPrice: null, leverage: "10", marginMode: ISOLATED, isolatedMargin: "19000" }) { quantity entryPrice leverage } }',
      { id },
    );
    expect(updated.body.errors).toBeUndefined();
    expect(updated.body.data?.updatePosition).toEqual({ quantity: '-2', entryPrice: null, leverage: '10' });
    const closed = await as<{ closePosition: { quantity: string } }>(
      'RISK_MANAGER',
      'mutation($id: ID!) { closePosition(id: $id, exitPrice: "96000") { quantity } }',
      { id },
    );
    expect(closed.body.data?.closePosition.quantity).toBe('0');
    const deleted = await as<{ deletePosition: string }>(
      'RISK_MANAGER',
      'mutation($id: ID!) { deletePosition(id: $id) }',
      {
        id,
      },
    );
    expect(deleted.body.data?.deletePosition).toBe(id);
    const actions = await t.admin.auditLog.findMany({
      where: { fundId: world.a.fundId, targetId: id },
      orderBy: { createdAt: 'asc' },
      select: { action: true, details: true },
    });
    expect(actions.map((a) => a.action)).toEqual([
      'position.create',
      'position.update',
      'position.close',
      'position.delete',
    ]);
    expect(actions[2]?.details).toMatchObject({ quantityBefore: '-2', exitPrice: '96000' });
    expect(codeOf(await as('RISK_MANAGER', 'mutation($id: ID!) { deletePosition(id: $id) }', { id }))).toBe(
      'NOT_FOUND',
    );
  });

  it('loads account and instrument relations and reads one position', async () => {
    const page = await as<Page>('VIEWER', PAGE, { first: 1, filter: { accountId: hedgeId } });
    const node = page.body.data?.positions.edges[0]?.node;
    expect(node?.account.name).toBe('deribit-hedge');
    expect(node?.instrument.symbol).toBe('BTC-25DEC26');
    const one = await as<{ position: { id: string; instrument: { venue: string } } }>(
      'READ_WRITE',
      'query($id: ID!) { position(id: $id) { id instrument { venue } } }',
      { id: node?.id },
    );
    expect(one.body.data?.position.instrument.venue).toBe('Deribit');
  });
});
