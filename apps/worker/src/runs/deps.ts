import type { PrismaClient } from '@dte/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { ComputePool } from '../compute/pool.ts';

/** What the job handlers of the worker share. */
export interface WorkerDeps {
  /** Application-role client (row-level security; every access goes through `withTenant`). */
  prisma: PrismaClient;
  pool: ComputePool;
  /** Queues the handlers add jobs to, by name. */
  queues: { riskChunks: Queue };
  logger: Logger;
}
