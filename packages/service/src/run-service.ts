/** A started service: `stop()` closes servers, workers and connections. */
export interface RunningService {
  stop(): Promise<void>;
}

/** The part of a pino logger this module uses. */
export interface ServiceLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(objOrMsg: object | string, msg?: string): void;
}

export interface RunServiceOptions {
  /** Name used in the start-up failure message, e.g. `api`. */
  name: string;
  /** After the first signal, exit with code 1 if `stop()` has not finished within this time. */
  shutdownTimeoutMs: number;
}

/** A launcher may relay the same Ctrl-C a moment later: only a signal after this gap forces the exit. */
const SECOND_SIGNAL_GAP_MS = 2000;

/**
 * Entry-point runner shared by the api and the worker: starts the service, stops it cleanly on
 * SIGTERM/SIGINT (a second signal, 2 s later or more, forces the exit; a stop slower than
 * `shutdownTimeoutMs` exits with code 1), and turns a start-up failure into one line on stderr naming
 * the error's `code` and exit code 1.
 */
export function runService(
  options: RunServiceOptions,
  start: () => Promise<{ logger: ServiceLogger; running: RunningService }>,
): void {
  start().then(
    ({ logger, running }) => {
      let firstSignalAt = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        if (firstSignalAt > 0) {
          if (Date.now() - firstSignalAt < SECOND_SIGNAL_GAP_MS) return;
          logger.warn({ signal }, 'second signal, exiting now');
          process.exit(1);
        }
        firstSignalAt = Date.now();
        logger.info({ signal }, 'shutting down');
        const force = setTimeout(() => {
          logger.error(`shutdown took longer than ${options.shutdownTimeoutMs / 1000} s, exiting`);
          process.exit(1);
        }, options.shutdownTimeoutMs);
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
    },
    (error: unknown) => {
      const code = error instanceof Error && 'code' in error ? ` [${String(error.code)}]` : '';
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${options.name}: failed to start${code}: ${message}\n`);
      process.exit(1);
    },
  );
}
