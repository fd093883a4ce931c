/**
 * The reconciler makes Redis agree with PostgreSQL, the source of truth. It runs on a timer in every
 * worker process (not as a BullMQ job: it must survive the loss of everything in Redis), and a short
 * Redis lock lets one process do each pass. A pass:
 *
 * 1. Runs: for every QUEUED/RUNNING Monte Carlo or historical run (of the funds in scope) unchanged
 *    for `graceSeconds`, looks up its `risk-run` job (id = run id). A job that is waiting, active,
 *    delayed or waiting for its children is alive and left alone (BullMQ's stalled check takes over
 *    the jobs of dead workers). A job that is missing (Redis restarted without persistence, or the
 *    api's enqueue failed), failed (retries exhausted, stalled too often) or completed without
 *    finishing the run is replaced by a new one; the new job resumes from the stored plan and chunks.
 *    After `maxAttempts` starts of work the run is failed with `RETRIES_EXHAUSTED`.
 * 2. Schedules: every enabled `schedule` row has its job scheduler (created or updated when it
 *    differs), and the schedulers of rows that are gone or disabled are removed.
 */
import { type PrismaClient, withTenant } from '@dte/db';
import {
  type FundSchedule,
  fundSchedulerId,
  parseFundSchedulerId,
  riskRunJob,
  SCHEDULE_JOBS,
  type ScheduleKindName,
  upsertFundSchedule,
} from '@dte/jobs';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { failRun, openRuns } from './runs/store.ts';

/** What a pass did. */
export interface ReconcileReport {
  funds: number;
  runsChecked: number;
  runsRequeued: string[];
  runsFailed: string[];
  schedulersUpserted: string[];
  schedulersRemoved: string[];
}

/** Options of {@link Reconciler}. */
export interface ReconcilerOptions {
  prisma: PrismaClient;
  redis: Redis;
  prefix: string;
  queues: { risk: Queue; schedules: Queue };
  /** Funds in scope; default every fund (`dte_fund_ids()`). */
  funds?: readonly string[];
  intervalMs: number;
  graceSeconds: number;
  maxAttempts: number;
  /** Identifies this process as the lock holder. */
  name: string;
  logger: Logger;
  onPass?: (report: ReconcileReport) => void;
}

/** Job states in which a run's job will still do its work. */
const ALIVE = new Set(['waiting', 'wait', 'active', 'delayed', 'prioritized', 'waiting-children']);

/** Every fund id (the SECURITY DEFINER function: the app role sees no fund without a tenant). */
export async function allFundIds(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`SELECT id::text AS "id" FROM dte_fund_ids() AS id`;
  return rows.map((r) => r.id);
}

