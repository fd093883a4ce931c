import { randomUUID } from 'node:crypto';
import { withTenant } from '@dte/db';
import {
  createTestClients,
  createTestFund,
  createTestUser,
  type TestClients,
  type TestFund,
} from '@dte/db/testing';
import { loadBook, toPortfolioDocument } from '@dte/domain';
import { countStatements, type DemoBook, seedDemoBook } from '@dte/domain/testing';
import { aggregateExposures, createMarketView, parsePortfolio, portfolioExposures } from '@dte/risk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookCache } from '../risk/book.ts';
import {
  codeOf,
  createWorld,
  issueSession,
  startTestApi,
  type TestApi,
  type World,
} from '../testing/harness.ts';

let t: TestApi;
let world: World;
let clients: TestClients;
let book: DemoBook;
let bigFund: TestFund;

const EXPOSURES = `query($snapshotId: ID, $groupBy: [ExposureDimension!], $first: Int, $after: String) {
  exposures(snapshotId: $snapshotId, groupBy: $groupBy) {
    valuationTime snapshot { id asOf rate fundOwned }
    groupBy
    totals { netDeltaUsd grossDeltaUsd notionalUsd cashGammaUsd vegaUsd thetaUsd marketValueUsd }
    tokens { token stable deltaTokens deltaUsd grossDeltaUsd notionalUsd gamma cashGammaUsd vegaUsd thetaUsd marketValueUsd }
    groups { key { underlying account venue expiryBucket } positionCount totals { netDeltaUsd } tokens { token deltaUsd } }
    coins { coin coinValue coinDelta positionCount }
    positionCount
    positions(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id source positionId legs { deltaUsd } } }
    }
    unmapped { source rowId reason }
    warnings
  }
}`;

/** Every per-position field (a small page: the complexity limit counts every field). */
const POSITIONS = `query($first: Int, $after: String) { exposures { positions(first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node {
  id source positionId rowIds accountId instrumentId account venue kind settlement underlying
  expiry expiryYears expiryBucket marketValueUsd pnlUsd healthFactor expired
  coin { coin coinValue coinDelta } unit { price delta gamma vega theta coinPrice coinDelta }
  legs { token quantityTokens notionalUsd deltaTokens deltaUsd gamma cashGammaUsd vegaUsd thetaUsd marketValueUsd } } } } } }`;

interface ExposureData {
  exposures: {
    snapshot: { id: string; fundOwned: boolean };
    totals: Record<string, number>;
    tokens: { token: string; deltaUsd: number; deltaTokens: number; gamma: number; vegaUsd: number }[];
    groups: { key: Record<string, string | null>; positionCount: number }[];
    coins: { coin: string; coinValue: number; coinDelta: number }[];
    positionCount: number;
    positions: {
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: {
        node: { id: string; source: string; positionId: string | null; legs: { deltaUsd: number }[] };
      }[];
    };
    unmapped: { rowId: string; reason: string }[];
  };
}

beforeAll(async () => {
  t = await startTestApi();
  world = await createWorld(t.admin, 'api-exposure');
  clients = createTestClients({ max: 2 });
  book = await seedDemoBook(t.admin, world.a.fundId);
  bigFund = await createTestFund(t.admin, 'api-exposure-big');
  await seedDemoBook(t.admin, bigFund.fundId, { extraPositions: 3000 });
  await t.admin.membership.create({
    data: { fundId: bigFund.fundId, userId: world.a.members.VIEWER.userId, role: 'VIEWER' },
  });
});

afterAll(async () => {
  await bigFund?.cleanup();
  await world?.cleanup();
  await clients?.close();
  await t?.stop();
});

const asViewer = (fundId = world.a.fundId) => ({ token: world.a.members.VIEWER.token, fundId });

