import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../password.ts';
import { createTestClients, type TestClients } from '../testing/index.ts';
import { DEMO_PASSWORD } from './demo/spec.ts';
import { demoNames, type SeedReport, seedDemo } from './run.ts';

// The seed runs twice in its own namespace on the shared test database (dte_test): the demo funds,
// users and global snapshot get unique names and are removed afterwards. The global catalog and
// price history are shared reference data, written idempotently, and are left in place.
const namespace = `t${randomUUID().replaceAll('-', '')}`;
const names = demoNames(namespace);
let clients: TestClients;
let first: SeedReport;
let second: SeedReport;
let fundIds: string[] = [];

beforeAll(async () => {
  clients = createTestClients({ max: 4 });
  first = await seedDemo(clients.admin, { namespace });
  second = await seedDemo(clients.admin, { namespace });
  const funds = await clients.admin.fund.findMany({
    where: { slug: { in: [names.slug('aurora'), names.slug('borealis')] } },
  });
  fundIds = funds.map((f) => f.id);
}, 120_000);

afterAll(async () => {
  if (!clients) return;
  const users = await clients.admin.user.findMany({ where: { email: { contains: `+${namespace}@` } } });
  await clients.admin.user.deleteMany({ where: { id: { in: users.map((u) => u.id) } } });
  // Deleting a fund cascades to every row it owns (accounts, positions, custom instruments...).
  await clients.admin.fund.deleteMany({ where: { id: { in: fundIds } } });
  await clients.admin.marketSnapshot.deleteMany({ where: { fundId: null, source: names.snapshotSource } });
  await clients.close();
});

describe('demo seed (real PostgreSQL, run twice)', () => {
  it('writes the expected rows and a second run changes nothing', () => {
    expect(first.counts).toMatchObject({
      funds: 2,
      users: 9,
      memberships: 10,
      positions: 300,
      customInstruments: 8,
      schedules: 4,
      lendingPositions: 10,
    });
    expect(first.counts.globalInstruments).toBeGreaterThanOrEqual(150);
    expect(first.counts.priceHistory).toBeGreaterThanOrEqual(24_759);
    expect(first.counts.marketQuotes).toBeGreaterThan(60);
    expect(second.counts).toEqual(first.counts);
    expect(second.catalog).toMatchObject({ created: 0, updated: 0 });
    expect(second.prices.inserted).toBe(0);
    expect(second.quotesCreated).toBe(0);
    for (const f of second.funds) expect(f.positions).toMatchObject({ created: 0, updated: 0 });
  });

  it('keeps one row per natural key (no duplicates)', async () => {
    const db = clients.admin;
    const refs = await db.position.groupBy({
      by: ['fundId', 'externalRef'],
      where: { fundId: { in: fundIds } },
      _count: { _all: true },
    });
    expect(refs).toHaveLength(300);
    expect(refs.every((r) => r._count._all === 1)).toBe(true);
    const snapshots = await db.marketSnapshot.count({
      where: { fundId: null, source: names.snapshotSource },
    });
    expect(snapshots).toBe(1);
    const dupPrices = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (
        SELECT token, date FROM price_history WHERE fund_id IS NULL GROUP BY token, date HAVING count(*) > 1
      ) d`;
    expect(Number(dupPrices[0]?.n)).toBe(0);
  });

  it('covers every instrument kind and settlement in positions and lending', async () => {
    const db = clients.admin;
    const held = await db.position.findMany({
      where: { fundId: { in: fundIds } },
      select: { fundId: true, instrument: { select: { kind: true, settlement: true } } },
    });
    const lent = await db.lendingPosition.findMany({
      where: { fundId: { in: fundIds } },
      select: { instrument: { select: { kind: true } } },
    });
    const kinds = new Set([...held.map((p) => p.instrument.kind), ...lent.map((l) => l.instrument?.kind)]);
    expect([...kinds].sort()).toEqual([
      'FUTURE',
      'LENDING_RESERVE',
      'LEVERAGED_TOKEN',
      'OPTION',
      'PERPETUAL',
      'SPOT',
    ]);
    for (const fundId of fundIds) {
      const groups = new Set(
        held.filter((p) => p.fundId === fundId).map((p) => `${p.instrument.kind}/${p.instrument.settlement}`),
      );
      for (const g of [
        'FUTURE/LINEAR',
        'FUTURE/INVERSE',
        'PERPETUAL/LINEAR',
        'PERPETUAL/INVERSE',
        'PERPETUAL/QUANTO',
        'OPTION/LINEAR',
        'OPTION/INVERSE',
        'LEVERAGED_TOKEN/null',
        'SPOT/null',
      ]) {
        expect(groups, `fund ${fundId} misses ${g}`).toContain(g);
      }
    }
    const isolated = await db.position.count({
      where: {
        fundId: { in: fundIds },
        marginMode: 'ISOLATED',
        isolatedMargin: { not: null },
        leverage: { not: null },
      },
    });
    expect(isolated).toBeGreaterThan(5);
    expect(
      await db.position.count({ where: { fundId: { in: fundIds }, stopPrice: { not: null } } }),
    ).toBeGreaterThan(5);
  });

  it('gives both funds users in all four roles and one user in both funds', async () => {
    const members = await clients.admin.membership.findMany({
      where: { fundId: { in: fundIds } },
      include: { user: true },
    });
    for (const fundId of fundIds) {
      const roles = new Set(members.filter((m) => m.fundId === fundId).map((m) => m.role));
      expect([...roles].sort()).toEqual(['ANALYST', 'OWNER', 'RISK_MANAGER', 'VIEWER']);
    }
    const shared = members.filter((m) => m.user.email === names.email('sam.shared@dte.example'));
    expect(shared.map((m) => m.fundId).sort()).toEqual([...fundIds].sort());
  });

  it('stores argon2id hashes of the documented demo password', async () => {
    const user = await clients.admin.user.findUniqueOrThrow({
      where: { email: names.email('olivia.owner@aurora.example') },
    });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(user.passwordHash, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(user.passwordHash, `${DEMO_PASSWORD}x`)).toBe(false);
  });

  it('sizes the Aave positions to a health factor between 1.3 and 2', async () => {
    const db = clients.admin;
    const snapshot = await db.marketSnapshot.findFirstOrThrow({
      where: { fundId: null, source: names.snapshotSource },
      include: { quotes: { where: { kind: 'SPOT' } } },
    });
    const spot = new Map(snapshot.quotes.map((q) => [q.token, Number(q.value)]));
    for (const fundId of fundIds) {
      const rows = await db.lendingPosition.findMany({ where: { fundId }, include: { instrument: true } });
      let collateral = 0;
      let debt = 0;
      for (const r of rows) {
        const value = Number(r.quantity) * (spot.get(r.token) ?? Number.NaN);
        if (r.side === 'SUPPLY' && r.usedAsCollateral)
          collateral += value * Number(r.instrument?.liquidationThreshold);
        if (r.side === 'BORROW') debt += value;
      }
      const hf = collateral / debt;
      expect(hf).toBeGreaterThanOrEqual(1.3);
      expect(hf).toBeLessThanOrEqual(2);
    }
  });
});
