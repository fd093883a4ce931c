import { pingJob } from '@dte/jobs';
import type { Job } from 'bullmq';
import { handlePing } from './ping.ts';

/** What a handler gets besides its payload: the BullMQ job and its lock token (for flows). */
export interface HandlerContext {
  job: Job;
  token: string | undefined;
}

/** A handler receives the payload already validated against its definition. */
export type JobHandler = (payload: unknown, context: HandlerContext) => unknown | Promise<unknown>;

/** Key of a handler: `<queue>/<job name>`. */
export const handlerKey = (queue: string, name: string): string => `${queue}/${name}`;

/** Handlers that need nothing but their payload; the others are built by `createHandlers` (app.ts). */
export const HANDLERS: ReadonlyMap<string, JobHandler> = new Map<string, JobHandler>([
  [handlerKey(pingJob.queue, pingJob.name), (payload) => handlePing(pingJob.parsePayload(payload))],
]);
