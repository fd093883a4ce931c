import type { Logger } from 'pino';
import { pino } from 'pino';
import type { WorkerEnv } from './env.ts';

/** JSON logger of the worker process (one line per event, `service: worker`). */
export function createLogger(env: Pick<WorkerEnv, 'LOG_LEVEL'>): Logger {
  return pino({ level: env.LOG_LEVEL, base: { service: 'worker' } });
}
