/**
 * Demo limits (two of each LimitKind per fund) and schedules (a risk snapshot and a limit check
 * per fund). Limits are matched on (fund, name), schedules on their unique (fund, kind).
 */
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { LimitKind, ScheduleKind } from '../../generated/prisma/enums.ts';

/** One limit. `account`/`positionRef` name the account / position (externalRef) it applies to. */
export interface LimitSpec {
  name: string;
  kind: LimitKind;
  token?: string;
  account?: string;
  positionRef?: string;
  threshold: string;
  /** Fraction of `threshold` at which to warn, in (0, 1] (CHECK in the migration). */
  warnAt?: string;
  params?: Prisma.InputJsonObject;
}

/** A position that may carry a STOP_LEVEL limit. */
export interface StopCandidate {
  externalRef: string;
  quantity: number;
  stopPrice: string;
}

/** The limits of a fund; thresholds scale with the fund's size. */
export function demoLimits(scale: number, stops: readonly StopCandidate[]): LimitSpec[] {
  const usd = (x: number) => String(Math.round(x * scale));
  const limits: LimitSpec[] = [
    {
      name: 'BTC net delta',
      kind: 'NET_DELTA',
      token: 'BTC',
      threshold: usd(250),
      warnAt: '0.8',
      params: { unit: 'tokens', absolute: true },
    },
    {
      name: 'ETH net delta',
      kind: 'NET_DELTA',
      token: 'ETH',
      threshold: usd(4000),
      warnAt: '0.8',
      params: { unit: 'tokens', absolute: true },
    },
    {
      name: 'Fund gross notional',
      kind: 'GROSS_NOTIONAL',
      threshold: usd(1.5e9),
      warnAt: '0.85',
      params: { unit: 'USD' },
    },
    {
      name: 'Deribit gross notional',
      kind: 'GROSS_NOTIONAL',
      account: 'deribit-main',
      threshold: usd(6e8),
      warnAt: '0.85',
      params: { unit: 'USD' },
    },
    {
      name: '1-day 99% historical VaR',
      kind: 'VAR',
      threshold: usd(25e6),
      warnAt: '0.8',
      params: { measure: 'VaR', method: 'historical', confidence: 0.99, horizonDays: 1, windowDays: 500 },
    },
    {
      name: '10-day 97.5% Monte Carlo ES',
      kind: 'VAR',
      threshold: usd(80e6),
      warnAt: '0.8',
      params: { measure: 'ES', method: 'monte-carlo', confidence: 0.975, horizonDays: 10, paths: 20000 },
    },
    {
      name: 'Fund gross leverage',
      kind: 'LEVERAGE',
      threshold: '3',
      warnAt: '0.8',
      params: { measure: 'gross notional / equity' },
    },
    {
      name: 'Binance USD-M leverage',
      kind: 'LEVERAGE',
      account: 'binance-usdm',
      threshold: '5',
      warnAt: '0.8',
    },
    {
      name: 'Minimum liquidation distance',
      kind: 'LIQUIDATION_DISTANCE',
      threshold: '0.15',
      params: { breachedWhen: 'below', warnBelow: 0.2, measure: 'relative price move to liquidation' },
    },
    {
      name: 'Aave health-factor buffer',
      kind: 'LIQUIDATION_DISTANCE',
      account: 'aave-wallet',
      threshold: '0.2',
      params: { breachedWhen: 'below', warnBelow: 0.3, measure: 'collateral price drop to HF = 1' },
    },
  ];
  const long = stops.find((s) => s.quantity > 0);
  const short = stops.find((s) => s.quantity < 0);
  for (const s of [long, short]) {
    if (!s) continue;
    const side = s.quantity > 0 ? 'long' : 'short';
    limits.push({
      name: `Stop ${s.externalRef} (${side})`,
      kind: 'STOP_LEVEL',
      positionRef: s.externalRef,
      threshold: s.stopPrice,
      params: {
        side,
        breachedWhen: side === 'long' ? 'price at or below threshold' : 'price at or above threshold',
      },
    });
  }
  return limits;
}

