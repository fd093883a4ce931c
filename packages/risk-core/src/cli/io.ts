import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { CliUsageError } from './usage-error.ts';

/** What a command may touch: its input and output streams and the environment. */
export interface CliIo {
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The process's real streams. */
export function processIo(): CliIo {
  return {
    async readStdin() {
      if (process.stdin.isTTY)
        throw new CliUsageError('no input file given and stdin is a terminal (see --help)');
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Resolves a user path. Run as the package script (`pnpm dte ...`, which changes directory to the
 * package), relative paths are taken from the directory the user ran pnpm in (`INIT_CWD`).
 */
export function resolveUserPath(path: string, io: CliIo): string {
  if (isAbsolute(path)) return path;
  const base = io.env.npm_lifecycle_event === 'dte' && io.env.INIT_CWD ? io.env.INIT_CWD : io.cwd;
  return resolve(base, path);
}

/**
 * Reads the input text: the file `path` (or stdin when `path` is undefined or `-`).
 *
 * @throws CliUsageError when the file cannot be read.
 */
export async function readInput(path: string | undefined, io: CliIo): Promise<string> {
  if (path === undefined || path === '-') return io.readStdin();
  const full = resolveUserPath(path, io);
  try {
    return readFileSync(full, 'utf8');
  } catch (e) {
    throw new CliUsageError(`cannot read ${full}: ${(e as Error).message}`);
  }
}

/**
 * Parses JSON text.
 *
 * @throws CliUsageError naming the source and the parser's message for invalid JSON.
 */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliUsageError(`${source} is not valid JSON: ${(e as Error).message}`);
  }
}
