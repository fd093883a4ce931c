import { StartError } from './errors.ts';

/** A health endpoint and what counts as healthy. */
export interface HealthProbe {
  name: string;
  url: string;
  init?: RequestInit;
  /** Healthy when this returns true for the response (default: HTTP 200). */
  accept?: (response: Response) => Promise<boolean>;
}

/**
 * Polls `probe` until it is healthy. Fails with `HEALTH_TIMEOUT` after `timeoutMs`, or at once with
 * `CHILD_EXITED` when `alive()` turns false (the process died while starting).
 */
export async function waitUntilHealthy(
  probe: HealthProbe,
  alive: () => boolean,
  timeoutMs = 60_000,
): Promise<number> {
  const started = Date.now();
  const accept = probe.accept ?? (async (response: Response) => response.status === 200);
  let last = 'no answer yet';
  while (Date.now() - started < timeoutMs) {
    if (!alive())
      throw new StartError('CHILD_EXITED', `${probe.name} exited while starting; see its output above`);
    try {
      const response = await fetch(probe.url, { ...probe.init, signal: AbortSignal.timeout(3000) });
      if (await accept(response)) return Date.now() - started;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new StartError(
    'HEALTH_TIMEOUT',
    `${probe.name} did not become healthy at ${probe.url} within ${Math.round(timeoutMs / 1000)} s (last: ${last})`,
  );
}
