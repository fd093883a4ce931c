import { z } from 'zod';
import { EnvError } from './errors.ts';

/** Treats an empty variable (`FOO=`) like an unset one so defaults apply. */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

const schema = z.object({
  NODE_ENV: z.preprocess(unsetIfEmpty, z.enum(['development', 'test', 'production']).default('development')),
  LOG_LEVEL: z.preprocess(
    unsetIfEmpty,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  /** HTTP port of `/graphql` and `/healthz` (0 = ephemeral, for tests). */
  PORT: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).max(65535).default(4000)),
  /** Interface to bind; `0.0.0.0` in containers. */
  HOST: z.preprocess(unsetIfEmpty, z.string().min(1).default('127.0.0.1')),
  /** Application role connection (no superuser, no BYPASSRLS). */
  APP_DATABASE_URL: z.preprocess(
    unsetIfEmpty,
    z.url({ protocol: /^postgres(ql)?$/ }).default('postgresql://dte_app:dte_app@127.0.0.1:5432/dte'),
  ),
  REDIS_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379')),
});

/** The api's validated configuration. */
export type ApiEnv = z.infer<typeof schema>;

/**
 * Validates the api's environment (defaults: the local services). Throws {@link EnvError} whose
 * message names every invalid variable.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const name = (issue: z.core.$ZodIssue) => String(issue.path[0] ?? '(env)');
  throw new EnvError(
    parsed.error.issues.map(name),
    parsed.error.issues.map((issue) => `${name(issue)}: ${issue.message}`),
  );
}
