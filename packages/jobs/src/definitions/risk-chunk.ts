import { z } from 'zod';
import { defineJob } from '../define-job.ts';
import { QUEUES } from '../queues.ts';

/**
 * `risk-chunk` on `dte-risk-chunks`: simulate one chunk of a planned Monte Carlo run and store its
 * tail summary as the `risk_run_chunk` row `(runId, chunkIndex)` (insert-if-absent, so a duplicate or
 * retried chunk never writes twice). Added by the worker as a child of the run's `risk-run` job; the
 * plan (spec, chunk ranges, frozen portfolio document) is read from the `risk_run` row, so the payload
 * only points at it.
 */
export const riskChunkJob = defineJob({
  queue: QUEUES.riskChunks,
  name: 'risk-chunk',
  payload: z.object({
    runId: z.uuid(),
    fundId: z.uuid(),
    /** Work-unit number of the plan, 0 .. chunksTotal - 1. */
    chunkIndex: z.number().int().min(0),
  }),
  result: z.object({
    runId: z.uuid(),
    chunkIndex: z.number().int().min(0),
    /**
     * `stored`: this job wrote the row; `present`: the row existed (a duplicate, nothing computed
     * twice); `skipped`: the run is no longer RUNNING (cancelled, failed or already merged).
     */
    outcome: z.enum(['stored', 'present', 'skipped']),
  }),
  defaultOptions: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 3600, count: 5000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
});

/** Payload of {@link riskChunkJob}. */
export type RiskChunkPayload = z.input<typeof riskChunkJob.payload>;
