/**
 * The demo market: spot = last close of the bundled price data; forwards, implied vols and the rate
 * are illustrative (clearly labelled in the snapshot's `source`). Written as one global
 * MarketSnapshot (fund_id NULL) with its MarketQuotes, matched on (source, asOf) so re-runs update
 * in place.
 */
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { QuoteKind } from '../generated/prisma/enums.ts';
import type { DailyClose } from './prices.ts';

/** Valuation time of the demo: the end of the last UTC day in the bundled price data. */
export const DEMO_AS_OF = new Date('2025-02-20T00:00:00.000Z');
/** Continuously compounded rate of the demo snapshot. */
export const DEMO_RATE = 0.04;
/** `source` of the global demo snapshot (also its natural key with `asOf`). */
export const DEMO_SNAPSHOT_SOURCE =
  'DTE demo: SPOT = 2025-02-19 close of bundled prices-daily.csv (Yahoo Finance, demo data only); FORWARD, VOL and rate are illustrative, not market data';

/** Illustrative flat implied vols (annualised). */
export const DEMO_FLAT_VOLS: Readonly<Record<string, number>> = {
  BTC: 0.55,
  ETH: 0.7,
  SOL: 0.85,
  XRP: 0.9,
  BNB: 0.6,
  ADA: 0.85,
  AVAX: 0.9,
  DOGE: 1.0,
  LINK: 0.85,
  AAVE: 0.9,
};
/** Illustrative annualised basis over the rate, so forward = spot * exp((rate + basis) * T). */
const BASIS: Readonly<Record<string, number>> = { BTC: 0.02, ETH: 0.025 };
const DEFAULT_BASIS = 0.01;
const STABLECOINS = ['USDC', 'USDT'] as const;

/** Formats a number as a plain decimal string with at most `digits` decimals (no exponent). */
export function dec(x: number, digits: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`dec: value must be finite, got ${x}`);
  const s = x.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Decimals that keep ~8 significant digits for a price of this size. */
export function priceDigits(x: number): number {
  const mag = Math.floor(Math.log10(Math.abs(x) || 1));
  return Math.min(12, Math.max(2, 7 - mag));
}

/** ACT/365 years from the demo valuation time. */
export function yearsTo(expiry: Date, asOf: Date = DEMO_AS_OF): number {
  return (expiry.getTime() - asOf.getTime()) / (365 * 24 * 3600 * 1000);
}

/** One quote to write. `strike`/`expiry` null for token-level quotes. */
export interface QuoteSpec {
  kind: QuoteKind;
  token: string;
  expiry: Date | null;
  strike: string | null;
  value: string;
}

