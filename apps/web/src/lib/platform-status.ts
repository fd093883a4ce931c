import { z } from 'zod';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeSeconds: z.number(),
  database: z.enum(['ok', 'down']),
  redis: z.enum(['ok', 'down']),
});

const responseSchema = z.object({
  data: z.object({ health: healthSchema }).nullish(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});

/** The api's `health` answer. */
export type Health = z.infer<typeof healthSchema>;

/** What the home page shows: the api answered (ok or degraded), or it could not be reached. */
export type PlatformStatus =
  | { reachable: true; health: Health; latencyMs: number }
  | { reachable: false; reason: string };

const HEALTH_QUERY = 'query Health { health { status version uptimeSeconds database redis } }';

/**
 * Asks the api for its health. Never throws: a refused connection, a timeout, a non-200 answer or
 * an unexpected body all become `{ reachable: false, reason }`.
 */
export async function fetchPlatformStatus(apiUrl: string, timeoutMs = 3000): Promise<PlatformStatus> {
  const started = performance.now();
  try {
    const response = await fetch(apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: HEALTH_QUERY, operationName: 'Health' }),
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return { reachable: false, reason: `the api answered HTTP ${response.status}` };
    const parsed = responseSchema.safeParse(await response.json());
    if (!parsed.success) return { reachable: false, reason: 'the api answered with an unexpected body' };
    const health = parsed.data.data?.health;
    if (!health) {
      const message = parsed.data.errors?.[0]?.message ?? 'no data';
      return { reachable: false, reason: `the api answered with an error: ${message}` };
    }
    return { reachable: true, health, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { reachable: false, reason: describeFetchError(error, timeoutMs) };
  }
}

/** The first system error code (ECONNREFUSED...) in an error's cause chain, if any. */
function systemCode(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  for (const inner of [cause, ...(Array.isArray(errors) ? errors : [])]) {
    const found = systemCode(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A short, user-facing reason for a failed fetch (refused, timeout, DNS...). */
export function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `the api did not answer within ${timeoutMs} ms`;
  }
  const code = systemCode(error);
  if (code === 'ECONNREFUSED') return 'the api refused the connection (is it running?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the api host name does not resolve';
  if (code) return `the connection failed (${code})`;
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}