describe('exposures', () => {
  it('equals risk-core on the @dte/domain document of the same book', async () => {
    const response = await t.gql<ExposureData>(
      EXPOSURES,
      { groupBy: ['UNDERLYING', 'ACCOUNT'], first: 30 },
      asViewer(),
    );
    expect(response.body.errors).toBeUndefined();
    const data = response.body.data?.exposures;
    expect(data?.snapshot).toEqual(expect.objectContaining({ id: book.snapshotId, fundOwned: true }));

    const loaded = await withTenant(clients.app, { fundId: world.a.fundId }, (tx) =>
      loadBook(tx, world.a.fundId),
    );
    const doc = parsePortfolio(toPortfolioDocument(loaded).document);
    const view = createMarketView(doc.valuationTime, doc.market);
    const expected = portfolioExposures(doc, view);
    const fund = aggregateExposures(expected, [], (x) => view.isStable(x))[0];
    // Same numbers (not approximately: the same code on the same document).
    expect(data?.totals).toEqual(fund?.usd);
    expect(data?.tokens.map((x) => [x.token, x.deltaUsd, x.deltaTokens, x.gamma, x.vegaUsd])).toEqual(
      fund?.tokens.map((x) => [x.token, x.deltaUsd, x.deltaTokens, x.gamma, x.vegaUsd]),
    );
    const grouped = aggregateExposures(expected, ['underlying', 'account'], (x) => view.isStable(x));
    expect(data?.groups).toHaveLength(grouped.length);
    expect(data?.groups.map((g) => g.positionCount)).toEqual(grouped.map((g) => g.positions));
    expect(data?.positionCount).toBe(expected.length);
    const nodes = data?.positions.edges.map((e) => e.node) ?? [];
    expect(nodes.map((n) => n.id)).toEqual(expected.map((e) => e.id));
    expect(nodes.map((n) => n.legs.map((l) => l.deltaUsd))).toEqual(
      expected.map((e) => e.legs.map((l) => l.deltaUsd)),
    );
    expect(nodes.find((n) => n.id === book.positions.btcSpot)).toMatchObject({
      source: 'POSITION',
      positionId: book.positions.btcSpot,
    });
    expect(data?.coins.map((c) => c.coin).sort()).toEqual(['BTC']);
    expect(data?.unmapped.map((u) => u.rowId).sort()).toEqual(Object.values(book.unmapped).sort());
  });

  it('exposes every per-position field', async () => {
    type Page = {
      exposures: {
        positions: {
          pageInfo: { hasNextPage: boolean; endCursor: string };
          edges: { node: Record<string, unknown> }[];
        };
      };
    };
    const nodes: Record<string, unknown>[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const response = await t.gql<Page>(POSITIONS, { first: 10, after }, asViewer());
      expect(response.body.errors).toBeUndefined();
      const positions = response.body.data?.exposures.positions;
      nodes.push(...(positions?.edges.map((e) => e.node) ?? []));
      if (!positions?.pageInfo.hasNextPage) break;
      after = positions.pageInfo.endCursor;
    }
    const call = nodes.find((n) => n.id === book.positions.btcCallLong);
    expect(call).toMatchObject({
      kind: 'option',
      settlement: 'inverse',
      expired: false,
      expiryBucket: '30-90d',
    });
    expect((call?.unit as { coinPrice: number } | undefined)?.coinPrice).toBeGreaterThan(0);
    expect((call?.coin as { coin: string } | undefined)?.coin).toBe('BTC');
    const expired = nodes.find((n) => n.id === book.positions.btcFutureExpired);
    expect(expired).toMatchObject({ expired: true, expiryBucket: 'expired' });
    const lending = nodes.find(
      (n) => n.id === `lending:${book.accounts['aave-wallet']}:Aave v3:Ethereum core`,
    );
    expect(lending).toMatchObject({ source: 'LENDING', positionId: null });
    expect(lending?.rowIds).toHaveLength(2);
    expect(lending?.healthFactor).toBeCloseTo((1000 * 3100 * 0.83) / 1_500_000, 12);
  });

  it('pages positions with cursors and bounds the page size', async () => {
    const first = await t.gql<ExposureData>(EXPOSURES, { first: 5 }, asViewer());
    const page1 = first.body.data?.exposures.positions;
    expect(page1?.edges).toHaveLength(5);
    expect(page1?.pageInfo.hasNextPage).toBe(true);
    const second = await t.gql<ExposureData>(
      EXPOSURES,
      { first: 5, after: page1?.pageInfo.endCursor },
      asViewer(),
    );
    const ids1 = page1?.edges.map((e) => e.node.id) ?? [];
    const ids2 = second.body.data?.exposures.positions.edges.map((e) => e.node.id) ?? [];
    expect(ids2).toHaveLength(5);
    expect(ids2.some((id) => ids1.includes(id))).toBe(false);
    const tooMany = await t.gql(
      '{ exposures { positions(first: 1000) { edges { node { id } } } } }',
      {},
      asViewer(),
    );
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
  });

  it('groups by every dimension', async () => {
    const response = await t.gql<ExposureData>(
      EXPOSURES,
      { groupBy: ['VENUE', 'EXPIRY_BUCKET'], first: 1 },
      asViewer(),
    );
    const groups = response.body.data?.exposures.groups ?? [];
    expect(groups.length).toBeGreaterThan(3);
    expect(
      groups.every((g) => g.key.venue !== null && g.key.expiryBucket !== null && g.key.underlying === null),
    ).toBe(true);
    expect(groups.some((g) => g.key.expiryBucket === 'expired')).toBe(true);
  });

  it('answers NOT_FOUND for a snapshot that is not visible or does not exist', async () => {
    const foreign = await t.admin.marketSnapshot.create({
      data: { fundId: world.b.fundId, asOf: new Date(), source: 'fund B private' },
    });
    for (const snapshotId of [foreign.id, randomUUID(), 'not-a-uuid']) {
      const response = await t.gql(EXPOSURES, { snapshotId }, asViewer());
      expect(codeOf(response)).toBe('NOT_FOUND');
    }
  });

  it('sends a number of SQL statements per request that does not grow with the positions', async () => {
    const counter = countStatements('dte-api');
    const count = async (fundId: string) => {
      counter.reset();
      const response = await t.gql<ExposureData>(EXPOSURES, { first: 10 }, asViewer(fundId));
      expect(response.body.errors).toBeUndefined();
      return { statements: counter.count, positions: response.body.data?.exposures.positionCount ?? 0 };
    };
    try {
      bookCache.clear();
      const small = await count(world.a.fundId);
      const large = await count(bigFund.fundId);
      expect(large.positions).toBeGreaterThan(3000);
      expect(large.statements).toBe(small.statements);
      // Cached book (same version): only the version statement besides auth and the transaction.
      const smallHit = await count(world.a.fundId);
      const largeHit = await count(bigFund.fundId);
      expect(largeHit.statements).toBe(smallHit.statements);
      // A query of `exposures` alone, book cached: the session, role and book version statement only.
      expect(smallHit.statements).toBe(1);
      // Miss: that statement, the read transaction (BEGIN, isolation level, fund/user/read-only
      // settings, snapshot + book version, COMMIT) and the 6 statements of the load.
      expect(small.statements).toBe(12);
      // With another root field the request uses its read transaction (one snapshot for every field):
      // the book's version is read in it: 7 statements on a hit (one of them for `fund`).
      counter.reset();
      const mixed = await t.gql<{ exposures: { positionCount: number }; fund: { id: string } }>(
        '{ exposures { positionCount } fund { id } }',
        {},
        asViewer(bigFund.fundId),
      );
      expect(mixed.body.errors).toBeUndefined();
      expect(mixed.body.data?.exposures.positionCount).toBe(large.positions);
      expect(counter.count).toBe(7);
      console.info(
        `exposures: ${small.statements} SQL statements per request (miss) / ${smallHit.statements} (cached book) at ${small.positions} and ${large.positions} positions`,
      );
    } finally {
      counter.stop();
    }
  });

  it('refuses a scenario grid over the revaluation budget (large book), accepts smaller work', async () => {
    const big = await t.gql('{ scenarioGrid { worst { pnlUsd } } }', {}, asViewer(bigFund.fundId));
    expect(codeOf(big)).toBe('QUERY_TOO_COMPLEX');
    expect(big.body.errors?.[0]?.message).toMatch(/position revaluations .* more than the 250000/);
    // Five named scenarios x 3,022 positions x 4 revaluations: within the budget.
    const stress = await t.gql('{ stressTest { pnlUsd } }', {}, asViewer(bigFund.fundId));
    expect(stress.body.errors).toBeUndefined();
    const small = await t.gql(
      '{ scenarioGrid(spotMoves: [-0.1, 0.1], volShifts: [0], extendedMoves: []) { worst { pnlUsd } } }',
      {},
      asViewer(bigFund.fundId),
    );
    expect(small.body.errors).toBeUndefined();
  });

  it('serves a cached book only for the same fund, book version and snapshot', async () => {
    const btcUsd = (d: { body: { data?: ExposureData | null } }) =>
      d.body.data?.exposures.tokens.find((x) => x.token === 'BTC')?.deltaUsd ?? Number.NaN;
    const first = await t.gql<ExposureData>(EXPOSURES, { first: 5 }, asViewer());
    expect(first.body.errors).toBeUndefined();
    // Same fund, nothing written: a hit with the same numbers.
    const hits = bookCache.hits;
    const misses = bookCache.misses;
    const again = await t.gql<ExposureData>(EXPOSURES, { first: 5 }, asViewer());
    expect(again.body.data).toEqual(first.body.data);
    expect([bookCache.hits - hits, bookCache.misses - misses]).toEqual([1, 0]);
    // Another fund, same user: its own book, never the first fund's.
    const other = await t.gql<ExposureData>(EXPOSURES, { first: 5 }, asViewer(bigFund.fundId));
    expect(other.body.data?.exposures.positionCount).toBeGreaterThan(3000);
    expect(other.body.data?.exposures.positionCount).not.toBe(first.body.data?.exposures.positionCount);
    // A market change (the BTC spot of the fund's snapshot, +10%): a miss and fresh numbers.
    const missesBefore = bookCache.misses;
    const quote = await t.admin.marketQuote.findFirstOrThrow({
      where: { snapshotId: book.snapshotId, token: 'BTC', kind: 'SPOT' },
    });
    await t.admin.marketQuote.update({ where: { id: quote.id }, data: { value: quote.value.mul(1.1) } });
    try {
      const moved = await t.gql<ExposureData>(EXPOSURES, { first: 5 }, asViewer());
      expect(moved.body.errors).toBeUndefined();
      expect(bookCache.misses - missesBefore).toBe(1);
      expect(btcUsd(moved)).not.toBeCloseTo(btcUsd(first), 3);
      // Equal to a fresh computation by risk-core on the book as it now is.
      const loaded = await withTenant(clients.app, { fundId: world.a.fundId }, (tx) =>
        loadBook(tx, world.a.fundId),
      );
      const doc = parsePortfolio(toPortfolioDocument(loaded).document);
      const view = createMarketView(doc.valuationTime, doc.market);
      const fresh = aggregateExposures(portfolioExposures(doc, view), [], (x) => view.isStable(x))[0];
      expect(btcUsd(moved)).toBeCloseTo(
        fresh?.tokens.find((x) => x.token === 'BTC')?.deltaUsd ?? Number.NaN,
        6,
      );
    } finally {
      await t.admin.marketQuote.update({ where: { id: quote.id }, data: { value: quote.value } });
    }
    // Back to the old prices: a new version (not the old entry), and the old numbers again.
    const restored = await t.gql<ExposureData>(EXPOSURES, { first: 5 }, asViewer());
    expect(bookCache.misses - missesBefore).toBe(2);
    expect(btcUsd(restored)).toBeCloseTo(btcUsd(first), 6);
  });

  it('checks session and membership on every request, also when the book is cached', async () => {
    const user = await createTestUser(t.admin, 'exposure-cached', {
      memberships: [{ fundId: world.a.fundId, role: 'VIEWER' }],
    });
    try {
      const token = await issueSession(t.admin, user.userId);
      const ask = () => t.gql(EXPOSURES, { first: 1 }, { token, fundId: world.a.fundId });
      expect((await ask()).body.errors).toBeUndefined();
      const hits = bookCache.hits;
      expect((await ask()).body.errors).toBeUndefined();
      expect(bookCache.hits - hits).toBe(1);
      // Membership removed: the next request is NOT_FOUND although the fund's book is cached.
      await t.admin.membership.deleteMany({ where: { fundId: world.a.fundId, userId: user.userId } });
      expect(codeOf(await ask())).toBe('NOT_FOUND');
      await t.admin.membership.create({
        data: { fundId: world.a.fundId, userId: user.userId, role: 'VIEWER' },
      });
      expect((await ask()).body.errors).toBeUndefined();
      // Session revoked (logout): the next request is UNAUTHENTICATED.
      await t.admin.session.updateMany({ where: { userId: user.userId }, data: { revokedAt: new Date() } });
      expect(codeOf(await ask())).toBe('UNAUTHENTICATED');
    } finally {
      await user.cleanup();
    }
  });

  it('serves a new book after a write (cache keyed by the book version)', async () => {
    const before = await t.gql<ExposureData>(EXPOSURES, { first: 1 }, asViewer());
    const btc = (d: typeof before) =>
      d.body.data?.exposures.tokens.find((x) => x.token === 'BTC')?.deltaTokens ?? 0;
    await t.admin.position.update({
      where: { id: book.positions.btcSpot as string },
      data: { quantity: '13.5' },
    });
    const after = await t.gql<ExposureData>(EXPOSURES, { first: 1 }, asViewer());
    expect(btc(after) - btc(before)).toBeCloseTo(1, 9);
    await t.admin.position.update({
      where: { id: book.positions.btcSpot as string },
      data: { quantity: '12.5' },
    });
  });
});
