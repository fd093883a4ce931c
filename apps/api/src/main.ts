import { runService } from '@dte/service';
import { startApi } from './app.ts';
import { loadEnv } from './env.ts';
import { createLogger } from './logger.ts';

/** Entry point: validate env, serve, stop cleanly on SIGTERM/SIGINT. */
runService({ name: 'api', shutdownTimeoutMs: 15_000 }, async () => {
  const env = loadEnv();
  const logger = createLogger(env);
  return { logger, running: await startApi(env, logger) };
});
