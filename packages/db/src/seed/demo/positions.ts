/**
 * Deterministic demo positions: a seeded PRNG picks (instrument, account) pairs, sizes and entry
 * prices, so every run produces the same rows with the same `externalRef` (`demo-0001`, ...).
 * Every instrument kind and settlement a fund can hold in a Position is covered first; the rest is
 * a shuffled draw. Lending positions are separate (see lending.ts).
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { MarginMode } from '../../generated/prisma/enums.ts';
import { black76 } from '../black76.ts';
import { type DemoMarket, dec, priceDigits, yearsTo } from '../market.ts';
import { createRng, type Rng, seedFromString } from '../prng.ts';

/** The instrument fields the generator needs (numbers instead of Decimals). */
export interface GenInstrument {
  id: string;
  venue: string;
  symbol: string;
  kind: string;
  settlement: string | null;
  underlying: string;
  settlementCurrency: string;
  contractSize: number;
  multiplier: number | null;
  expiry: Date | null;
  strike: number | null;
  optionType: 'CALL' | 'PUT' | null;
  tickSize: number | null;
}

/** An account and the instrument venues it trades. */
export interface GenAccount {
  id: string;
  name: string;
  trades: readonly string[];
  marginMode?: MarginMode;
}

/** One position row to write (decimals as strings). */
export interface PositionSpec {
  externalRef: string;
  accountId: string;
  instrumentId: string;
  quantity: string;
  entryPrice: string | null;
  marginMode: MarginMode | null;
  isolatedMargin: string | null;
  leverage: string | null;
  stopPrice: string | null;
  openedAt: Date;
  note: string;
}

/** Accounts where some perpetuals are opened in isolated margin (all of them in an ISOLATED account). */
const ISOLATED_ACCOUNTS = new Set(['binance-usdm', 'okx-main', 'bybit-main', 'bitmex-main']);
const LEVERAGES = [2, 3, 5, 10, 20] as const;
const STABLES = new Set(['USDC', 'USDT', 'USD']);

/** The (kind/settlement) groups every fund must hold at least once. */
export const REQUIRED_GROUPS = [
  'SPOT/-',
  'FUTURE/LINEAR',
  'FUTURE/INVERSE',
  'PERPETUAL/LINEAR',
  'PERPETUAL/INVERSE',
  'PERPETUAL/QUANTO',
  'OPTION/LINEAR',
  'OPTION/INVERSE',
  'LEVERAGED_TOKEN/-',
] as const;

/** Relative weight of each group in the draw after coverage (pools that run dry drop out). */
const GROUP_WEIGHTS: Readonly<Record<string, number>> = {
  'OPTION/INVERSE': 0.34,
  'OPTION/LINEAR': 0.07,
  'FUTURE/INVERSE': 0.12,
  'FUTURE/LINEAR': 0.06,
  'PERPETUAL/LINEAR': 0.16,
  'PERPETUAL/INVERSE': 0.14,
  'PERPETUAL/QUANTO': 0.02,
  'SPOT/-': 0.06,
  'LEVERAGED_TOKEN/-': 0.03,
};

export const groupOf = (i: { kind: string; settlement: string | null }): string =>
  `${i.kind}/${i.settlement ?? '-'}`;

function roundTo(x: number, step: number): number {
  return Math.round(x / step) * step;
}

function formatPrice(x: number, tick: number | null): string {
  if (tick) {
    const digits = Math.max(0, -Math.floor(Math.log10(tick) + 1e-9));
    return dec(Math.max(tick, roundTo(x, tick)), digits + 1);
  }
  return dec(x, priceDigits(x));
}

/** Quantity step (contracts) of an instrument in the demo. */
function quantityStep(ins: GenInstrument, price: number): number {
  if (ins.kind === 'SPOT') return price > 1000 ? 0.0001 : price > 1 ? 0.01 : 1;
  if (ins.kind === 'LEVERAGED_TOKEN') return 0.01;
  if (ins.kind === 'OPTION') return ins.underlying === 'BTC' ? 0.1 : 1;
  // Binance USD-M one-token contracts trade in fractions; every other venue in whole contracts.
  if (ins.settlement === 'LINEAR' && ins.contractSize === 1)
    return price > 10000 ? 0.001 : price > 1000 ? 0.01 : 0.1;
  return 1;
}

