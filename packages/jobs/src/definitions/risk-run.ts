import { z } from 'zod';
import { defineJob } from '../define-job.ts';
import { QUEUES } from '../queues.ts';

/**
 * `risk-run` on `dte-risk`: process one `risk_run` row (Monte Carlo or historical VaR). The row is
 * the source of truth (kind, params, status, progress, result); the payload only points at it, so a
 * retried or duplicated job reads the current state. The api enqueues it with `jobId = runId`
 * (BullMQ ignores a second add with the same id), after the row is committed as QUEUED.
 * The worker must load the row through `withTenant({ fundId })`, skip it unless QUEUED or RUNNING
 * (a cancelled run is not computed), and finish it as SUCCEEDED, FAILED or CANCELLED.
 */
export const riskRunJob = defineJob({
  queue: QUEUES.risk,
  name: 'risk-run',
  payload: z.object({
    /** `risk_run.id`. */
    runId: z.uuid(),
    /** The run's fund (the worker's tenant scope). */
    fundId: z.uuid(),
  }),
  result: z.object({
    runId: z.uuid(),
    /** Final status the worker wrote to the row. */
    status: z.enum(['SUCCEEDED', 'FAILED', 'CANCELLED']),
  }),
  defaultOptions: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
});

/** Payload of {@link riskRunJob}. */
export type RiskRunPayload = z.input<typeof riskRunJob.payload>;
