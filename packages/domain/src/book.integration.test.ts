import { randomUUID } from 'node:crypto';
import { withTenant } from '@dte/db';
import { createTestClients, createTestFund, type TestClients, type TestFund } from '@dte/db/testing';
import {
  createMarketView,
  type PortfolioDocument,
  parseMarginSpec,
  parsePortfolio,
  portfolioExposures,
  portfolioLiquidations,
} from '@dte/risk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISOLATED_SUFFIX, liquidationDocument, toPortfolioDocument } from './document.ts';
import { DomainError } from './errors.ts';
import { loadBook, loadBookVersion } from './load.ts';
import { countStatements, type DemoBook, seedDemoBook } from './testing/index.ts';

let clients: TestClients;
let fund: TestFund;
let big: TestFund;
let book: DemoBook;
let bigBook: DemoBook;

beforeAll(async () => {
  clients = createTestClients({ max: 3 });
  fund = await createTestFund(clients.admin, 'domain-book');
  big = await createTestFund(clients.admin, 'domain-big');
  book = await seedDemoBook(clients.admin, fund.fundId);
  bigBook = await seedDemoBook(clients.admin, big.fundId, { extraPositions: 2000 });
});

afterAll(async () => {
  await fund?.cleanup();
  await big?.cleanup();
  await clients?.close();
});

const load = (fundId: string, snapshotId?: string) =>
  withTenant(clients.app, { fundId }, (tx) => loadBook(tx, fundId, { snapshotId: snapshotId ?? null }));

function parsed(doc: ReturnType<typeof toPortfolioDocument>): PortfolioDocument {
  return parsePortfolio(JSON.parse(JSON.stringify(doc.document)));
}