/** The demo market as numbers (for sizing positions) plus the quotes to store. */
export interface DemoMarket {
  asOf: Date;
  rate: number;
  spot: ReadonlyMap<string, number>;
  forward(token: string, expiry: Date | null): number;
  vol(token: string, expiry: Date | null, strike: number | null): number;
  quotes: QuoteSpec[];
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo market: no ${what}`);
  return value;
}

/**
 * Builds the demo market. `expiries` lists each token's dated expiries (futures and options) and
 * `surface` the (expiry, strike) points of the BTC/ETH vol surface.
 */
export function buildDemoMarket(opts: {
  lastCloses: ReadonlyMap<string, DailyClose>;
  expiries: ReadonlyMap<string, readonly Date[]>;
  surface: ReadonlyMap<string, readonly { expiry: Date; strike: number }[]>;
}): DemoMarket {
  const spot = new Map<string, number>();
  for (const [token, row] of opts.lastCloses) spot.set(token, Number(row.close));
  for (const s of STABLECOINS) spot.set(s, 1);

  const forward = (token: string, expiry: Date | null): number => {
    const s = need(spot.get(token), `spot for ${token}`);
    if (!expiry) return s;
    const t = Math.max(0, yearsTo(expiry));
    return s * Math.exp((DEMO_RATE + (BASIS[token] ?? DEFAULT_BASIS)) * t);
  };
  const flat = (token: string): number => DEMO_FLAT_VOLS[token] ?? 0.8;
  const vol = (token: string, expiry: Date | null, strike: number | null): number => {
    if (!expiry || strike === null || !opts.surface.has(token)) return flat(token);
    const t = Math.max(1 / 365, yearsTo(expiry));
    const x = Math.log(strike / forward(token, expiry));
    // Mild smile with put skew and a slightly falling term structure.
    return flat(token) * (1 - 0.03 * (t - 1)) * (1 + 0.35 * x * x - 0.1 * x);
  };

  const quotes: QuoteSpec[] = [];
  for (const [token, s] of [...spot].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // The bundled close exactly as in the file (stablecoins: 1).
    const value = opts.lastCloses.get(token)?.close ?? dec(s, priceDigits(s));
    quotes.push({ kind: 'SPOT', token, expiry: null, strike: null, value });
  }
  for (const [token, list] of opts.expiries) {
    for (const e of list) {
      const f = forward(token, e);
      quotes.push({ kind: 'FORWARD', token, expiry: e, strike: null, value: dec(f, priceDigits(f)) });
    }
  }
  for (const token of opts.lastCloses.keys()) {
    quotes.push({ kind: 'VOL', token, expiry: null, strike: null, value: dec(flat(token), 4) });
  }
  for (const [token, points] of opts.surface) {
    for (const p of points) {
      quotes.push({
        kind: 'VOL',
        token,
        expiry: p.expiry,
        strike: String(p.strike),
        value: dec(vol(token, p.expiry, p.strike), 4),
      });
    }
  }
  return { asOf: DEMO_AS_OF, rate: DEMO_RATE, spot, forward, vol, quotes };
}

const quoteKey = (q: { kind: string; token: string; expiry: Date | null; strike: unknown }): string =>
  `${q.kind}|${q.token}|${q.expiry ? q.expiry.toISOString() : ''}|${q.strike === null ? '' : String(q.strike)}`;

/** What {@link seedMarketSnapshot} did. */
export interface SnapshotSeedResult {
  snapshotId: string;
  snapshotCreated: boolean;
  quotesCreated: number;
  quotesUpdated: number;
}

/**
 * Writes a snapshot and its quotes, idempotently: the snapshot is found by (fundId, source, asOf);
 * quotes by (kind, token, expiry, strike) within it; only missing quotes are created and only
 * changed values updated.
 */
export async function seedMarketSnapshot(
  db: PrismaClient,
  opts: { fundId: string | null; source: string; asOf: Date; rate: number; quotes: readonly QuoteSpec[] },
): Promise<SnapshotSeedResult> {
  const found = await db.marketSnapshot.findFirst({
    where: { fundId: opts.fundId, source: opts.source, asOf: opts.asOf },
    orderBy: { createdAt: 'asc' },
  });
  const rate = dec(opts.rate, 10);
  const snapshot =
    found ??
    (await db.marketSnapshot.create({
      data: { fundId: opts.fundId, source: opts.source, asOf: opts.asOf, rate },
    }));
  if (found && !found.rate.equals(rate)) {
    await db.marketSnapshot.update({ where: { id: found.id }, data: { rate } });
  }
  const existing = await db.marketQuote.findMany({ where: { snapshotId: snapshot.id } });
  const byKey = new Map(existing.map((q) => [quoteKey({ ...q, strike: q.strike?.toString() ?? null }), q]));
  const toCreate = [];
  const toUpdate = [];
  for (const q of opts.quotes) {
    const strike = q.strike === null ? null : String(Number(q.strike));
    const have = byKey.get(quoteKey({ ...q, strike }));
    if (!have) {
      toCreate.push({ snapshotId: snapshot.id, fundId: opts.fundId, ...q });
    } else if (!have.value.equals(q.value)) {
      toUpdate.push(db.marketQuote.update({ where: { id: have.id }, data: { value: q.value } }));
    }
  }
  if (toCreate.length > 0) await db.marketQuote.createMany({ data: toCreate });
  if (toUpdate.length > 0) await db.$transaction(toUpdate);
  return {
    snapshotId: snapshot.id,
    snapshotCreated: !found,
    quotesCreated: toCreate.length,
    quotesUpdated: toUpdate.length,
  };
}
