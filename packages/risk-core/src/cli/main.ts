/**
 * Entry point of the `dte` command-line tool (run with tsx: `bin/dte.mjs`, or `pnpm dte`).
 * All I/O of risk-core lives in `src/cli/`.
 */
import { processIo } from './io.ts';
import { runCli } from './run.ts';

process.exitCode = await runCli(process.argv.slice(2), processIo());
