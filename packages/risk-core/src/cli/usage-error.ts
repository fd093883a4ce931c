/** A command-line usage error (unknown command/option, missing argument): exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** Exit codes of `dte`. */
export const EXIT_OK = 0;
/** Unexpected internal error. */
export const EXIT_INTERNAL = 1;
/** Invalid input: malformed document, invalid value, bad usage. */
export const EXIT_INVALID = 2;