/** Reads the enabled schedules of a fund. */
async function fundSchedules(prisma: PrismaClient, fundId: string): Promise<FundSchedule[]> {
  const rows = await withTenant(prisma, { fundId }, (tx) =>
    tx.schedule.findMany({ where: { fundId, enabled: true }, orderBy: { kind: 'asc' } }),
  );
  return rows.map((r) => ({
    fundId,
    kind: r.kind as ScheduleKindName,
    everySeconds: r.everySeconds,
    cron: r.cron,
    params: (r.params as Record<string, unknown> | null) ?? null,
  }));
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The periodic reconciler of one worker process. */
export class Reconciler {
  readonly #o: ReconcilerOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<ReconcileReport | null> | undefined;
  #stopped = false;

  constructor(options: ReconcilerOptions) {
    this.#o = options;
  }

  /** Starts the timer (first pass after one interval). */
  start(): void {
    const tick = () => {
      this.#timer = setTimeout(() => {
        this.#running = this.runOnce()
          .catch((error: unknown) => {
            this.#o.logger.warn({ err: error }, 'reconciler pass failed');
            return null;
          })
          .finally(() => {
            if (!this.#stopped) tick();
          });
      }, this.#o.intervalMs);
    };
    tick();
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /**
   * One pass, if this process gets the pass lock (`force` skips the lock).
   * @returns what it did, or null when another process holds the lock.
   */
  async runOnce(force = false): Promise<ReconcileReport | null> {
    const o = this.#o;
    if (!force) {
      const lock = await o.redis.set(
        `${o.prefix}:dte-reconciler:lock`,
        o.name,
        'PX',
        Math.max(200, Math.floor(o.intervalMs * 0.8)),
        'NX',
      );
      if (lock !== 'OK') return null;
    }
    const funds = o.funds ? [...o.funds] : await allFundIds(o.prisma);
    const report: ReconcileReport = {
      funds: funds.length,
      runsChecked: 0,
      runsRequeued: [],
      runsFailed: [],
      schedulersUpserted: [],
      schedulersRemoved: [],
    };
    for (const fundId of funds) await this.#runs(fundId, report);
    await this.#schedules(funds, report);
    if (
      report.runsRequeued.length ||
      report.runsFailed.length ||
      report.schedulersUpserted.length ||
      report.schedulersRemoved.length
    ) {
      o.logger.info(report, 'reconciler pass');
    }
    o.onPass?.(report);
    return report;
  }

  async #runs(fundId: string, report: ReconcileReport): Promise<void> {
    const o = this.#o;
    const now = Date.now();
    for (const run of await openRuns(o.prisma, fundId)) {
      if (now - run.updatedAt.getTime() < o.graceSeconds * 1000) continue;
      report.runsChecked += 1;
      const job = await o.queues.risk.getJob(run.id);
      const state = job ? await job.getState() : 'missing';
      if (ALIVE.has(state)) continue;
      if (run.attempts >= o.maxAttempts) {
        const reason = job?.failedReason ? `; last error: ${job.failedReason}` : '';
        if (
          await failRun(
            o.prisma,
            fundId,
            run.id,
            'RETRIES_EXHAUSTED',
            `gave up after ${run.attempts} attempts (job ${state})${reason}`,
          )
        ) {
          report.runsFailed.push(run.id);
        }
        continue;
      }
      if (job) await job.remove();
      await o.queues.risk.add(riskRunJob.name, riskRunJob.parsePayload({ runId: run.id, fundId }), {
        ...riskRunJob.defaultOptions,
        jobId: run.id,
      });
      report.runsRequeued.push(run.id);
    }
  }

  async #schedules(funds: readonly string[], report: ReconcileReport): Promise<void> {
    const o = this.#o;
    const queue = o.queues.schedules;
    const inScope = new Set(funds);
    const desired = new Map<string, FundSchedule>();
    for (const fundId of funds) {
      for (const s of await fundSchedules(o.prisma, fundId)) desired.set(fundSchedulerId(fundId, s.kind), s);
    }
    const existing = await queue.getJobSchedulers(0, -1);
    const byId = new Map(existing.map((s) => [s.key, s]));
    for (const [id, s] of desired) {
      const have = byId.get(id);
      const every = s.everySeconds != null ? s.everySeconds * 1000 : undefined;
      const same =
        have !== undefined &&
        have.name === SCHEDULE_JOBS[s.kind].name &&
        (have.every ?? undefined) === every &&
        (have.pattern ?? undefined) === (s.cron?.trim() || undefined) &&
        sameJson(have.template?.data, { fundId: s.fundId, ...(s.params ? { params: s.params } : {}) });
      if (same) continue;
      try {
        await upsertFundSchedule(queue, s);
        report.schedulersUpserted.push(id);
      } catch (error) {
        o.logger.warn({ err: error, schedulerId: id }, 'schedule not applied');
      }
    }
    for (const s of existing) {
      const parsed = parseFundSchedulerId(s.key);
      if (!parsed || desired.has(s.key)) continue;
      if (o.funds && !inScope.has(parsed.fundId)) continue;
      await queue.removeJobScheduler(s.key);
      report.schedulersRemoved.push(s.key);
    }
  }
}
