import { z } from 'zod';

/** Treats an empty variable (`FOO=`) like an unset one so defaults apply. */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

const schema = z.object({
  /** GraphQL endpoint of the api, as reached from the web server (server-side fetches only). */
  API_URL: z.preprocess(
    unsetIfEmpty,
    z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:4000/graphql'),
  ),
  /** Port `next start` listens on (read by the package scripts; validated here for a clear error). */
  WEB_PORT: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).max(65535).default(3000)),
  /**
   * Secure flag of the session cookie: `true`/`false`; unset: Secure when the request came over
   * https (`X-Forwarded-Proto: https` from a TLS-terminating proxy).
   */
  WEB_COOKIE_SECURE: z.preprocess(
    unsetIfEmpty,
    z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  ),
});

/** The web server's validated configuration. */
export type WebEnv = z.infer<typeof schema>;

/** An environment variable is invalid; the message names it. */
export class EnvError extends Error {
  readonly code = 'ENV_INVALID';
  readonly variables: readonly string[];

  constructor(variables: readonly string[], details: readonly string[]) {
    super(`invalid environment: ${details.join('; ')}`);
    this.name = 'EnvError';
    this.variables = variables;
  }
}

/** Validates the web server's environment; throws {@link EnvError} naming each invalid variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): WebEnv {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const name = (issue: z.core.$ZodIssue) => String(issue.path[0] ?? '(env)');
  throw new EnvError(
    parsed.error.issues.map(name),
    parsed.error.issues.map((issue) => `${name(issue)}: ${issue.message}`),
  );
}
