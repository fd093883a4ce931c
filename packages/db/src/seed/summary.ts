/** Row counts of what the demo seed owns, for the printed summary and the idempotency test. */
import type { PrismaClient } from '../generated/prisma/client.ts';

/** Counts of global rows and of the demo funds' rows. */
export interface SeedCounts {
  globalInstruments: number;
  customInstruments: number;
  priceHistory: number;
  marketSnapshots: number;
  marketQuotes: number;
  funds: number;
  users: number;
  memberships: number;
  accounts: number;
  positions: number;
  balances: number;
  lendingPositions: number;
  limits: number;
  schedules: number;
}

/**
 * Counts the global catalog and price rows, the demo snapshot (by its `source`) and every row of the
 * given demo funds and users.
 */
export async function countDemoRows(
  db: PrismaClient,
  fundIds: readonly string[],
  emails: readonly string[],
  globalSnapshotSource: string,
): Promise<SeedCounts> {
  const inFunds = { fundId: { in: [...fundIds] } };
  const snapshots = { OR: [{ fundId: null, source: globalSnapshotSource }, inFunds] };
  const [
    globalInstruments,
    customInstruments,
    priceHistory,
    marketSnapshots,
    marketQuotes,
    funds,
    users,
    memberships,
    accounts,
    positions,
    balances,
    lendingPositions,
    limits,
    schedules,
  ] = await Promise.all([
    db.instrument.count({ where: { fundId: null } }),
    db.instrument.count({ where: inFunds }),
    db.priceHistory.count({ where: { fundId: null } }),
    db.marketSnapshot.count({ where: snapshots }),
    db.marketQuote.count({ where: { snapshot: snapshots } }),
    db.fund.count({ where: { id: { in: [...fundIds] } } }),
    db.user.count({ where: { email: { in: emails.map((e) => e.toLowerCase()) } } }),
    db.membership.count({ where: inFunds }),
    db.account.count({ where: inFunds }),
    db.position.count({ where: inFunds }),
    db.balance.count({ where: inFunds }),
    db.lendingPosition.count({ where: inFunds }),
    db.limit.count({ where: inFunds }),
    db.schedule.count({ where: inFunds }),
  ]);
  return {
    globalInstruments,
    customInstruments,
    priceHistory,
    marketSnapshots,
    marketQuotes,
    funds,
    users,
    memberships,
    accounts,
    positions,
    balances,
    lendingPositions,
    limits,
    schedules,
  };
}

/** One line per count, e.g. for a log. */
export function formatCounts(c: SeedCounts): string[] {
  return Object.entries(c).map(([k, v]) => `${k.padEnd(18)} ${v}`);
}
