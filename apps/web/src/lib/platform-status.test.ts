import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchPlatformStatus } from './platform-status.ts';

/** Real HTTP servers on ephemeral ports standing in for the api's transport behaviour. */
const servers: Server[] = [];
async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

const json =
  (status: number, body: unknown): RequestListener =>
  (request, response) => {
    let received = '';
    request.on('data', (chunk) => {
      received += chunk;
    });
    request.on('end', () => {
      response.writeHead(status, {
        'content-type': 'application/json',
        'x-received': encodeURIComponent(received),
      });
      response.end(JSON.stringify(body));
    });
  };

describe('fetchPlatformStatus', () => {
  it('returns the health answer', async () => {
    const health = { status: 'degraded', version: '0.1.0', uptimeSeconds: 12, database: 'ok', redis: 'down' };
    const url = await serve(json(200, { data: { health } }));
    const status = await fetchPlatformStatus(url);
    expect(status).toMatchObject({ reachable: true, health });
  });

  it('reports a refused connection without throwing', async () => {
    const url = await serve(json(200, {}));
    const server = servers.pop();
    await new Promise((resolve) => server?.close(resolve));
    const status = await fetchPlatformStatus(url);
    expect(status).toEqual({ reachable: false, reason: expect.stringMatching(/refused/) });
  });

  it('reports a timeout', async () => {
    const url = await serve(() => {
      // never answers
    });
    const status = await fetchPlatformStatus(url, 200);
    expect(status).toEqual({ reachable: false, reason: 'the api did not answer within 200 ms' });
  });

  it('reports HTTP errors and GraphQL errors', async () => {
    expect(await fetchPlatformStatus(await serve(json(502, { error: 'bad gateway' })))).toEqual({
      reachable: false,
      reason: 'the api answered HTTP 502',
    });
    expect(await fetchPlatformStatus(await serve(json(200, { errors: [{ message: 'boom' }] })))).toEqual({
      reachable: false,
      reason: 'the api answered with an error: boom',
    });
    expect(
      await fetchPlatformStatus(await serve(json(200, { data: { health: { status: 'weird' } } }))),
    ).toEqual({ reachable: false, reason: 'the api answered with an unexpected body' });
  });
});

describe('fetchPlatformStatus reasons', () => {
  it('includes the cause of a refused fetch (a port fetch never uses)', async () => {
    expect(await fetchPlatformStatus('http://127.0.0.1:1/graphql')).toEqual({
      reachable: false,
      reason: 'fetch failed (bad port)',
    });
  });
});
