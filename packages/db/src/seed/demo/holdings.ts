/**
 * Demo balances (spot and collateral, per account) and Aave v3 supply/borrow positions sized to a
 * target health factor. Both are upserted on their unique keys, so re-runs change nothing.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { BalanceKind, LendingSide } from '../../generated/prisma/enums.ts';
import { dec } from '../market.ts';

/** One balance row. */
export interface BalanceSpec {
  account: string;
  token: string;
  kind: BalanceKind;
  quantity: number;
}

const BASE_BALANCES: readonly BalanceSpec[] = [
  { account: 'deribit-main', token: 'BTC', kind: 'COLLATERAL', quantity: 180 },
  { account: 'deribit-main', token: 'ETH', kind: 'COLLATERAL', quantity: 2500 },
  { account: 'deribit-main', token: 'USDC', kind: 'COLLATERAL', quantity: 3_000_000 },
  { account: 'deribit-hedge', token: 'BTC', kind: 'COLLATERAL', quantity: 25 },
  { account: 'binance-usdm', token: 'USDT', kind: 'COLLATERAL', quantity: 18_000_000 },
  { account: 'binance-coinm', token: 'BTC', kind: 'COLLATERAL', quantity: 60 },
  { account: 'binance-coinm', token: 'ETH', kind: 'COLLATERAL', quantity: 800 },
  { account: 'okx-main', token: 'BTC', kind: 'COLLATERAL', quantity: 40 },
  { account: 'okx-main', token: 'USDT', kind: 'COLLATERAL', quantity: 6_000_000 },
  { account: 'bybit-main', token: 'BTC', kind: 'COLLATERAL', quantity: 30 },
  { account: 'bybit-main', token: 'USDT', kind: 'SPOT', quantity: 500_000 },
  { account: 'bitmex-main', token: 'BTC', kind: 'COLLATERAL', quantity: 55 },
  { account: 'cme-via-broker', token: 'USD', kind: 'COLLATERAL', quantity: 12_000_000 },
  { account: 'aave-wallet', token: 'ETH', kind: 'SPOT', quantity: 5 },
];

/** Balances of a fund: the base layout scaled by the fund's size. */
export function demoBalances(scale: number): BalanceSpec[] {
  return BASE_BALANCES.map((b) => ({ ...b, quantity: b.quantity * scale }));
}

/** Upserts balances on (account, token, kind). Returns how many were created. */
export async function seedBalances(
  db: PrismaClient,
  fundId: string,
  accountIds: ReadonlyMap<string, string>,
  balances: readonly BalanceSpec[],
): Promise<number> {
  let created = 0;
  for (const b of balances) {
    const accountId = accountIds.get(b.account);
    if (!accountId) throw new Error(`demo balance: unknown account ${b.account}`);
    const quantity = dec(b.quantity, 8);
    const key = { accountId_token_kind: { accountId, token: b.token, kind: b.kind } };
    const have = await db.balance.findUnique({ where: key });
    if (!have) {
      await db.balance.create({ data: { fundId, accountId, token: b.token, kind: b.kind, quantity } });
      created++;
    } else if (!have.quantity.equals(quantity)) {
      await db.balance.update({ where: { id: have.id }, data: { quantity } });
    }
  }
  return created;
}

/** A lending reserve as the lending plan needs it. `token` is the priced token (ETH for WETH). */
export interface ReserveInfo {
  instrumentId: string;
  symbol: string;
  token: string;
  liquidationThreshold: number;
}

/** One supply or borrow. `quantity` in tokens. */
export interface LendingSpec {
  reserve: ReserveInfo;
  side: LendingSide;
  quantity: number;
  usedAsCollateral: boolean;
}

