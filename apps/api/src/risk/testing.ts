/**
 * Fixtures of the risk types for api tests (owner connection, one fund): a limit, an OPEN alert on
 * it and a QUEUED risk run. `createWorld` adds them to both funds (the isolation harness uses fund
 * B's ids); `riskRowsSnapshot` captures the rows a cross-tenant attempt could change.
 */
import type { PrismaClient } from '@dte/db';

/** Ids of a fund's risk fixtures. */
export interface RiskFixtures {
  limitId: string;
  alertId: string;
  riskRunId: string;
}

/** Creates a NET_DELTA limit, an OPEN alert on it and a QUEUED Monte Carlo run in `fundId`. */
export async function createRiskFixtures(admin: PrismaClient, fundId: string): Promise<RiskFixtures> {
  const limit = await admin.limit.create({
    data: {
      fundId,
      name: 'fixture BTC net delta',
      kind: 'NET_DELTA',
      token: 'BTC',
      threshold: '100',
      warnAt: '0.8',
    },
    select: { id: true },
  });
  const alert = await admin.alert.create({
    data: {
      fundId,
      limitId: limit.id,
      subject: 'BTC',
      severity: 'CRITICAL',
      message: 'fixture: net delta 120 BTC above 100',
      value: '120',
      threshold: '100',
    },
    select: { id: true },
  });
  const run = await admin.riskRun.create({
    data: { fundId, kind: 'MONTE_CARLO_VAR', params: { confidences: [0.99], horizonDays: 1 } },
    select: { id: true },
  });
  return { limitId: limit.id, alertId: alert.id, riskRunId: run.id };
}

/** Limits, alerts and risk runs of the funds, as comparable JSON (isolation snapshots). */
export async function riskRowsSnapshot(admin: PrismaClient, fundIds: string[]): Promise<unknown> {
  const where = { fundId: { in: fundIds } };
  const [limits, alerts, runs] = await Promise.all([
    admin.limit.findMany({ where, orderBy: { id: 'asc' } }),
    admin.alert.findMany({ where, orderBy: { id: 'asc' } }),
    admin.riskRun.findMany({ where, orderBy: { id: 'asc' } }),
  ]);
  return { limits, alerts, runs };
}