function stepDigits(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

interface Sized {
  quantity: number;
  step: number;
  entry: number | null;
  usdNotional: number;
}

/** Contracts for a USD notional, and a plausible entry price, per instrument kind and settlement. */
function size(ins: GenInstrument, market: DemoMarket, rng: Rng, usd: number, nav: number | undefined): Sized {
  const spot = market.spot.get(ins.underlying);
  if (spot === undefined) throw new Error(`demo positions: no spot for ${ins.underlying} (${ins.symbol})`);
  const fwd = market.forward(ins.underlying, ins.expiry);
  let perContractUsd: number;
  let entry: number | null;
  switch (ins.kind) {
    case 'SPOT':
      perContractUsd = spot;
      entry = STABLES.has(ins.underlying) ? null : spot * rng.uniform(0.65, 1.1);
      break;
    case 'LEVERAGED_TOKEN': {
      const n = nav ?? 1;
      perContractUsd = n;
      entry = n * rng.uniform(0.8, 1.15);
      break;
    }
    case 'OPTION': {
      perContractUsd = spot * ins.contractSize;
      const k = ins.strike as number;
      const t = Math.max(1 / 365, yearsTo(ins.expiry as Date, market.asOf));
      const vol = market.vol(ins.underlying, ins.expiry, k) * rng.uniform(0.9, 1.1);
      const usdPremium = black76({
        forward: fwd,
        strike: k,
        vol,
        years: t,
        rate: market.rate,
        type: ins.optionType ?? 'CALL',
      });
      // Inverse options are quoted in coin per coin; linear (USDC) options in USDC per token.
      entry = ins.settlement === 'INVERSE' ? Math.max(0.0005, usdPremium / fwd) : Math.max(0.01, usdPremium);
      break;
    }
    default: {
      entry = fwd * rng.uniform(0.88, 1.08);
      if (ins.settlement === 'INVERSE') perContractUsd = ins.contractSize;
      else if (ins.settlement === 'QUANTO') {
        const coin = market.spot.get(ins.settlementCurrency);
        if (coin === undefined) throw new Error(`demo positions: no spot for ${ins.settlementCurrency}`);
        perContractUsd = fwd * (ins.multiplier ?? 0) * coin;
      } else perContractUsd = fwd * ins.contractSize;
    }
  }
  const step = quantityStep(ins, perContractUsd);
  const quantity = Math.max(step, roundTo(usd / perContractUsd, step));
  return { quantity, step, entry, usdNotional: quantity * perContractUsd };
}

/**
 * Generates `count` positions for a fund. The same (slug, inputs) always give the same output.
 * `navs` gives the NAV of leveraged tokens by instrument id.
 */
export function generatePositions(opts: {
  slug: string;
  count: number;
  instruments: readonly GenInstrument[];
  accounts: readonly GenAccount[];
  market: DemoMarket;
  navs?: ReadonlyMap<string, number>;
}): PositionSpec[] {
  const rng = createRng(seedFromString(`positions:${opts.slug}`));
  const sorted = [...opts.instruments].sort((a, b) => (a.venue + a.symbol < b.venue + b.symbol ? -1 : 1));
  const pairs: { ins: GenInstrument; acc: GenAccount }[] = [];
  for (const acc of opts.accounts) {
    for (const ins of sorted) {
      if (ins.kind !== 'LENDING_RESERVE' && acc.trades.includes(ins.venue)) pairs.push({ ins, acc });
    }
  }
  if (pairs.length < opts.count) {
    throw new Error(
      `demo positions (${opts.slug}): count ${opts.count} exceeds the ${pairs.length} available pairs`,
    );
  }
  const shuffled = rng.shuffle(pairs);
  // Coverage first: one pair per required group, then every leveraged token.
  const chosen: typeof pairs = [];
  for (const g of REQUIRED_GROUPS) {
    const p = shuffled.find((x) => groupOf(x.ins) === g);
    if (!p) throw new Error(`demo positions (${opts.slug}): no instrument for required group ${g}`);
    chosen.push(p);
  }
  for (const p of shuffled) if (p.ins.kind === 'LEVERAGED_TOKEN' && !chosen.includes(p)) chosen.push(p);
  // Then a weighted draw over groups, so the many option strikes do not crowd out everything else.
  const pools = new Map<string, typeof pairs>();
  for (const p of shuffled) {
    if (chosen.includes(p)) continue;
    const list = pools.get(groupOf(p.ins)) ?? [];
    list.push(p);
    pools.set(groupOf(p.ins), list);
  }
  while (chosen.length < opts.count) {
    const open = [...pools].filter(([, list]) => list.length > 0);
    const total = open.reduce((sum, [g]) => sum + (GROUP_WEIGHTS[g] ?? 0.01), 0);
    let u = rng.uniform(0, total);
    let pickFrom = open[open.length - 1];
    for (const entry of open) {
      u -= GROUP_WEIGHTS[entry[0]] ?? 0.01;
      if (u < 0) {
        pickFrom = entry;
        break;
      }
    }
    const next = pickFrom?.[1].shift();
    if (!next) break;
    chosen.push(next);
  }

  return chosen.map(({ ins, acc }, i) => {
    const isOption = ins.kind === 'OPTION';
    const usd =
      ins.kind === 'SPOT' && STABLES.has(ins.underlying)
        ? rng.logUniform(1e6, 2e7)
        : ins.kind === 'LEVERAGED_TOKEN'
          ? rng.logUniform(5e4, 1e6)
          : isOption
            ? rng.logUniform(5e4, 3e6)
            : rng.logUniform(1e5, 6e6);
    const longOnly = ins.kind === 'SPOT' || ins.kind === 'LEVERAGED_TOKEN';
    const sign = longOnly || rng.chance(isOption ? 0.5 : 0.55) ? 1 : -1;
    const s = size(ins, opts.market, rng, usd, opts.navs?.get(ins.id));
    const isPerpOrFuture = ins.kind === 'PERPETUAL' || ins.kind === 'FUTURE';
    const isolated =
      ins.kind === 'PERPETUAL' &&
      (acc.marginMode === 'ISOLATED' || (ISOLATED_ACCOUNTS.has(acc.name) && rng.chance(0.35)));
    let leverage: number | null = null;
    let isolatedMargin: string | null = null;
    if (isolated) {
      leverage = rng.pick(LEVERAGES);
      const marginUsd = s.usdNotional / leverage;
      const coin = ins.settlement === 'LINEAR' ? 1 : (opts.market.spot.get(ins.settlementCurrency) ?? 1);
      const margin = marginUsd / coin;
      isolatedMargin = dec(margin, priceDigits(margin));
    }
    let stopPrice: string | null = null;
    if (isPerpOrFuture && s.entry !== null && rng.chance(0.25)) {
      const stop = sign > 0 ? s.entry * rng.uniform(0.84, 0.93) : s.entry * rng.uniform(1.07, 1.16);
      stopPrice = formatPrice(stop, ins.tickSize);
    }
    const openedAt = new Date(
      opts.market.asOf.getTime() - (rng.int(1, 240) * 24 + rng.int(0, 23)) * 3600_000,
    );
    return {
      externalRef: `demo-${String(i + 1).padStart(4, '0')}`,
      accountId: acc.id,
      instrumentId: ins.id,
      quantity: dec(sign * s.quantity, stepDigits(s.step)),
      entryPrice: s.entry === null ? null : formatPrice(s.entry, isOption ? null : ins.tickSize),
      marginMode: isolated ? 'ISOLATED' : null,
      isolatedMargin,
      leverage: leverage === null ? null : String(leverage),
      stopPrice,
      openedAt,
      note: `demo position (generated for ${opts.slug}, ${ins.venue} ${ins.symbol})`,
    };
  });
}

/** What {@link seedPositions} did. */
export interface PositionSeedResult {
  created: number;
  updated: number;
  unchanged: number;
}

const DECIMAL_FIELDS = ['quantity', 'entryPrice', 'isolatedMargin', 'leverage', 'stopPrice'] as const;

/**
 * Writes generated positions, matched on (fund, externalRef): creates missing ones and updates
 * only those whose values differ. Positions without a `demo-` reference are never touched.
 */
export async function seedPositions(
  db: PrismaClient,
  fundId: string,
  specs: readonly PositionSpec[],
): Promise<PositionSeedResult> {
  const existing = await db.position.findMany({ where: { fundId, externalRef: { startsWith: 'demo-' } } });
  const byRef = new Map(existing.map((p) => [p.externalRef, p]));
  const toCreate = [];
  const toUpdate = [];
  for (const spec of specs) {
    const have = byRef.get(spec.externalRef);
    if (!have) {
      toCreate.push({ fundId, ...spec });
      continue;
    }
    const same =
      have.accountId === spec.accountId &&
      have.instrumentId === spec.instrumentId &&
      have.marginMode === spec.marginMode &&
      have.note === spec.note &&
      have.openedAt.getTime() === spec.openedAt.getTime() &&
      DECIMAL_FIELDS.every((f) => {
        const stored = have[f];
        const wanted = spec[f];
        return stored === null || wanted === null ? stored === wanted : stored.equals(wanted);
      });
    if (!same) toUpdate.push(db.position.update({ where: { id: have.id }, data: spec }));
  }
  if (toCreate.length > 0) await db.position.createMany({ data: toCreate });
  if (toUpdate.length > 0) await db.$transaction(toUpdate);
  return {
    created: toCreate.length,
    updated: toUpdate.length,
    unchanged: specs.length - toCreate.length - toUpdate.length,
  };
}
