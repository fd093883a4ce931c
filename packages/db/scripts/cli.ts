import { DbError } from '../src/errors.ts';

/**
 * Runs a script's main function: prints `error <code>: <message>` and exits 1 on failure, so
 * scripts never print a bare stack trace for an expected error.
 */
export function runMain(main: () => Promise<number | undefined>): void {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      if (error instanceof DbError) console.error(`error ${error.code}: ${error.message}`);
      else console.error(error);
      process.exitCode = 1;
    },
  );
}
