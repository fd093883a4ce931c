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
}

/**
 * A BullMQ worker for one queue. Each job is matched to its shared definition, its payload is
 * validated (an invalid payload fails at once, without retries), the handler runs, and its result
 * is validated before BullMQ stores it.
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
    async (job) => {
      try {
        const definition = findDefinition(options.queue, job.name);
        const handler = handlers.get(handlerKey(definition.queue, definition.name));
        if (!handler) throw new WorkerError('HANDLER_MISSING', `no handler for job "${job.name}"`);
        const payload = definition.parsePayload(job.data);
        return definition.parseResult(await handler(payload));
      } catch (error) {
        // A payload that does not validate will never validate: do not retry it.
        if (error instanceof JobError || error instanceof WorkerError) {
          throw new UnrecoverableError(`${error.code}: ${error.message}`);
        }
        throw error;
      }
    },
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency },
  );

  worker.on('completed', (job) => log.info({ jobId: job.id, job: job.name }, 'job completed'));
  worker.on('failed', (job, error) =>
    log.warn({ jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade, err: error }, 'job failed'),
  );
  worker.on('error', (error) => log.error({ err: error }, 'worker error'));
  return worker;
}
