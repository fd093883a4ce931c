import { createServer, type Server } from 'node:http';
import type { CheckStatus } from '@dte/service';

/** Named readiness checks, each resolving to `ok` or `down`. */
export type ReadinessChecks = Record<string, () => Promise<CheckStatus>>;

/** Renders the Prometheus exposition (`GET /metrics`). */
export type MetricsRenderer = () => Promise<{ contentType: string; body: string }>;

/**
 * A tiny HTTP server for orchestrators: `GET /healthz` answers 200 while the process runs
 * (liveness); `GET /readyz` runs every check and answers 200 when all are `ok`, else 503;
 * `GET /metrics` answers the Prometheus metrics when a renderer is given.
 */
export function createHealthServer(checks: ReadinessChecks, metrics?: MetricsRenderer): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(405, { error: 'method not allowed' });
    if (path === '/healthz') return send(200, { status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
    if (path === '/metrics' && metrics) {
      metrics().then(
        ({ contentType, body }) => {
          response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
          response.end(body);
        },
        (error: unknown) =>
          send(503, {
            error: `metrics unavailable: ${error instanceof Error ? error.message : String(error)}`,
          }),
      );
      return;
    }
    if (path === '/readyz') {
      const names = Object.keys(checks);
      Promise.all(names.map((name) => checks[name]?.() ?? Promise.resolve<CheckStatus>('down'))).then(
        (results) => {
          const detail = Object.fromEntries(names.map((name, i) => [name, results[i]]));
          const ready = results.every((result) => result === 'ok');
          send(ready ? 200 : 503, { status: ready ? 'ok' : 'degraded', ...detail });
        },
        () => send(503, { status: 'degraded' }),
      );
      return;
    }
    send(404, { error: 'not found' });
  });
}

/** Listens on `port` (0 = ephemeral) and resolves with the bound port. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Stops accepting connections and closes idle keep-alive ones. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}
