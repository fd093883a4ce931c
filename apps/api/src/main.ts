import { startApi } from './app.ts';
import { loadEnv } from './env.ts';
import { createLogger } from './logger.ts';

/**
 * Entry point: validate env, serve, stop cleanly on SIGTERM/SIGINT (a second signal, 2 s later or
 * more, forces the exit).
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger(env);
  const running = await startApi(env, logger);

  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt > 0) {
      // A launcher may relay the same Ctrl-C a moment later: only a later signal forces the exit.
      if (Date.now() - firstSignalAt < 2000) return;
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 15 s, exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main().catch((error: unknown) => {
  const code = error instanceof Error && 'code' in error ? ` [${String(error.code)}]` : '';
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`api: failed to start${code}: ${message}\n`);
  process.exit(1);
});