/** Health factor = sum(collateral x price x LT) / sum(debt x price) (Aave v3). */
export function healthFactor(lendings: readonly LendingSpec[], prices: ReadonlyMap<string, number>): number {
  let collateral = 0;
  let debt = 0;
  for (const l of lendings) {
    const p = prices.get(l.reserve.token);
    if (p === undefined) throw new Error(`health factor: no price for ${l.reserve.token}`);
    if (l.side === 'SUPPLY' && l.usedAsCollateral)
      collateral += l.quantity * p * l.reserve.liquidationThreshold;
    if (l.side === 'BORROW') debt += l.quantity * p;
  }
  return debt === 0 ? Number.POSITIVE_INFINITY : collateral / debt;
}

/**
 * Plans supplies (in tokens) and borrows sized so that the health factor is `targetHf`: total debt
 * = sum(collateral x LT) / targetHf, split over the borrowed reserves by `borrowShares`.
 */
export function planLending(opts: {
  reserves: ReadonlyMap<string, ReserveInfo>;
  prices: ReadonlyMap<string, number>;
  supplies: readonly { symbol: string; quantity: number; usedAsCollateral?: boolean }[];
  borrowShares: readonly { symbol: string; share: number }[];
  targetHf: number;
}): LendingSpec[] {
  const reserve = (symbol: string): ReserveInfo => {
    const r = opts.reserves.get(symbol);
    if (!r) throw new Error(`demo lending: no Aave reserve ${symbol} in the catalog`);
    return r;
  };
  const price = (token: string): number => {
    const p = opts.prices.get(token);
    if (p === undefined) throw new Error(`demo lending: no price for ${token}`);
    return p;
  };
  const supplies: LendingSpec[] = opts.supplies.map((s) => ({
    reserve: reserve(s.symbol),
    side: 'SUPPLY',
    quantity: s.quantity,
    usedAsCollateral: s.usedAsCollateral ?? true,
  }));
  const weighted = supplies
    .filter((s) => s.usedAsCollateral)
    .reduce((sum, s) => sum + s.quantity * price(s.reserve.token) * s.reserve.liquidationThreshold, 0);
  const debtUsd = weighted / opts.targetHf;
  const borrows: LendingSpec[] = opts.borrowShares.map((b) => {
    const r = reserve(b.symbol);
    const p = price(r.token);
    const digits = p > 1000 ? 4 : 0;
    return {
      reserve: r,
      side: 'BORROW',
      quantity: Number(((debtUsd * b.share) / p).toFixed(digits)),
      usedAsCollateral: false,
    };
  });
  return [...supplies, ...borrows];
}

/** Protocol and market names written on demo lending rows. */
export const AAVE_PROTOCOL = 'Aave v3';
export const AAVE_MARKET = 'Ethereum core';

/** Upserts lending rows on (account, protocol, market, token, side). Returns how many were created. */
export async function seedLending(
  db: PrismaClient,
  fundId: string,
  accountId: string,
  lendings: readonly LendingSpec[],
): Promise<number> {
  let created = 0;
  for (const l of lendings) {
    const quantity = dec(l.quantity, 8);
    const key = {
      accountId_protocol_market_token_side: {
        accountId,
        protocol: AAVE_PROTOCOL,
        market: AAVE_MARKET,
        token: l.reserve.token,
        side: l.side,
      },
    };
    const have = await db.lendingPosition.findUnique({ where: key });
    const data = { quantity, usedAsCollateral: l.usedAsCollateral, instrumentId: l.reserve.instrumentId };
    if (!have) {
      await db.lendingPosition.create({
        data: {
          fundId,
          accountId,
          protocol: AAVE_PROTOCOL,
          market: AAVE_MARKET,
          token: l.reserve.token,
          side: l.side,
          ...data,
        },
      });
      created++;
    } else if (
      !have.quantity.equals(quantity) ||
      have.usedAsCollateral !== data.usedAsCollateral ||
      have.instrumentId !== data.instrumentId
    ) {
      await db.lendingPosition.update({ where: { id: have.id }, data });
    }
  }
  return created;
}
