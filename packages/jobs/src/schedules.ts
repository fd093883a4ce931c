import type { Queue } from 'bullmq';
import { limitCheckJob, riskSnapshotJob } from './definitions/fund-schedules.ts';
import { JobError } from './errors.ts';

/** `schedule.kind` values and the job each one runs. */
export const SCHEDULE_JOBS = {
  RISK_SNAPSHOT: riskSnapshotJob,
  LIMIT_CHECK: limitCheckJob,
} as const;

/** A `schedule.kind`. */
export type ScheduleKindName = keyof typeof SCHEDULE_JOBS;

/** What a fund's schedule says (a `schedule` row): exactly one of `everySeconds` and `cron`. */
export interface FundSchedule {
  fundId: string;
  kind: ScheduleKindName;
  /** Interval in seconds (>= 60). */
  everySeconds?: number | null;
  /** Cron pattern (5 or 6 fields), evaluated in UTC. */
  cron?: string | null;
  /** `schedule.params`, passed to every job. */
  params?: Record<string, unknown> | null;
}

/** Prefix of every per-fund job scheduler id. */
export const FUND_SCHEDULER_PREFIX = 'fund-schedule';

/** The job scheduler id of a fund's schedule: one per (fund, kind), e.g. `fund-schedule-LIMIT_CHECK-<uuid>`. */
export function fundSchedulerId(fundId: string, kind: ScheduleKindName): string {
  return `${FUND_SCHEDULER_PREFIX}-${kind}-${fundId.toLowerCase()}`;
}

const SCHEDULER_ID = /^fund-schedule-(RISK_SNAPSHOT|LIMIT_CHECK)-([0-9a-f-]{36})$/;

/** Fund and kind of a scheduler id made by {@link fundSchedulerId}; null for any other id. */
export function parseFundSchedulerId(id: string): { fundId: string; kind: ScheduleKindName } | null {
  const m = SCHEDULER_ID.exec(id);
  return m ? { kind: m[1] as ScheduleKindName, fundId: m[2] as string } : null;
}

/**
 * Creates or replaces the BullMQ job scheduler of a fund's schedule on `queue` (`dte-schedules`),
 * keyed by (fund, kind): calling it again, from any process, updates the one scheduler (BullMQ's
 * `upsertJobScheduler` is a single atomic script per id), never adds a second. The template's data is
 * validated against the job definition first.
 * @throws JobError `JOB_PAYLOAD_INVALID` when the schedule has neither or both of `everySeconds` and
 *   `cron`, an interval below 60 s, or an invalid fund id.
 */
export async function upsertFundSchedule(queue: Queue, schedule: FundSchedule): Promise<string> {
  const definition = SCHEDULE_JOBS[schedule.kind];
  if (queue.name !== definition.queue) {
    throw new Error(`schedules belong to queue "${definition.queue}", not "${queue.name}"`);
  }
  const every = schedule.everySeconds ?? null;
  const cron = schedule.cron?.trim() || null;
  if ((every === null) === (cron === null) || (every !== null && (!Number.isInteger(every) || every < 60))) {
    throw new JobError(
      'JOB_PAYLOAD_INVALID',
      `schedule ${schedule.kind} of fund ${schedule.fundId}: exactly one of everySeconds (integer >= 60) and cron is required`,
    );
  }
  const data = definition.parsePayload({
    fundId: schedule.fundId,
    ...(schedule.params ? { params: schedule.params } : {}),
  });
  const id = fundSchedulerId(data.fundId, schedule.kind);
  await queue.upsertJobScheduler(
    id,
    every !== null ? { every: every * 1000 } : { pattern: cron as string, tz: 'UTC' },
    {
      name: definition.name,
      data,
      opts: definition.defaultOptions,
    },
  );
  return id;
}

/** Removes the job scheduler of a fund's schedule (and its next pending job); false when there was none. */
export async function removeFundSchedule(
  queue: Queue,
  fundId: string,
  kind: ScheduleKindName,
): Promise<boolean> {
  return queue.removeJobScheduler(fundSchedulerId(fundId, kind));
}