describe('loading a book through a tenant transaction', () => {
  it('loads every row of the fund and picks the latest snapshot with a SPOT quote', async () => {
    const loaded = await load(fund.fundId);
    expect(loaded.snapshot.id).toBe(book.snapshotId);
    expect(loaded.positions).toHaveLength(
      Object.keys(book.positions).length + Object.keys(book.unmapped).length,
    );
    expect(loaded.balances).toHaveLength(book.balanceCount);
    expect(loaded.lendings).toHaveLength(book.lendingCount);
    expect(loaded.snapshot.rate).toBe(0.04);
    // The NAV snapshot (same asOf) completes the market.
    expect(loaded.quotes.some((q) => q.snapshotId === book.navSnapshotId)).toBe(true);
  });

  it('uses a fixed number of statements whatever the number of positions', async () => {
    const counter = countStatements('dte-test-app');
    try {
      await load(fund.fundId);
      const small = counter.count;
      counter.reset();
      const loaded = await load(big.fundId);
      const large = counter.count;
      expect(loaded.positions.length).toBeGreaterThan(2000);
      expect(large).toBe(small);
      // BEGIN, set_config, 7 book statements, COMMIT.
      expect(small).toBe(10);
    } finally {
      counter.stop();
    }
  });

  it('never sees another fund: its snapshot is not found, its rows are not loaded', async () => {
    await expect(
      withTenant(clients.app, { fundId: big.fundId }, (tx) =>
        loadBook(tx, big.fundId, { snapshotId: book.snapshotId }),
      ),
    ).rejects.toMatchObject({ code: 'SNAPSHOT_NOT_FOUND' });
    // Asking for fund A's rows inside fund B's transaction: row-level security returns none.
    const crossed = await withTenant(clients.app, { fundId: big.fundId }, (tx) =>
      loadBook(tx, fund.fundId, { snapshotId: bigBook.snapshotId }).catch((e: unknown) => e),
    );
    if (crossed instanceof DomainError) expect(crossed.code).toBe('SNAPSHOT_NOT_FOUND');
    else expect((crossed as { positions: unknown[] }).positions).toHaveLength(0);
    await expect(
      withTenant(clients.app, { fundId: fund.fundId }, (tx) =>
        loadBook(tx, fund.fundId, { snapshotId: 'nope' }),
      ),
    ).rejects.toMatchObject({ code: 'INVALID_ID' });
  });

  it('changes the version key on any write and keeps it otherwise', async () => {
    const version = () =>
      withTenant(clients.app, { fundId: fund.fundId }, (tx) => loadBookVersion(tx, fund.fundId));
    const a = await version();
    expect((await version()).key).toBe(a.key);
    const id = book.positions.btcSpot as string;
    const before = await clients.admin.position.findUniqueOrThrow({ where: { id } });
    // Same value written again: a new row version, a new key (never a stale hit).
    await clients.admin.position.update({ where: { id }, data: { quantity: before.quantity } });
    const b = await version();
    expect(b.key).not.toBe(a.key);
    const quote = await clients.admin.marketQuote.findFirstOrThrow({
      where: { snapshotId: book.snapshotId, token: 'ETH', kind: 'SPOT' },
    });
    await clients.admin.marketQuote.update({ where: { id: quote.id }, data: { value: quote.value } });
    expect((await version()).key).not.toBe(b.key);
  });

  it('bumps the version on a write to each book table, by the app role too, and only for that fund', async () => {
    const version = (fundId: string) =>
      withTenant(clients.app, { fundId }, async (tx) => (await loadBookVersion(tx, fundId)).key);
    // Every table the book is built from, written by a no-op UPDATE of the fund's rows as the owner.
    for (const table of [
      'position',
      'balance',
      'lending_position',
      'account',
      'instrument',
      'market_snapshot',
      'market_quote',
    ]) {
      const before = await version(fund.fundId);
      const other = await version(big.fundId);
      const n = await clients.admin.$executeRawUnsafe(
        `update ${table} set fund_id = fund_id where fund_id = $1::uuid`,
        fund.fundId,
      );
      expect(n, table).toBeGreaterThan(0);
      expect(await version(fund.fundId), table).not.toBe(before);
      expect(await version(big.fundId), `${table} of another fund`).toBe(other);
    }
    // The application role in its tenant transaction: insert and delete, each a new version.
    const accountId = book.accounts['cold-storage'] as string;
    const k0 = await version(fund.fundId);
    const balanceId = await withTenant(clients.app, { fundId: fund.fundId }, async (tx) => {
      const row = await tx.balance.create({
        data: { fundId: fund.fundId, accountId, token: 'USDC', kind: 'COLLATERAL', quantity: '1' },
        select: { id: true },
      });
      return row.id;
    });
    const k1 = await version(fund.fundId);
    expect(k1).not.toBe(k0);
    await withTenant(clients.app, { fundId: fund.fundId }, (tx) =>
      tx.balance.delete({ where: { id: balanceId } }),
    );
    const k2 = await version(fund.fundId);
    expect(k2).not.toBe(k1);
    // A rolled-back write leaves the version (and the rows) as they were.
    await expect(
      withTenant(clients.app, { fundId: fund.fundId }, async (tx) => {
        await tx.balance.create({
          data: { fundId: fund.fundId, accountId, token: 'USDC', kind: 'COLLATERAL', quantity: '2' },
        });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await version(fund.fundId)).toBe(k2);
    // A global row (shared market data, the catalog) is part of every fund's book: every fund moves.
    const other = await version(big.fundId);
    const global = await clients.admin.instrument.create({
      data: {
        venue: 'test-global',
        symbol: `BV-${randomUUID()}`,
        kind: 'SPOT',
        underlying: 'BTC',
        quoteCurrency: 'USD',
        settlementCurrency: 'BTC',
        contractSize: '1',
      },
      select: { id: true },
    });
    try {
      expect(await version(fund.fundId)).not.toBe(k2);
      expect(await version(big.fundId)).not.toBe(other);
    } finally {
      await clients.admin.instrument.delete({ where: { id: global.id } });
    }
  });
});

describe('book -> portfolio document (checked by risk-core parsers)', () => {
  it('maps every kind and settlement, lists the rows it cannot value', async () => {
    const loaded = await load(fund.fundId);
    const mapped = toPortfolioDocument(loaded);
    const doc = parsed(mapped);
    const mappedCount = Object.keys(book.positions).length + book.balanceCount + 1;
    expect(doc.positions).toHaveLength(mappedCount);
    expect(mapped.refs.size).toBe(mappedCount);
    expect(mapped.unmapped.map((u) => u.rowId).sort()).toEqual(Object.values(book.unmapped).sort());
    const reason = (name: string) => mapped.unmapped.find((u) => u.rowId === book.unmapped[name])?.reason;
    expect(reason('dogeNoQuote')).toMatch(/no SPOT .*DOGE/);
    expect(reason('quantoOption')).toMatch(/QUANTO settlement is not supported/);
    expect(reason('reserveAsPosition')).toMatch(/lending reserve/);

    const byId = new Map(doc.positions.map((p) => [p.id, p]));
    const get = (name: string) => byId.get(book.positions[name] as string);
    expect(get('btcPerpInverseShort')).toMatchObject({
      kind: 'perpetual',
      settlement: 'inverse',
      contractSize: 10,
      quantity: -5000,
      entryPrice: 90500,
      account: 'deribit-main',
      venue: 'Deribit',
    });
    expect(get('btcFutureInverseLong')).toMatchObject({ kind: 'future', expiry: '2030-12-27T08:00:00.000Z' });
    expect(get('btcFutureLinearLong')).toMatchObject({ settlement: 'linear', contractSize: 5, quantity: 10 });
    expect(get('ethQuantoLong')).toMatchObject({
      settlement: 'quanto',
      settlementCoin: 'BTC',
      multiplier: 0.000001,
      quantity: 20000,
    });
    expect(get('btcCallLong')).toMatchObject({
      kind: 'option',
      settlement: 'inverse',
      optionType: 'call',
      strike: 100000,
      contractSize: 1,
    });
    expect(get('solCallLong')).toMatchObject({ settlement: 'linear', contractSize: 10, underlying: 'SOL' });
    // NAVs from the sibling snapshot: by instrument id (BTC3L) and by the token's symbol (ETH3S).
    expect(get('btc3lLong')).toMatchObject({
      kind: 'leveraged-token',
      leverage: 3,
      nav: 12.5,
      quantity: 40000,
    });
    expect(get('eth3sLong')).toMatchObject({ leverage: -3, nav: 4.2 });
    expect(get('btcSpot')).toMatchObject({ kind: 'spot', quantity: 12.5 });
    const collateral = doc.positions.filter((p) => p.kind === 'collateral');
    expect(collateral.map((p) => (p as { underlying: string }).underlying).sort()).toEqual([
      'BTC',
      'BTC',
      'USD',
      'USDC',
      'USDT',
    ]);
    const lending = doc.positions.find((p) => p.kind === 'lending');
    expect(lending).toMatchObject({
      supplies: [{ token: 'ETH', amount: 1000, liquidationThreshold: 0.83 }],
      borrows: [{ token: 'USDC', amount: 1_500_000 }],
    });
    expect(doc.market.forwards?.BTC).toHaveLength(2);
    expect(doc.market.volSurface?.BTC).toHaveLength(4);
  });

  it('produces exposures risk-core computes without error, with the catalog conventions', async () => {
    const mapped = toPortfolioDocument(await load(fund.fundId));
    const doc = parsed(mapped);
    const exposures = portfolioExposures(doc, createMarketView(doc.valuationTime, doc.market));
    const byId = new Map(exposures.map((e) => [e.id, e]));
    const leg = (name: string) => byId.get(book.positions[name] as string)?.legs[0];
    // Inverse perpetual: token delta Q / E.
    expect(leg('btcPerpInverseShort')?.deltaTokens).toBeCloseTo((-5000 * 10) / 90500, 12);
    // Linear future: q x c tokens.
    expect(leg('btcFutureLinearLong')?.deltaTokens).toBeCloseTo(50, 12);
    expect(leg('btcSpot')?.deltaTokens).toBe(12.5);
    // Leveraged token: h n L USD of the underlying.
    expect(leg('btc3lLong')?.deltaUsd).toBeCloseTo(40000 * 12.5 * 3, 6);
    for (const e of exposures) for (const l of e.legs) expect(Number.isFinite(l.deltaUsd)).toBe(true);
    const lending = exposures.find((e) => e.kind === 'lending');
    expect(lending?.healthFactor).toBeCloseTo((1000 * 3100 * 0.83) / 1_500_000, 12);
  });

  it('reads the liquidation fields: isolated positions of a cross account get their own account', async () => {
    const loaded = await load(fund.fundId);
    const mapped = toPortfolioDocument(loaded);
    const raw = JSON.parse(JSON.stringify(liquidationDocument(mapped, loaded)));
    const doc = parsePortfolio(raw);
    const spec = parseMarginSpec(raw, doc);
    const iso = doc.positions.find((p) => p.id === book.positions.ethPerpLinearIsolated);
    expect(iso?.account).toBe(`binance-usdm${ISOLATED_SUFFIX}`);
    expect(spec.contracts[book.positions.ethPerpLinearIsolated as string]?.isolatedMargin).toBe(93000);
    const result = portfolioLiquidations(doc, spec);
    const byId = new Map(result.positions.map((r) => [r.id, r]));
    const cross = byId.get(book.positions.btcPerpLinearLong as string);
    expect(cross?.margin?.mode).toBe('cross');
    expect(cross?.liquidationPrice).not.toBeNull();
    const isolated = byId.get(book.positions.ethPerpLinearIsolated as string);
    expect(isolated?.margin?.mode).toBe('isolated');
    // A short with 10x isolated margin is liquidated above the mark.
    expect(isolated?.liquidationPrice ?? 0).toBeGreaterThan(3100);
    const lending = result.positions.find((r) => r.kind === 'lending');
    expect(lending?.lending?.healthFactor).toBeCloseTo((1000 * 3100 * 0.83) / 1_500_000, 12);
  });

  it('refuses an unknown snapshot id', async () => {
    await expect(load(fund.fundId, randomUUID())).rejects.toMatchObject({ code: 'SNAPSHOT_NOT_FOUND' });
  });
});
