import type { Job, JobsOptions, Queue } from 'bullmq';
import type { AnyJobDefinition, JobPayload } from './define-job.ts';

/**
 * Validates `payload` against the definition and adds it to `queue` with the definition's default
 * options (overridable by `options`). Throws `JobValidationError` before touching Redis when invalid.
 */
export async function enqueue<D extends AnyJobDefinition>(
  queue: Queue,
  definition: D,
  payload: JobPayload<D>,
  options?: JobsOptions,
): Promise<Job> {
  if (queue.name !== definition.queue) {
    throw new Error(`job "${definition.name}" belongs to queue "${definition.queue}", not "${queue.name}"`);
  }
  const data = definition.parsePayload(payload);
  return queue.add(definition.name, data, { ...definition.defaultOptions, ...options });
}
