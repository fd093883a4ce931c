import type { Logger } from 'pino';
import { pino } from 'pino';
import type { ApiEnv } from './env.ts';

/** JSON logger of the api process (one line per event, `service: api`). */
export function createLogger(env: Pick<ApiEnv, 'LOG_LEVEL'>): Logger {
  return pino({ level: env.LOG_LEVEL, base: { service: 'api' } });
}
