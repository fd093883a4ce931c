import { z } from 'zod';
import { defineJob } from '../define-job.ts';
import { QUEUES } from '../queues.ts';

/**
 * `ping` on `dte-system`: proves end to end that a producer can enqueue and a worker consumes.
 * The worker answers with the time it saw the job and its own host name.
 */
export const pingJob = defineJob({
  queue: QUEUES.system,
  name: 'ping',
  payload: z.object({
    /** When the producer sent the ping (ISO 8601). */
    sentAt: z.iso.datetime(),
    /** Free text echoed back, for tracing. */
    message: z.string().max(200).optional(),
  }),
  result: z.object({
    pong: z.literal(true),
    sentAt: z.iso.datetime(),
    receivedAt: z.iso.datetime(),
    message: z.string().optional(),
    worker: z.string(),
  }),
  defaultOptions: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 500 },
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 24 * 3600 },
  },
});
