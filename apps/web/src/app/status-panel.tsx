import type { PlatformStatus } from '../lib/platform-status.ts';

const LABEL = { ok: 'OK', degraded: 'Degraded', down: 'Down' } as const;

/** Formats seconds as e.g. `2 h 5 min` / `42 s`. */
function formatUptime(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Platform status as reported by the api's `health` query, or why the api could not be reached. */
export function StatusPanel({ status, apiUrl }: { status: PlatformStatus; apiUrl: string }) {
  if (!status.reachable) {
    return (
      <section
        className="panel panel-down"
        aria-live="polite"
        data-testid="platform-status"
        data-status="down"
      >
        <h2>Platform status: API unavailable</h2>
        <p>
          The web app could not reach the API at <code>{apiUrl}</code>: {status.reason}.
        </p>
        <p>
          Start the whole platform with <code>pnpm start</code>, or check the <code>API_URL</code> setting.
        </p>
      </section>
    );
  }
  const { health } = status;
  return (
    <section
      className={`panel panel-${health.status}`}
      aria-live="polite"
      data-testid="platform-status"
      data-status={health.status}
    >
      <h2>Platform status: {LABEL[health.status]}</h2>
      <dl>
        <dt>Database</dt>
        <dd className={`dep-${health.database}`}>{LABEL[health.database]}</dd>
        <dt>Redis (job queues)</dt>
        <dd className={`dep-${health.redis}`}>{LABEL[health.redis]}</dd>
        <dt>API version</dt>
        <dd>{health.version}</dd>
        <dt>API uptime</dt>
        <dd>{formatUptime(health.uptimeSeconds)}</dd>
        <dt>Response time</dt>
        <dd>{status.latencyMs} ms</dd>
      </dl>
    </section>
  );
}
