import { z } from 'zod';
import { EnvError } from './errors.ts';

/** Defaults: the local PostgreSQL of a developer machine (trust auth). */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/dte';
export const DEFAULT_APP_DATABASE_URL = 'postgresql://dte_app:dte_app@127.0.0.1:5432/dte';
export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/dte_test';
export const DEFAULT_TEST_APP_DATABASE_URL = 'postgresql://dte_app:dte_app@127.0.0.1:5432/dte_test';

/** A `postgresql://` URL with a host and a database name; `requireUser` also demands a user name. */
function postgresUrl(requireUser: boolean) {
  return z.string().superRefine((value, ctx) => {
    const problem = postgresUrlProblem(value, requireUser);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

function postgresUrlProblem(value: string, requireUser: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL like postgresql://user:password@host:5432/database';
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') return 'must use postgresql://';
  if (!url.hostname && !url.searchParams.get('host')) return 'must name a host';
  if (url.pathname.replace(/^\//, '') === '') return 'must name a database (the path after the host)';
  if (requireUser && !url.username) return 'must name the user (role) to connect as';
  return undefined;
}

/** Unset and empty variables both fall back to the default. */
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

const schema = z.object({
  /** Owner/migrator connection: runs migrations and seeds, owns the tables (superuser or BYPASSRLS). */
  DATABASE_URL: z.preprocess(blankToUndefined, postgresUrl(false).default(DEFAULT_DATABASE_URL)),
  /** The application's connection: a role that is NOT superuser and has NO BYPASSRLS. */
  APP_DATABASE_URL: z.preprocess(blankToUndefined, postgresUrl(true).default(DEFAULT_APP_DATABASE_URL)),
  /** Owner connection for tests (database `dte_test` by default). */
  TEST_DATABASE_URL: z.preprocess(blankToUndefined, postgresUrl(false).default(DEFAULT_TEST_DATABASE_URL)),
  /** Application-role connection for tests. */
  TEST_APP_DATABASE_URL: z.preprocess(
    blankToUndefined,
    postgresUrl(true).default(DEFAULT_TEST_APP_DATABASE_URL),
  ),
  /** Connections per process in the application pool. */
  DATABASE_POOL_MAX: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(10)),
  /** Path of Prisma's native schema engine; only read by scripts/generate.ts (see there). */
  PRISMA_SCHEMA_ENGINE_BINARY: z.preprocess(blankToUndefined, z.string().optional()),
});

/** The validated database environment of @dte/db. */
export type DbEnv = z.infer<typeof schema>;

/**
 * Validates database settings from `source` (default `process.env`).
 * @throws EnvError naming the first invalid variable and its (password-redacted) value.
 */
export function parseDbEnv(source: Record<string, string | undefined> = process.env): DbEnv {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  const raw = source[variable];
  throw new EnvError(variable, issue?.message ?? 'is invalid', redactUrl(raw));
}

let cached: DbEnv | undefined;

/** The database environment of this process, validated once (see {@link parseDbEnv}). */
export function dbEnv(): DbEnv {
  cached ??= parseDbEnv(process.env);
  return cached;
}

/** A copy of this process's environment with `overrides` applied, for child processes. */
export function childProcessEnv(overrides: Record<string, string>): Record<string, string | undefined> {
  return { ...process.env, ...overrides };
}

/** Replaces the password of a URL-looking string by `***` (for messages and logs). */
export function redactUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}
