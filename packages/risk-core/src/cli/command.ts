import type { CliIo } from './io.ts';

/** One `dte` sub-command (one file each under `commands/`, registered in `commands/index.ts`). */
export interface CliCommand {
  name: string;
  /** Full `dte <name> --help` text. */
  help: string;
  /**
   * Runs the command, writing results to `io.stdout`.
   * @throws CliUsageError / RiskInputError for invalid input (exit 2).
   */
  run(argv: readonly string[], io: CliIo): Promise<void>;
}
