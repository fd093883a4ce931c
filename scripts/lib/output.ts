import type { Readable } from 'node:stream';

const useColor = process.stdout.isTTY === true;
const COLORS = [36, 35, 33, 34, 32, 96, 95] as const;
const paint = (code: number, text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service']);

/**
 * Makes one pino JSON line readable: `12:00:01 INFO api started {"port":4000}`. Lines that are not
 * pino JSON are returned unchanged.
 */
export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof record.level !== 'number' || typeof record.msg !== 'string') return line;
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 19) : '';
  const level = LEVELS[record.level] ?? String(record.level);
  const rest = Object.fromEntries(Object.entries(record).filter(([key]) => !HIDDEN.has(key)));
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `${time} ${level} ${record.msg}${extra}`.trim();
}

/** Writes lines with a fixed-width, colored `[name]` prefix. */
export class PrefixedOutput {
  private readonly prefix: string;

  constructor(
    name: string,
    colorIndex: number,
    private readonly pretty: boolean,
  ) {
    this.prefix = paint(COLORS[colorIndex % COLORS.length] ?? 36, `[${name}]`.padEnd(11));
  }

  /** Prints one line (pino JSON is made readable unless `pretty` is off). */
  line(text: string, stream: NodeJS.WriteStream = process.stdout): void {
    stream.write(`${this.prefix} ${this.pretty ? formatLogLine(text) : text}\n`);
  }

  /** Prefixes every line of a child's stdout/stderr. */
  pipe(source: Readable | null, stream: NodeJS.WriteStream = process.stdout): void {
    if (!source) return;
    let buffered = '';
    source.setEncoding('utf8');
    source.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split(/\r?\n/);
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.length > 0) this.line(line, stream);
    });
    source.on('end', () => {
      if (buffered.length > 0) this.line(buffered, stream);
      buffered = '';
    });
  }
}

/** The orchestrator's own messages (`[start]`). */
export const say = new PrefixedOutput('start', 6, false);

/** Prints a blank line, then each line of `lines` unprefixed (summaries and instructions). */
export function block(lines: readonly string[], stream: NodeJS.WriteStream = process.stdout): void {
  stream.write(`\n${lines.join('\n')}\n\n`);
}
