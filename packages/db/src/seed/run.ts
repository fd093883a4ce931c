/**
 * The demo seed: catalog, price history, a global demo market snapshot, two funds with users in
 * every role, accounts, ~300 positions, balances, Aave lending, limits and schedules. Idempotent:
 * every row is matched on a natural key and only missing or changed rows are written, so a second
 * run changes nothing. Run it with the owner connection (a superuser bypasses row-level security);
 * see docs/demo-data.md.
 */
import type { PrismaClient } from '../generated/prisma/client.ts';
import { type CatalogSeedResult, loadCatalogFile, seedCatalog } from './catalog.ts';
import { type CatalogRow, catalogRow } from './catalog-schema.ts';
import { seedAccounts } from './demo/accounts.ts';
import { demoLimits, demoSchedules, seedLimits, seedSchedules } from './demo/controls.ts';
import {
  demoBalances,
  healthFactor,
  planLending,
  type ReserveInfo,
  seedBalances,
  seedLending,
} from './demo/holdings.ts';
import { seedFunds, seedUsers } from './demo/people.ts';
import {
  type GenInstrument,
  generatePositions,
  type PositionSeedResult,
  seedPositions,
} from './demo/positions.ts';
import {
  DEMO_FUNDS,
  DEMO_LEVERAGED_TOKENS,
  DEMO_PASSWORD,
  DEMO_USERS,
  type DemoFundSpec,
  demoAccounts,
  LEVERAGED_TOKEN_VENUE,
} from './demo/spec.ts';
import {
  buildDemoMarket,
  DEMO_AS_OF,
  DEMO_SNAPSHOT_SOURCE,
  type DemoMarket,
  dec,
  seedMarketSnapshot,
} from './market.ts';
import { lastCloses, loadPriceFile, type PriceSeedResult, seedPriceHistory } from './prices.ts';
import { countDemoRows, type SeedCounts } from './summary.ts';

/** What one seed run did, and the resulting row counts. */
export interface SeedReport {
  catalog: CatalogSeedResult;
  prices: PriceSeedResult;
  quotesCreated: number;
  funds: { slug: string; positions: PositionSeedResult; healthFactor: number }[];
  counts: SeedCounts;
}

/** Options; paths default to the files shipped in packages/db/data. */
export interface SeedOptions {
  catalogPath?: string;
  pricesPath?: string;
  /** Called with one line per step. */
  log?: (line: string) => void;
  /**
   * Keeps this run's rows apart from the real demo (for tests on a shared database): fund slugs
   * become `<namespace>-<slug>`, emails `<local>+<namespace>@<domain>`, and the global snapshot's
   * source gets ` [<namespace>]`. The catalog and price history stay global and shared.
   */
  namespace?: string;
}

/** The names a (possibly namespaced) run uses. */
export function demoNames(namespace?: string) {
  if (namespace !== undefined && !/^[a-z0-9][a-z0-9-]{0,40}$/.test(namespace)) {
    throw new RangeError(
      `namespace: must be lower-case letters, digits and '-', at most 41 characters, got ${JSON.stringify(namespace)}`,
    );
  }
  const ns = namespace;
  return {
    slug: (slug: string) => (ns ? `${ns}-${slug}` : slug),
    email: (email: string) => {
      if (!ns) return email;
      const at = email.lastIndexOf('@');
      return `${email.slice(0, at)}+${ns}@${email.slice(at + 1)}`;
    },
    snapshotSource: ns ? `${DEMO_SNAPSHOT_SOURCE} [${ns}]` : DEMO_SNAPSHOT_SOURCE,
  };
}

const LT_SOURCE = 'https://help.bybit.com/hc/en-us/articles/4416885935769-FAQ-Bybit-Leveraged-Token';
const LT_NAV_SOURCE =
  'DTE demo: leveraged-token NAVs of fund-private demo instruments (illustrative, not market data)';

