import { CliUsageError } from './usage-error.ts';

/** Option kinds: a flag, a single value, or a repeatable value. */
export type OptionKind = 'boolean' | 'string' | 'list';

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * Parses `--name value`, `--name=value`, `--flag` and positionals. Unlike `util.parseArgs`, a value
 * may start with `-` (`--spot -0.3:0.3:13`). `-h` is `--help`. `--` ends options.
 *
 * @throws CliUsageError for an unknown option or a missing value.
 */
export function parseArgs(argv: readonly string[], spec: Record<string, OptionKind>): ParsedArgs {
  const values: ParsedArgs['values'] = {};
  const positionals: string[] = [];
  const all: Record<string, OptionKind> = { help: 'boolean', ...spec };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      values.help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = all[name];
    if (kind === undefined) throw new CliUsageError(`unknown option --${name}`);
    if (kind === 'boolean') {
      if (eq >= 0) throw new CliUsageError(`option --${name} takes no value`);
      values[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined) throw new CliUsageError(`option --${name} needs a value`);
    if (kind === 'string') values[name] = value;
    else values[name] = [...((values[name] as string[] | undefined) ?? []), value];
  }
  return { values, positionals };
}
