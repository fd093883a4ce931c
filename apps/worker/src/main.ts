import { runService } from '@dte/service';
import { startWorker } from './app.ts';
import { loadEnv } from './env.ts';
import { createLogger } from './logger.ts';

/** Entry point: validate env, start the workers, stop cleanly on SIGTERM/SIGINT. */
runService({ name: 'worker', shutdownTimeoutMs: 20_000 }, async () => {
  const env = loadEnv();
  const logger = createLogger(env);
  return { logger, running: await startWorker(env, logger) };
});
