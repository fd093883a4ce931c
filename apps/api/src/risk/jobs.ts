/**
 * The api's side of the risk job queue: adds `risk-run` jobs (the shared definition of @dte/jobs) to
 * `<prefix>:dte-risk` in Redis. The queue and its connection are created on first use; a Redis that
 * is down or slow fails the add within {@link ENQUEUE_TIMEOUT_MS} instead of hanging the request
 * (ioredis: one retry per command, no offline queue).
 */
import { enqueue, QUEUES, type RiskRunPayload, riskRunJob } from '@dte/jobs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Longest wait for Redis to accept a job (ms). */
export const ENQUEUE_TIMEOUT_MS = 3000;

/** Producer of risk jobs. */
export interface RiskJobs {
  /** BullMQ key prefix (`<prefix>:dte-risk:...`). */
  readonly prefix: string;
  /** Adds the run's job (`jobId` = run id, so adding twice is harmless). Rejects when Redis does not accept it. */
  enqueueRiskRun(payload: RiskRunPayload): Promise<void>;
  /** Removes the run's job if it is still waiting (best effort: a running job checks the row's status). */
  removeRiskRun(runId: string): Promise<boolean>;
  close(): Promise<void>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Creates the producer (no connection until the first job). */
export function createRiskJobs(options: {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  timeoutMs?: number;
}): RiskJobs {
  const timeoutMs = options.timeoutMs ?? ENQUEUE_TIMEOUT_MS;
  let queue: Queue | undefined;
  let connection: Redis | undefined;
  const open = (): Queue => {
    if (!queue) {
      connection = new Redis(options.redisUrl, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 2000,
        retryStrategy: (times) => Math.min(times * 200, 2000),
      });
      connection.on('error', (error) => options.logger.warn({ err: error }, 'risk job queue: redis error'));
      queue = new Queue(QUEUES.risk, { connection, prefix: options.prefix });
      queue.on('error', (error) => options.logger.warn({ err: error }, 'risk job queue error'));
    }
    return queue;
  };
  return {
    prefix: options.prefix,
    async enqueueRiskRun(payload) {
      const q = open();
      await withTimeout(
        (async () => {
          await q.waitUntilReady();
          await enqueue(q, riskRunJob, payload, { jobId: payload.runId });
        })(),
        timeoutMs,
        'enqueue risk-run',
      );
    },
    async removeRiskRun(runId) {
      const q = open();
      try {
        return (await withTimeout(q.remove(runId), timeoutMs, 'remove risk-run')) === 1;
      } catch (error) {
        options.logger.warn({ err: error, runId }, 'risk job queue: could not remove a cancelled run');
        return false;
      }
    },
    async close() {
      if (queue) await queue.close().catch(() => undefined);
      if (connection) connection.disconnect();
      queue = undefined;
      connection = undefined;
    },
  };
}
