import { z } from 'zod';
import { defineJob } from '../define-job.ts';
import { QUEUES } from '../queues.ts';

/** Common payload of the per-fund scheduled jobs (the job scheduler's template data). */
const fundJobPayload = z.object({
  fundId: z.uuid(),
  /** `schedule.params` of the row the scheduler was created from (free JSON object). */
  params: z.record(z.string(), z.unknown()).optional(),
});

/**
 * `risk-snapshot` on `dte-schedules`: compute the fund's exposures, parametric (delta-normal,
 * delta-gamma) and historical VaR with risk-core on its current book and store a `risk_snapshot`.
 * Created by the fund's RISK_SNAPSHOT job scheduler (see `upsertFundSchedule`).
 */
export const riskSnapshotJob = defineJob({
  queue: QUEUES.schedules,
  name: 'risk-snapshot',
  payload: fundJobPayload,
  result: z.object({
    fundId: z.uuid(),
    /** The stored snapshot; null when the fund has no book to value (no market snapshot). */
    snapshotId: z.uuid().nullable(),
    /** Why no snapshot was stored, or which measures could not be computed. */
    notes: z.array(z.string()),
  }),
  defaultOptions: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
});

/**
 * `limit-check` on `dte-schedules`: measure every enabled limit of the fund (net delta per token,
 * gross notional, VaR/ES, leverage, distance to liquidation, stop levels), open one alert per
 * (limit, subject) in breach (or warning), refresh it while the breach persists, clear it when gone.
 * Created by the fund's LIMIT_CHECK job scheduler.
 */
export const limitCheckJob = defineJob({
  queue: QUEUES.schedules,
  name: 'limit-check',
  payload: fundJobPayload,
  result: z.object({
    fundId: z.uuid(),
    limits: z.number().int().min(0),
    opened: z.number().int().min(0),
    refreshed: z.number().int().min(0),
    cleared: z.number().int().min(0),
    /** Limits that could not be measured, with the reason. */
    notes: z.array(z.string()),
  }),
  defaultOptions: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
});

/** Payload of {@link riskSnapshotJob} and {@link limitCheckJob}. */
export type FundJobPayload = z.input<typeof fundJobPayload>;
