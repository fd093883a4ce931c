import type { AnyJobDefinition } from './define-job.ts';
import { limitCheckJob, riskSnapshotJob } from './definitions/fund-schedules.ts';
import { pingJob } from './definitions/ping.ts';
import { riskChunkJob } from './definitions/risk-chunk.ts';
import { riskRunJob } from './definitions/risk-run.ts';
import { UnknownJobError } from './errors.ts';
import type { QueueName } from './queues.ts';

/** Every job definition, grouped by the queue it runs on. */
export const JOB_DEFINITIONS: readonly AnyJobDefinition[] = [
  pingJob,
  riskRunJob,
  riskChunkJob,
  riskSnapshotJob,
  limitCheckJob,
];

/** Definitions of one queue. */
export function definitionsFor(queue: QueueName): AnyJobDefinition[] {
  return JOB_DEFINITIONS.filter((definition) => definition.queue === queue);
}

/** The definition of `name` on `queue`; throws {@link UnknownJobError} (`JOB_UNKNOWN`). */
export function findDefinition(queue: string, name: string): AnyJobDefinition {
  const found = JOB_DEFINITIONS.find((definition) => definition.queue === queue && definition.name === name);
  if (!found) throw new UnknownJobError(queue, name);
  return found;
}