/** Upserts limits on (fund, name). Returns how many were created. */
export async function seedLimits(
  db: PrismaClient,
  fundId: string,
  limits: readonly LimitSpec[],
  refs: {
    accounts: ReadonlyMap<string, string>;
    positions: ReadonlyMap<string, string>;
    createdById: string | null;
  },
): Promise<number> {
  const existing = await db.limit.findMany({ where: { fundId } });
  const byName = new Map(existing.map((l) => [l.name, l]));
  let created = 0;
  for (const l of limits) {
    const accountId = l.account ? (refs.accounts.get(l.account) ?? null) : null;
    const positionId = l.positionRef ? (refs.positions.get(l.positionRef) ?? null) : null;
    if (l.account && !accountId) throw new Error(`demo limit ${l.name}: unknown account ${l.account}`);
    if (l.positionRef && !positionId)
      throw new Error(`demo limit ${l.name}: unknown position ${l.positionRef}`);
    const data = {
      kind: l.kind,
      token: l.token ?? null,
      accountId,
      positionId,
      threshold: l.threshold,
      warnAt: l.warnAt ?? null,
      params: l.params ?? {},
      enabled: true,
    };
    const have = byName.get(l.name);
    if (!have) {
      await db.limit.create({ data: { fundId, name: l.name, createdById: refs.createdById, ...data } });
      created++;
      continue;
    }
    const same =
      have.kind === data.kind &&
      have.token === data.token &&
      have.accountId === data.accountId &&
      have.positionId === data.positionId &&
      have.threshold.equals(data.threshold) &&
      (have.warnAt === null
        ? data.warnAt === null
        : data.warnAt !== null && have.warnAt.equals(data.warnAt)) &&
      JSON.stringify(sortKeys(have.params)) === JSON.stringify(sortKeys(data.params)) &&
      have.enabled;
    if (!same) await db.limit.update({ where: { id: have.id }, data });
  }
  return created;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  }
  return v;
}

/** One schedule: exactly one of `everySeconds` (>= 60) and `cron`. */
export interface ScheduleSpec {
  kind: ScheduleKind;
  everySeconds: number | null;
  cron: string | null;
  params: Prisma.InputJsonObject;
}

/** The schedules of a fund (the two funds use different cadences to show both forms). */
export function demoSchedules(slug: string): ScheduleSpec[] {
  return slug === 'aurora'
    ? [
        { kind: 'RISK_SNAPSHOT', everySeconds: 3600, cron: null, params: { marketSnapshot: 'latest' } },
        { kind: 'LIMIT_CHECK', everySeconds: null, cron: '*/15 * * * *', params: {} },
      ]
    : [
        {
          kind: 'RISK_SNAPSHOT',
          everySeconds: null,
          cron: '0 * * * *',
          params: { marketSnapshot: 'latest' },
        },
        { kind: 'LIMIT_CHECK', everySeconds: 300, cron: null, params: {} },
      ];
}

/** Upserts schedules on (fund, kind). Returns how many were created. */
export async function seedSchedules(
  db: PrismaClient,
  fundId: string,
  schedules: readonly ScheduleSpec[],
): Promise<number> {
  let created = 0;
  for (const s of schedules) {
    const have = await db.schedule.findUnique({ where: { fundId_kind: { fundId, kind: s.kind } } });
    const data = { everySeconds: s.everySeconds, cron: s.cron, enabled: true, params: s.params };
    if (!have) {
      await db.schedule.create({ data: { fundId, kind: s.kind, ...data } });
      created++;
    } else if (
      have.everySeconds !== s.everySeconds ||
      have.cron !== s.cron ||
      !have.enabled ||
      JSON.stringify(sortKeys(have.params)) !== JSON.stringify(sortKeys(s.params))
    ) {
      await db.schedule.update({ where: { id: have.id }, data });
    }
  }
  return created;
}
