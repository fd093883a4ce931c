import { pingJob } from '@dte/jobs';
import { handlePing } from './ping.ts';

/** A handler receives the payload already validated against its definition. */
export type JobHandler = (payload: unknown) => unknown | Promise<unknown>;

/** Key of a handler: `<queue>/<job name>`. */
export const handlerKey = (queue: string, name: string): string => `${queue}/${name}`;

/** Handlers of every job this worker consumes; each definition of a consumed queue must appear here. */
export const HANDLERS: ReadonlyMap<string, JobHandler> = new Map<string, JobHandler>([
  [handlerKey(pingJob.queue, pingJob.name), (payload) => handlePing(pingJob.parsePayload(payload))],
]);
