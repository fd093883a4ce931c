import { z } from 'zod';
import { StartError } from './lib/errors.ts';

/** Defaults: the local services of a developer machine. */
export const DEFAULTS = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/dte',
  APP_DATABASE_URL: 'postgresql://dte_app:dte_app@127.0.0.1:5432/dte',
  REDIS_URL: 'redis://127.0.0.1:6379',
} as const;

const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);
const port = (fallback: number) =>
  z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).max(65535).default(fallback));
const flag = z.preprocess(unsetIfEmpty, z.enum(['0', '1', 'true', 'false']).optional());
const pgUrl = z.url({ protocol: /^postgres(ql)?$/ });

const schema = z.object({
  DATABASE_URL: z.preprocess(unsetIfEmpty, pgUrl.optional()),
  APP_DATABASE_URL: z.preprocess(unsetIfEmpty, pgUrl.optional()),
  REDIS_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^rediss?$/ }).optional()),
  /** `1`: always use the embedded PostgreSQL; `0`: never (fail when no PostgreSQL answers). */
  DTE_EMBEDDED_POSTGRES: flag,
  DTE_EMBEDDED_POSTGRES_PORT: port(54329),
  /** `1`: do not run `pnpm db:seed`. */
  DTE_SKIP_SEED: flag,
  PORT: port(4000),
  WORKER_PORT: port(4100),
  WEB_PORT: port(3000),
  LOG_LEVEL: z.preprocess(
    unsetIfEmpty,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  ),
  /** Set by pnpm/npm when run as `pnpm start`: the package manager to run sub-steps with. */
  npm_execpath: z.preprocess(unsetIfEmpty, z.string().optional()),
});

/** Command-line flags of `pnpm start`. */
export const FLAGS = {
  '--embedded-postgres': 'always start the embedded PostgreSQL (same as DTE_EMBEDDED_POSTGRES=1)',
  '--no-embedded-postgres': 'never start it; fail when no PostgreSQL answers (DTE_EMBEDDED_POSTGRES=0)',
  '--skip-seed': 'do not run pnpm db:seed (same as DTE_SKIP_SEED=1)',
  '--rebuild-web': 'run next build even when the web build looks current',
  '--json-logs': "print the apps' pino JSON lines as they are",
  '--help': 'print this help',
} as const;

/** The validated configuration of `pnpm start`. */
export interface StartConfig {
  /** Owner/migrator URL, and whether the user set it (an explicit URL is never replaced). */
  databaseUrl: string;
  databaseUrlGiven: boolean;
  appDatabaseUrl: string;
  appDatabaseUrlGiven: boolean;
  redisUrl: string;
  redisUrlGiven: boolean;
  embedded: 'auto' | 'always' | 'never';
  embeddedPort: number;
  skipSeed: boolean;
  rebuildWeb: boolean;
  jsonLogs: boolean;
  help: boolean;
  ports: { api: number; worker: number; web: number };
  logLevel: string;
  /** Command that runs pnpm (the one that launched us when known). */
  pnpm: { command: string; args: string[] };
  /** Environment handed to child processes (the caller's, so PATH etc. survive). */
  baseEnv: Record<string, string | undefined>;
}

const truthy = (value: string | undefined) => value === '1' || value === 'true';

/**
 * Reads `pnpm start`'s environment and flags. Throws {@link StartError} (`ENV_INVALID`) naming the
 * invalid variable or the unknown flag.
 */
export function loadStartConfig(
  argv: readonly string[] = process.argv.slice(2),
  source: Record<string, string | undefined> = process.env,
): StartConfig {
  const unknown = argv.filter((arg) => !(arg in FLAGS));
  if (unknown.length > 0) {
    throw new StartError('ENV_INVALID', `unknown option ${unknown.join(', ')} (see pnpm start --help)`);
  }
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
    throw new StartError('ENV_INVALID', `invalid environment: ${details.join('; ')}`);
  }
  const env = parsed.data;
  const has = (name: keyof typeof FLAGS) => argv.includes(name);
  let embedded: StartConfig['embedded'] = 'auto';
  if (env.DTE_EMBEDDED_POSTGRES !== undefined)
    embedded = truthy(env.DTE_EMBEDDED_POSTGRES) ? 'always' : 'never';
  if (has('--embedded-postgres')) embedded = 'always';
  if (has('--no-embedded-postgres')) embedded = 'never';

  const execPath = env.npm_execpath;
  const pnpm =
    execPath && /pnpm/.test(execPath)
      ? /\.c?js$/.test(execPath)
        ? { command: process.execPath, args: [execPath] }
        : { command: execPath, args: [] }
      : { command: 'pnpm', args: [] };

  return {
    databaseUrl: env.DATABASE_URL ?? DEFAULTS.DATABASE_URL,
    databaseUrlGiven: env.DATABASE_URL !== undefined,
    appDatabaseUrl: env.APP_DATABASE_URL ?? DEFAULTS.APP_DATABASE_URL,
    appDatabaseUrlGiven: env.APP_DATABASE_URL !== undefined,
    redisUrl: env.REDIS_URL ?? DEFAULTS.REDIS_URL,
    redisUrlGiven: env.REDIS_URL !== undefined,
    embedded,
    embeddedPort: env.DTE_EMBEDDED_POSTGRES_PORT,
    skipSeed: truthy(env.DTE_SKIP_SEED) || has('--skip-seed'),
    rebuildWeb: has('--rebuild-web'),
    jsonLogs: has('--json-logs'),
    help: has('--help'),
    ports: { api: env.PORT, worker: env.WORKER_PORT, web: env.WEB_PORT },
    logLevel: env.LOG_LEVEL,
    pnpm,
    baseEnv: { ...source },
  };
}

/** `postgresql://user:***@host:port/db`: an address safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
