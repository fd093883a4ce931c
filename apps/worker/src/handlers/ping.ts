import { hostname } from 'node:os';
import type { JobPayload, JobResult, pingJob } from '@dte/jobs';

/** Answers a ping: echoes the payload with the time the worker saw it and the worker's name. */
export function handlePing(payload: JobPayload<typeof pingJob>): JobResult<typeof pingJob> {
  return {
    pong: true,
    sentAt: payload.sentAt,
    receivedAt: new Date().toISOString(),
    ...(payload.message === undefined ? {} : { message: payload.message }),
    worker: `${hostname()}:${process.pid}`,
  };
}
