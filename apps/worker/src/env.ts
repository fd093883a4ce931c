import { availableParallelism, hostname } from 'node:os';
import { z } from 'zod';
import { EnvError } from './errors.ts';

/** Treats an empty variable (`FOO=`) like an unset one so defaults apply. */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

const port = z.coerce.number().int().min(0).max(65535);

const schema = z.object({
  NODE_ENV: z.preprocess(unsetIfEmpty, z.enum(['development', 'test', 'production']).default('development')),
  LOG_LEVEL: z.preprocess(
    unsetIfEmpty,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  APP_DATABASE_URL: z.preprocess(
    unsetIfEmpty,
    z.url({ protocol: /^postgres(ql)?$/ }).default('postgresql://dte_app:dte_app@127.0.0.1:5432/dte'),
  ),
  REDIS_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379')),
  /** Port of the health endpoints (`/healthz`, `/readyz`). */
  WORKER_PORT: z.preprocess(unsetIfEmpty, port.default(4100)),
  /** Interface of the health endpoints; `0.0.0.0` in containers. */
  WORKER_HOST: z.preprocess(unsetIfEmpty, z.string().min(1).default('127.0.0.1')),
  /** Jobs processed in parallel per queue by this process. */
  WORKER_CONCURRENCY: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).max(64).default(4)),
  /**
   * Compute threads of this process (Monte Carlo chunks, plans, merges, snapshots): also the
   * concurrency of the chunk queue. Default: one per core.
   */
  WORKER_COMPUTE_THREADS: z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number()
      .int()
      .min(1)
      .max(64)
      .default(() => Math.max(1, availableParallelism())),
  ),
  /** Name of this process in BullMQ (`job.processedBy`) and in PostgreSQL (`application_name`). */
  WORKER_NAME: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,48}$/)
      .default(() => `${hostname().slice(0, 30)}:${process.pid}`),
  ),
  /** Only these funds (comma-separated UUIDs) are reconciled and scheduled by this process; default all. */
  WORKER_FUNDS: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(z.array(z.uuid()).min(1))
      .optional(),
  ),
  /** Seconds between reconciler passes (re-enqueue lost runs, re-create lost job schedulers). */
  RECONCILE_INTERVAL_SECONDS: z.preprocess(unsetIfEmpty, z.coerce.number().min(0.2).max(3600).default(30)),
  /** A QUEUED/RUNNING run is left alone by the reconciler until it has not changed for this long. */
  RECONCILE_GRACE_SECONDS: z.preprocess(unsetIfEmpty, z.coerce.number().min(0).max(3600).default(15)),
  /** Starts of work on a run (`risk_run.attempts`) after which the reconciler fails it (`RETRIES_EXHAUSTED`). */
  RUN_MAX_ATTEMPTS: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).max(100).default(5)),
  /** BullMQ lock duration (ms): how long a job of a dead worker stays locked before it is taken over. */
  WORKER_LOCK_DURATION_MS: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1000).default(30_000)),
  /** Interval (ms) of BullMQ's stalled-job check. */
  WORKER_STALLED_INTERVAL_MS: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(500).default(30_000)),
  /** Redis key prefix of the queues (tests use their own). */
  QUEUE_PREFIX: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/)
      .default('dte'),
  ),
});

/** The worker's validated configuration. */
export type WorkerEnv = z.infer<typeof schema>;

/**
 * Validates the worker's environment (defaults: the local services). Throws {@link EnvError}
 * whose message names every invalid variable.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const variables = parsed.error.issues.map((issue) => String(issue.path[0] ?? '(env)'));
  const details = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? '(env)')}: ${issue.message}`);
  throw new EnvError(variables, details);
}