function toGen(i: {
  id: string;
  venue: string;
  symbol: string;
  kind: string;
  settlement: string | null;
  underlying: string;
  settlementCurrency: string;
  contractSize: { toString(): string };
  multiplier: { toString(): string } | null;
  expiry: Date | null;
  strike: { toString(): string } | null;
  optionType: string | null;
  tickSize: { toString(): string } | null;
}): GenInstrument {
  const num = (d: { toString(): string } | null) => (d === null ? null : Number(d.toString()));
  return {
    id: i.id,
    venue: i.venue,
    symbol: i.symbol,
    kind: i.kind,
    settlement: i.settlement,
    underlying: i.underlying,
    settlementCurrency: i.settlementCurrency,
    contractSize: Number(i.contractSize.toString()),
    multiplier: num(i.multiplier),
    expiry: i.expiry,
    strike: num(i.strike),
    optionType: i.optionType === 'CALL' || i.optionType === 'PUT' ? i.optionType : null,
    tickSize: num(i.tickSize),
  };
}

/** Expiries per underlying and the BTC/ETH surface points, from the catalog's dated rows. */
function marketShape(rows: readonly CatalogRow[]) {
  const expiries = new Map<string, Date[]>();
  const surface = new Map<string, { expiry: Date; strike: number }[]>();
  for (const r of rows) {
    if (!r.expiry) continue;
    const e = new Date(r.expiry);
    const list = expiries.get(r.underlying) ?? [];
    if (!list.some((x) => x.getTime() === e.getTime())) list.push(e);
    expiries.set(r.underlying, list);
    if (
      r.kind === 'OPTION' &&
      (r.underlying === 'BTC' || r.underlying === 'ETH') &&
      r.strike &&
      r.optionType === 'CALL'
    ) {
      const pts = surface.get(r.underlying) ?? [];
      pts.push({ expiry: e, strike: Number(r.strike) });
      surface.set(r.underlying, pts);
    }
  }
  for (const list of expiries.values()) list.sort((a, b) => a.getTime() - b.getTime());
  return { expiries, surface };
}

/** The fund-private leveraged tokens, validated like catalog rows. */
function leveragedTokenRows(): CatalogRow[] {
  return DEMO_LEVERAGED_TOKENS.map((t) =>
    catalogRow.parse({
      venue: LEVERAGED_TOKEN_VENUE,
      symbol: t.symbol,
      kind: 'LEVERAGED_TOKEN',
      underlying: t.underlying,
      quoteCurrency: 'USDT',
      settlementCurrency: 'USDT',
      contractSize: 1,
      targetLeverage: t.targetLeverage,
      sourceUrl: LT_SOURCE,
      notes: `Fund-private demo instrument modelled on Bybit's ${t.symbol} (a basket of ${t.underlying}USDT perpetual positions, ${t.targetLeverage > 0 ? 'long' : 'short'}, target leverage ${t.targetLeverage}, rebalanced when leverage leaves [2, 4]). Quantity = tokens; NAV comes from the fund's demo snapshot.`,
    }),
  );
}

async function seedFund(
  db: PrismaClient,
  spec: DemoFundSpec,
  ids: { fundId: string; ownerId: string | null },
  ctx: { globals: GenInstrument[]; market: DemoMarket; reserves: Map<string, ReserveInfo> },
) {
  const { fundId } = ids;
  const accountSpecs = demoAccounts(spec.slug);
  const accountIds = await seedAccounts(db, fundId, accountSpecs);

  await seedCatalog(db, leveragedTokenRows(), { fundId });
  const custom = (await db.instrument.findMany({ where: { fundId } })).map(toGen);
  const navs = new Map<string, number>();
  for (const t of DEMO_LEVERAGED_TOKENS) {
    const ins = custom.find((c) => c.symbol === t.symbol && c.venue === LEVERAGED_TOKEN_VENUE);
    if (ins) navs.set(ins.id, t.nav);
  }
  await seedMarketSnapshot(db, {
    fundId,
    source: LT_NAV_SOURCE,
    asOf: DEMO_AS_OF,
    rate: ctx.market.rate,
    quotes: DEMO_LEVERAGED_TOKENS.map((t) => ({
      kind: 'MARK',
      token: t.symbol,
      expiry: null,
      strike: null,
      value: String(t.nav),
    })),
  });

  const specs = generatePositions({
    slug: spec.slug,
    count: spec.positions,
    instruments: [...ctx.globals, ...custom],
    accounts: accountSpecs.map((a) => ({
      id: accountIds.get(a.name) as string,
      name: a.name,
      trades: a.trades,
      marginMode: a.marginMode,
    })),
    market: ctx.market,
    navs,
  });
  const positions = await seedPositions(db, fundId, specs);

  await seedBalances(db, fundId, accountIds, demoBalances(spec.scale));
  const lendings = planLending({
    reserves: ctx.reserves,
    prices: ctx.market.spot,
    supplies: spec.lending.supplies,
    borrowShares: spec.lending.borrowShares,
    targetHf: spec.lending.targetHealthFactor,
  });
  await seedLending(db, fundId, accountIds.get('aave-wallet') as string, lendings);

  const stored = await db.position.findMany({
    where: { fundId, externalRef: { startsWith: 'demo-' } },
    select: { id: true, externalRef: true },
  });
  const positionIds = new Map(stored.map((p) => [p.externalRef as string, p.id]));
  const stops = specs
    .filter((s) => s.stopPrice !== null)
    .map((s) => ({
      externalRef: s.externalRef,
      quantity: Number(s.quantity),
      stopPrice: s.stopPrice as string,
    }));
  await seedLimits(db, fundId, demoLimits(spec.scale, stops), {
    accounts: accountIds,
    positions: positionIds,
    createdById: ids.ownerId,
  });
  await seedSchedules(db, fundId, demoSchedules(spec.slug));
  return { slug: spec.slug, positions, healthFactor: healthFactor(lendings, ctx.market.spot) };
}

