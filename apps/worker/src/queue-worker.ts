import { definitionsFor, findDefinition, JobError, type QueueName } from '@dte/jobs';
import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { WorkerError } from './errors.ts';
import { HANDLERS, handlerKey, type JobHandler } from './handlers/index.ts';

/** What {@link createQueueWorker} needs. */
export interface QueueWorkerOptions {
  queue: QueueName;
  connection: Redis;
  prefix: string;
  concurrency: number;
  logger: Logger;
  handlers?: ReadonlyMap<string, JobHandler>;
  /** BullMQ worker name stored on the jobs it processes (default: BullMQ's). */
  name?: string;
  /** Lock duration (ms): a job whose worker died is taken over after about this long. Default 30 s. */
  lockDurationMs?: number;
  /** Interval (ms) of the stalled-job check. Default 30 s. */
  stalledIntervalMs?: number;
}

/**
 * A BullMQ worker for one queue. Each job is matched to its shared definition, its payload is
 * validated (an invalid payload fails at once, without retries), the handler runs with the job and
 * its token, and its result is validated before BullMQ stores it. Other errors are left to the
 * handler: an `UnrecoverableError` fails the job for good, anything else is retried with the
 * definition's back-off.
 */
export function createQueueWorker(options: QueueWorkerOptions): Worker {
  const handlers = options.handlers ?? HANDLERS;
  for (const definition of definitionsFor(options.queue)) {
    if (!handlers.has(handlerKey(definition.queue, definition.name))) {
      throw new WorkerError(
        'HANDLER_MISSING',
        `no handler for job "${definition.name}" on "${definition.queue}"`,
      );
    }
  }
  const log = options.logger.child({ queue: options.queue });

  const worker = new Worker(
    options.queue,
    async (job, token) => {
      let handler: JobHandler | undefined;
      let payload: unknown;
      let definition: ReturnType<typeof findDefinition>;
      try {
        definition = findDefinition(options.queue, job.name);
        handler = handlers.get(handlerKey(definition.queue, definition.name));
        if (!handler) throw new WorkerError('HANDLER_MISSING', `no handler for job "${job.name}"`);
        payload = definition.parsePayload(job.data);
      } catch (error) {
        // A job that does not match a definition will never match it: do not retry it.
        if (error instanceof JobError || error instanceof WorkerError) {
          throw new UnrecoverableError(`${error.code}: ${error.message}`);
        }
        throw error;
      }
      const result = await handler(payload, { job, token });
      try {
        return definition.parseResult(result);
      } catch (error) {
        if (error instanceof JobError) throw new UnrecoverableError(`${error.code}: ${error.message}`);
        throw error;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      ...(options.name ? { name: options.name } : {}),
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    },
  );

  worker.on('completed', (job) => log.info({ jobId: job.id, job: job.name }, 'job completed'));
  worker.on('failed', (job, error) =>
    log.warn({ jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade, err: error }, 'job failed'),
  );
  worker.on('error', (error) => log.error({ err: error }, 'worker error'));
  return worker;
}
