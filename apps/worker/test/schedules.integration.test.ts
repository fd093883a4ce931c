import { createTestClients } from '@dte/db/testing';
import { fundSchedulerId, limitCheckJob, QUEUES, riskSnapshotJob, upsertFundSchedule } from '@dte/jobs';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../src/app.ts';
import {
  type BookFund,
  createBookFund,
  deletePrefix,
  producerQueue,
  startTestWorker,
  uniquePrefix,
  workerEnv,
} from './support.ts';

const { admin, close } = createTestClients();
const prefix = uniquePrefix('sched');
let fixture: BookFund;
let worker: RunningWorker;
let schedules: Queue;

async function runJob(
  definition: typeof riskSnapshotJob | typeof limitCheckJob,
  params?: Record<string, unknown>,
) {
  const job = await schedules.add(definition.name, {
    fundId: fixture.fund.fundId,
    ...(params ? { params } : {}),
  });
  for (let i = 0; i < 600; i++) {
    const state = await job.getState();
    if (state === 'completed') return (await schedules.getJob(job.id as string))?.returnvalue;
    if (state === 'failed') throw new Error((await schedules.getJob(job.id as string))?.failedReason);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job not finished');
}

const openAlerts = (fundId: string) =>
  admin.alert.findMany({ where: { fundId, status: { not: 'CLEARED' } }, orderBy: { openedAt: 'asc' } });

beforeAll(async () => {
  fixture = await createBookFund(admin, 'worker-sched');
  schedules = producerQueue(QUEUES.schedules, prefix);
  worker = await startTestWorker(
    workerEnv(prefix, [fixture.fund.fundId], { RECONCILE_INTERVAL_SECONDS: '3600' }),
  );
});

afterAll(async () => {
  await worker?.stop();
  await schedules?.close();
  await deletePrefix(prefix);
  await fixture?.fund.cleanup();
  await close();
});

describe('scheduled risk snapshots', () => {
  it('stores exposures, parametric and historical VaR of the book', async () => {
    const result = await runJob(riskSnapshotJob, { historyAsOf: '2025-02-19', lookback: 250 });
    expect(result.snapshotId).toMatch(/^[0-9a-f-]{36}$/);
    const row = await admin.riskSnapshot.findUniqueOrThrow({ where: { id: result.snapshotId } });
    expect(row.marketSnapshotId).toBe(fixture.book.snapshotId);
    const exposures = row.exposures as { fund: { usd: { notionalUsd: number } }; byAccount: unknown[] };
    expect(exposures.fund.usd.notionalUsd).toBeGreaterThan(0);
    expect(exposures.byAccount.length).toBeGreaterThan(1);
    const risk = row.risk as Record<string, { levels: { var: number }[] } | null>;
    for (const method of ['deltaNormal', 'deltaGamma', 'historical']) {
      expect(risk[method]?.levels[0]?.var, method).toBeGreaterThan(0);
    }
  });
});

describe('limit checks and alerts', () => {
  it('opens one alert per breach, refreshes it while it lasts and clears it when gone', async () => {
    const fundId = fixture.fund.fundId;
    const net = await admin.limit.create({
      data: {
        fundId,
        name: 'BTC net delta',
        kind: 'NET_DELTA',
        token: 'BTC',
        threshold: '1',
        warnAt: '0.5',
        params: { unit: 'tokens' },
      },
    });
    const gross = await admin.limit.create({
      data: { fundId, name: 'gross notional', kind: 'GROSS_NOTIONAL', threshold: '1e15', warnAt: '0.9' },
    });
    const lev = await admin.limit.create({
      data: { fundId, name: 'leverage', kind: 'LEVERAGE', threshold: '0.001' },
    });
    const varLimit = await admin.limit.create({
      data: {
        fundId,
        name: 'VaR',
        kind: 'VAR',
        threshold: '1',
        params: { method: 'delta-normal', confidence: 0.99 },
      },
    });
    const liq = await admin.limit.create({
      data: { fundId, name: 'liquidation distance', kind: 'LIQUIDATION_DISTANCE', threshold: '5' },
    });

    const first = await runJob(limitCheckJob);
    expect(first.limits).toBe(5);
    let alerts = await openAlerts(fundId);
    const byLimit = (id: string) => alerts.filter((a) => a.limitId === id);
    expect(byLimit(net.id)).toHaveLength(1);
    expect(byLimit(net.id)[0]?.subject).toBe('BTC');
    expect(byLimit(net.id)[0]?.severity).toBe('CRITICAL');
    expect(byLimit(gross.id)).toHaveLength(0);
    expect(byLimit(lev.id)).toHaveLength(1);
    expect(byLimit(varLimit.id)).toHaveLength(1);
    expect(byLimit(liq.id).length).toBeGreaterThan(0);
    expect(first.opened).toBe(alerts.length);

    // Still in breach: the same alerts, refreshed, no duplicates.
    const seen = new Map(alerts.map((a) => [a.id, a.lastSeenAt.getTime()]));
    const second = await runJob(limitCheckJob);
    expect(second.opened).toBe(0);
    expect(second.refreshed).toBe(alerts.length);
    const again = await openAlerts(fundId);
    expect(again.map((a) => a.id).sort()).toEqual([...seen.keys()].sort());
    for (const a of again) expect(a.lastSeenAt.getTime()).toBeGreaterThan(seen.get(a.id) ?? Infinity);

    // The breach is gone: cleared once, with clearedAt; a new breach later opens a new alert.
    await admin.limit.update({ where: { id: net.id }, data: { threshold: '1e12' } });
    const third = await runJob(limitCheckJob);
    expect(third.cleared).toBe(1);
    const cleared = await admin.alert.findMany({ where: { limitId: net.id } });
    expect(cleared).toHaveLength(1);
    expect(cleared[0]?.status).toBe('CLEARED');
    expect(cleared[0]?.clearedAt).not.toBeNull();
    await admin.limit.update({ where: { id: net.id }, data: { threshold: '1' } });
    await runJob(limitCheckJob);
    expect(await admin.alert.count({ where: { limitId: net.id } })).toBe(2);
    expect(await admin.alert.count({ where: { limitId: net.id, status: 'OPEN' } })).toBe(1);

    // A disabled limit's alert is cleared.
    await admin.limit.update({ where: { id: lev.id }, data: { enabled: false } });
    await runJob(limitCheckJob);
    alerts = await openAlerts(fundId);
    expect(alerts.filter((a) => a.limitId === lev.id)).toHaveLength(0);
  });

  it('keeps one job scheduler per (fund, kind) and syncs them from the schedule table', async () => {
    const fundId = fixture.fund.fundId;
    await admin.schedule.create({
      data: { fundId, kind: 'RISK_SNAPSHOT', everySeconds: 3600, params: { marketSnapshot: 'latest' } },
    });
    await admin.schedule.create({ data: { fundId, kind: 'LIMIT_CHECK', cron: '*/15 * * * *' } });
    const report = await worker.reconciler.runOnce(true);
    expect(report?.schedulersUpserted.sort()).toEqual(
      [fundSchedulerId(fundId, 'LIMIT_CHECK'), fundSchedulerId(fundId, 'RISK_SNAPSHOT')].sort(),
    );
    const snap = await schedules.getJobScheduler(fundSchedulerId(fundId, 'RISK_SNAPSHOT'));
    expect(snap?.every).toBe(3_600_000);
    expect(snap?.template?.data).toEqual({ fundId, params: { marketSnapshot: 'latest' } });
    expect((await schedules.getJobScheduler(fundSchedulerId(fundId, 'LIMIT_CHECK')))?.pattern).toBe(
      '*/15 * * * *',
    );

    // Nothing changed: nothing to do. A second upsert of the same key replaces, never adds.
    expect((await worker.reconciler.runOnce(true))?.schedulersUpserted).toEqual([]);
    await upsertFundSchedule(schedules, { fundId, kind: 'RISK_SNAPSHOT', everySeconds: 600 });
    expect(await schedules.getJobSchedulersCount()).toBe(2);
    // The table is the truth: the reconciler puts the row's interval back, and removes disabled ones.
    await admin.schedule.updateMany({ where: { fundId, kind: 'LIMIT_CHECK' }, data: { enabled: false } });
    const fixed = await worker.reconciler.runOnce(true);
    expect(fixed?.schedulersUpserted).toEqual([fundSchedulerId(fundId, 'RISK_SNAPSHOT')]);
    expect(fixed?.schedulersRemoved).toEqual([fundSchedulerId(fundId, 'LIMIT_CHECK')]);
    expect((await schedules.getJobScheduler(fundSchedulerId(fundId, 'RISK_SNAPSHOT')))?.every).toBe(
      3_600_000,
    );
    expect(await schedules.getJobSchedulersCount()).toBe(1);
  });

  it('serves Prometheus metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${worker.port}/metrics`)).text();
    expect(text).toMatch(/dte_jobs_completed_total\{queue="dte-schedules",name="limit-check"\} \d+/);
    expect(text).toContain('dte_job_duration_seconds_bucket');
    expect(text).toMatch(/dte_queue_jobs\{queue="dte-risk",state="waiting"\} 0/);
    expect(text).toContain('dte_reconciler_passes_total');
  });
});
