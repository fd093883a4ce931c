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
  /** Redis of the BullMQ job queues (default REDIS_URL). */
  JOBS_REDIS_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^rediss?$/ }).optional()),
  /** BullMQ key prefix shared with the worker (`<prefix>:<queue>:...`). */
  JOBS_PREFIX: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^[\w.-]{1,64}$/)
      .default('dte'),
  ),
  /** Connections in the app-role pool. */
  DATABASE_POOL_MAX: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).max(200).default(10)),
  /** Sliding idle expiry of a session (default 12 h). */
  SESSION_IDLE_TTL_SECONDS: z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number()
      .int()
      .min(60)
      .default(12 * 3600),
  ),
  /** Absolute expiry of a session from login (default 7 d). */
  SESSION_ABSOLUTE_TTL_SECONDS: z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number()
      .int()
      .min(60)
      .default(7 * 86400),
  ),
  /** Requests per minute per user session and per API key. */
  RATE_LIMIT_PER_MINUTE: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).default(600)),
  /** Requests per minute per IP address without credentials. */
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).default(120)),
  /** `login` / `signUp` attempts per minute per IP address. */
  RATE_LIMIT_LOGIN_PER_MINUTE: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).default(10)),
  /** Redis key prefix of the rate-limit counters. */
  RATE_LIMIT_PREFIX: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^[\w:.-]{1,64}$/)
      .default('dte:rl'),
  ),
  /**
   * Express `trust proxy`: how many reverse proxies in front of the api may set X-Forwarded-For
   * (0 = none: the client address is the socket's; the per-IP limits depend on it).
   */
  TRUST_PROXY_HOPS: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).max(10).default(0)),
  /** Secure + `__Host-` session cookie; defaults to on in production (https). */
  COOKIE_SECURE: z.preprocess(
    unsetIfEmpty,
    z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional(),
  ),
});

/** The api's validated configuration. */
export type ApiEnv = Omit<z.infer<typeof schema>, 'COOKIE_SECURE'> & { COOKIE_SECURE: boolean };

/**
 * Validates the api's environment (defaults: the local services). Throws {@link EnvError} whose
 * message names every invalid variable.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  const parsed = schema.safeParse(source);
  if (parsed.success)
    return {
      ...parsed.data,
      COOKIE_SECURE: parsed.data.COOKIE_SECURE ?? parsed.data.NODE_ENV === 'production',
    };
  const name = (issue: z.core.$ZodIssue) => String(issue.path[0] ?? '(env)');
  throw new EnvError(
    parsed.error.issues.map(name),
    parsed.error.issues.map((issue) => `${name(issue)}: ${issue.message}`),
  );
}
