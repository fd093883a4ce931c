import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { ApiDependencies, Context } from './context.ts';
import { schema } from './schema/index.ts';

/** An api server bound (or ready to bind) to a port. */
export interface ApiServer {
  app: express.Express;
  httpServer: Server;
  /** Starts Apollo and listens; resolves with the bound port (0 = ephemeral). */
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting requests, drains in-flight ones, stops Apollo. Does not close dependencies. */
  stop(): Promise<void>;
}

/** Request ids from a trusted proxy are kept when they look sane, otherwise a new one is made. */
const requestIdOf = (header: string | string[] | undefined): string =>
  typeof header === 'string' && /^[\w.-]{1,100}$/.test(header) ? header : randomUUID();

/**
 * Builds the HTTP app: `GET /healthz` (liveness, no dependency checks) and `/graphql` (Apollo Server
 * with CSRF prevention). Express is used so cookies, CSRF tokens and rate limits can be added as
 * middleware later.
 */
export function createApiServer(deps: ApiDependencies, options: { production: boolean }): ApiServer {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);

  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT (ordered shutdown of HTTP, Redis, database).
    stopOnTerminationSignals: false,
    introspection: !options.production,
    includeStacktraceInErrorResponses: !options.production,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
    logger: {
      debug: (message) => deps.logger.debug(message),
      info: (message) => deps.logger.info(message),
      warn: (message) => deps.logger.warn(message),
      error: (message) => deps.logger.error(message),
    },
  });

  app.get('/healthz', (_request, response) => {
    response.set('cache-control', 'no-store').json({ status: 'ok', version: deps.version });
  });

  let started = false;
  return {
    app,
    httpServer,
    async listen(port, host) {
      await apollo.start();
      started = true;
      app.use(
        '/graphql',
        express.json({ limit: '1mb' }),
        expressMiddleware(apollo, {
          context: async ({ req }) => {
            const requestId = requestIdOf(req.headers['x-request-id']);
            return { ...deps, requestId, logger: deps.logger.child({ requestId }), viewer: null };
          },
        }),
      );
      return new Promise<number>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    async stop() {
      // The drain plugin closes the HTTP server and waits for in-flight requests.
      if (started) await apollo.stop();
      else if (httpServer.listening) await new Promise((resolve) => httpServer.close(resolve));
    },
  };
}
