import { RiskInputError } from '../errors.ts';
import { COMMANDS } from './commands/index.ts';
import type { CliIo } from './io.ts';
import { CliUsageError, EXIT_INTERNAL, EXIT_INVALID, EXIT_OK } from './usage-error.ts';

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'dte - Derivative Token Exposure command-line tool',
    '',
    'usage: dte <command> [args] (dte <command> --help for details)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 ok, 2 invalid input or usage (message on stderr), 1 internal error.',
    '',
  ].join('\n');
}

/**
 * Runs `dte` with `argv` (without node and script) and returns the exit code. Errors never
 * escape: invalid input (`RiskInputError`, `CliUsageError`) prints `dte <command>: <message>` on
 * stderr and returns 2; anything else prints the error and returns 1.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout(target ? (await target.load()).help : mainHelp());
    return EXIT_OK;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`dte: unknown command "${name}"\n\n${mainHelp()}`);
    return EXIT_INVALID;
  }
  try {
    const command = await entry.load();
    await command.run(rest, io);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof RiskInputError) {
      io.stderr(`dte ${name}: invalid input [${e.code}] ${e.message}\n`);
      return EXIT_INVALID;
    }
    if (e instanceof CliUsageError) {
      io.stderr(`dte ${name}: ${e.message}\n`);
      return EXIT_INVALID;
    }
    io.stderr(`dte ${name}: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT_INTERNAL;
  }
}