/** Runs the whole demo seed against `db` (owner connection). */
export async function seedDemo(db: PrismaClient, opts: SeedOptions = {}): Promise<SeedReport> {
  const log = opts.log ?? (() => {});
  const catalogRows = await loadCatalogFile(opts.catalogPath);
  const catalog = await seedCatalog(db, catalogRows);
  log(`catalog: ${catalog.created} created, ${catalog.updated} updated, ${catalog.unchanged} unchanged`);

  const closes = await loadPriceFile(opts.pricesPath);
  const prices = await seedPriceHistory(db, closes);
  log(`price history: ${prices.inserted} inserted, ${prices.alreadyPresent} already present`);

  const market = buildDemoMarket({ lastCloses: lastCloses(closes), ...marketShape(catalogRows) });
  const names = demoNames(opts.namespace);
  const snap = await seedMarketSnapshot(db, {
    fundId: null,
    source: names.snapshotSource,
    asOf: market.asOf,
    rate: market.rate,
    quotes: market.quotes,
  });
  log(
    `market snapshot: ${snap.snapshotCreated ? 'created' : 'kept'}, quotes ${snap.quotesCreated} created, ${snap.quotesUpdated} updated`,
  );

  const fundSpecs = DEMO_FUNDS.map((f) => ({ ...f, slug: names.slug(f.slug) }));
  const userSpecs = DEMO_USERS.map((u) => ({
    ...u,
    email: names.email(u.email),
    roles: Object.fromEntries(Object.entries(u.roles).map(([slug, role]) => [names.slug(slug), role])),
  }));
  const fundIds = await seedFunds(db, fundSpecs);
  const userIds = await seedUsers(db, userSpecs, fundIds, DEMO_PASSWORD);

  const globalRows = await db.instrument.findMany({ where: { fundId: null } });
  const globals = globalRows.map(toGen);
  const reserves = new Map<string, ReserveInfo>();
  for (const r of globalRows) {
    if (r.kind !== 'LENDING_RESERVE' || r.liquidationThreshold === null) continue;
    reserves.set(r.symbol, {
      instrumentId: r.id,
      symbol: r.symbol,
      token: r.underlying,
      liquidationThreshold: Number(r.liquidationThreshold.toString()),
    });
  }

  const funds = [];
  for (const spec of DEMO_FUNDS) {
    // Generation keys on the base slug, so a namespaced run produces the same positions.
    const fundId = fundIds.get(names.slug(spec.slug)) as string;
    const owner = userSpecs.find((u) => u.roles[names.slug(spec.slug)] === 'OWNER');
    const ownerId = owner ? (userIds.get(owner.email) ?? null) : null;
    const res = await seedFund(db, spec, { fundId, ownerId }, { globals, market, reserves });
    log(
      `fund ${spec.slug}: positions ${res.positions.created} created, ${res.positions.updated} updated; Aave HF ${dec(res.healthFactor, 3)}`,
    );
    funds.push(res);
  }
  const counts = await countDemoRows(
    db,
    [...fundIds.values()],
    userSpecs.map((u) => u.email),
    names.snapshotSource,
  );
  return { catalog, prices, quotesCreated: snap.quotesCreated, funds, counts };
}
