/**
 * Test helpers for the book data (accounts, instruments, positions, balances, lending, market data,
 * imports): the global catalog in the test database, a caller shorthand and row counts.
 */
import type { PrismaClient, Role } from '@dte/db';
import { loadCatalogFile, seedCatalog } from '@dte/db/seed';
import type { GqlResponse, TestApi, World, WorldFund } from '../testing/harness.ts';

/**
 * Makes sure the global instrument catalog is in the test database (idempotent; concurrent runs are
 * safe: the seed skips rows another run created first).
 */
export async function ensureCatalog(admin: PrismaClient): Promise<void> {
  const count = await admin.instrument.count({ where: { fundId: null } });
  if (count >= 155) return;
  await seedCatalog(admin, await loadCatalogFile());
}

/** Global catalog instrument id by venue and symbol. */
export async function catalogId(admin: PrismaClient, venue: string, symbol: string): Promise<string> {
  const row = await admin.instrument.findFirst({
    where: { fundId: null, venue, symbol },
    select: { id: true },
  });
  if (!row) throw new Error(`catalog instrument ${venue} ${symbol} missing`);
  return row.id;
}

/** A caller of fund `fund`: a role's session with X-Fund-Id, or an API key. */
export type As = <T = Record<string, unknown>>(
  who: Role | 'READ' | 'READ_WRITE',
  query: string,
  variables?: Record<string, unknown>,
) => Promise<GqlResponse<T>>;

/** `as(role, query, variables)` for fund `fund` of the world. */
export function caller(t: TestApi, fund: WorldFund): As {
  return (who, query, variables) =>
    who === 'READ' || who === 'READ_WRITE'
      ? t.gql(query, variables, { token: fund.keys[who].key })
      : t.gql(query, variables, { token: fund.members[who].token, fundId: fund.fundId });
}

/** Row counts of every book table of both funds (nothing-written assertions). */
export async function bookCounts(admin: PrismaClient, world: World): Promise<Record<string, number>> {
  const fundIds = { in: [world.a.fundId, world.b.fundId] };
  const [accounts, instruments, positions, balances, lendings, snapshots, quotes, prices, audit] =
    await Promise.all([
      admin.account.count({ where: { fundId: fundIds } }),
      admin.instrument.count({ where: { fundId: fundIds } }),
      admin.position.count({ where: { fundId: fundIds } }),
      admin.balance.count({ where: { fundId: fundIds } }),
      admin.lendingPosition.count({ where: { fundId: fundIds } }),
      admin.marketSnapshot.count({ where: { fundId: fundIds } }),
      admin.marketQuote.count({ where: { fundId: fundIds } }),
      admin.priceHistory.count({ where: { fundId: fundIds } }),
      admin.auditLog.count({ where: { fundId: fundIds } }),
    ]);
  return { accounts, instruments, positions, balances, lendings, snapshots, quotes, prices, audit };
}

/** The first error of a response (or undefined). */
export const firstError = (response: GqlResponse) => response.body.errors?.[0];

/** Book rows of one test fund (fund B's are the isolation targets). */
export interface BookFixtures {
  accountId: string;
  /** A custom (fund-private) instrument. */
  instrumentId: string;
  positionId: string;
  balanceId: string;
  lendingId: string;
  /** A fund-owned market snapshot with one quote. */
  snapshotId: string;
}

/** Creates one row of every book table for `fundId` through the owner connection. */
export async function createBookFixtures(admin: PrismaClient, fundId: string): Promise<BookFixtures> {
  const tag = fundId.slice(0, 8);
  const account = await admin.account.create({
    data: { fundId, name: `book-${tag}`, venue: 'Deribit', kind: 'EXCHANGE' },
    select: { id: true },
  });
  const instrument = await admin.instrument.create({
    data: {
      fundId,
      venue: 'Test venue',
      symbol: `BOOK-${tag}-PERP`,
      kind: 'PERPETUAL',
      settlement: 'LINEAR',
      underlying: 'BTC',
      quoteCurrency: 'USDT',
      settlementCurrency: 'USDT',
      contractSize: '0.001',
    },
    select: { id: true },
  });
  const position = await admin.position.create({
    data: { fundId, accountId: account.id, instrumentId: instrument.id, quantity: '12', entryPrice: '95000' },
    select: { id: true },
  });
  const balance = await admin.balance.create({
    data: { fundId, accountId: account.id, token: 'BTC', kind: 'COLLATERAL', quantity: '1.5' },
    select: { id: true },
  });
  const lending = await admin.lendingPosition.create({
    data: {
      fundId,
      accountId: account.id,
      protocol: 'Aave v3',
      token: 'ETH',
      side: 'SUPPLY',
      quantity: '10',
    },
    select: { id: true },
  });
  const snapshot = await admin.marketSnapshot.create({
    data: {
      fundId,
      asOf: new Date('2025-02-20T00:00:00Z'),
      source: `book fixture ${tag}`,
      quotes: { create: [{ fundId, kind: 'SPOT', token: 'BTC', value: '96000' }] },
    },
    select: { id: true },
  });
  return {
    accountId: account.id,
    instrumentId: instrument.id,
    positionId: position.id,
    balanceId: balance.id,
    lendingId: lending.id,
    snapshotId: snapshot.id,
  };
}

/** Every book row of both funds as comparable JSON (isolation: nothing changed). */
export async function bookSnapshot(admin: PrismaClient, fundIds: string[]): Promise<string> {
  const where = { fundId: { in: fundIds } };
  const byId = { id: 'asc' } as const;
  const rows = await Promise.all([
    admin.account.findMany({ where, orderBy: byId }),
    admin.instrument.findMany({ where, orderBy: byId }),
    admin.position.findMany({ where, orderBy: byId }),
    admin.balance.findMany({ where, orderBy: byId }),
    admin.lendingPosition.findMany({ where, orderBy: byId }),
    admin.marketSnapshot.findMany({ where, orderBy: byId }),
    admin.marketQuote.findMany({ where, orderBy: byId }),
    admin.priceHistory.findMany({ where, orderBy: byId }),
  ]);
  return JSON.stringify(rows);
}

/** Like {@link caller}, but POSTs to the upload endpoint (`/graphql/upload`, large bodies). */
export function uploader(t: TestApi, fund: WorldFund): As {
  return async <T = Record<string, unknown>>(
    who: Role | 'READ' | 'READ_WRITE',
    query: string,
    variables?: Record<string, unknown>,
  ) => {
    const token = who === 'READ' || who === 'READ_WRITE' ? fund.keys[who].key : fund.members[who].token;
    const started = performance.now();
    const response = await fetch(`${t.url}/upload`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...(who === 'READ' || who === 'READ_WRITE' ? {} : { 'x-fund-id': fund.fundId }),
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: GqlResponse<T>['body'];
    try {
      body = JSON.parse(text) as GqlResponse<T>['body'];
    } catch {
      body = { errors: [{ message: text }] };
    }
    return { status: response.status, headers: response.headers, body, ms: performance.now() - started };
  };
}

/** Reads a fixture CSV of src/imports/fixtures. */
export async function fixture(name: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}
