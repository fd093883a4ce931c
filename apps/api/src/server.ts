import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { checkDatabase, checkRedis } from '@dte/service';
import express from 'express';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import { clearSessionCookie, readCookie, sessionCookie, sessionCookieName } from './auth/cookies.ts';
import { AuthService, type KnownMembership, type Principal } from './auth/service.ts';
import { bearerOf } from './auth/tokens.ts';
import type { ApiDependencies, Context, ServerConfig } from './context.ts';
import { RequestDb } from './db/request-db.ts';
import { UnauthenticatedError } from './errors.ts';
import { findApiError, formatError, isInternalError, requestError } from './graphql/errors.ts';
import { limitRules, MAX_BODY_BYTES, MAX_TOKENS } from './graphql/limits.ts';
import { MAX_UPLOAD_BODY_BYTES, UPLOAD_PATH, uploadGuard } from './imports/upload-route.ts';
import { RateLimiter } from './rate-limit.ts';
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
const requestIdOf = (header: string | undefined): string =>
  typeof header === 'string' && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();

/** Root fields answered entirely from a cached book (no other field reads the database). */
const BOOK_ONLY_FIELDS = new Set(['exposures']);

/**
 * True for a query whose root selection is only fields of {@link BOOK_ONLY_FIELDS} (no fragments,
 * no directives): everything it returns comes from the fund's book (risk/book.ts).
 */
function isBookOnly(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === 'query' &&
    operation.selectionSet.selections.every(
      (s) => s.kind === Kind.FIELD && BOOK_ONLY_FIELDS.has(s.name.value) && (s.directives?.length ?? 0) === 0,
    )
  );
}

/**
 * Per-request Apollo hooks: tells the request's database access the operation type (isolation of
 * its read transaction), logs internal errors with their stack, closes the read transaction and
 * stamps the request id on every error before the response is sent.
 */
function requestPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (operation) {
            contextValue.db.setOperation(operation.operation);
            contextValue.bookOnly = isBookOnly(operation);
          }
        },
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) {
            if (isInternalError(error))
              contextValue.logger.error(
                { err: error.originalError ?? error, path: error.path },
                `internal error: ${error.message}`,
              );
          }
        },
        async willSendResponse({ contextValue, response }) {
          await contextValue.db.release();
          if (response.body.kind === 'single' && response.body.singleResult.errors) {
            response.body.singleResult.errors = response.body.singleResult.errors.map((error) => ({
              ...error,
              extensions: { ...error.extensions, requestId: contextValue.requestId },
            }));
          }
        },
      };
    },
  };
}

/**
 * Builds the HTTP app: `GET /healthz` (liveness) and `/graphql` (Apollo Server with CSRF
 * prevention, no batching, query-shape limits, masked errors). Each GraphQL request is
 * authenticated (Bearer header, else session cookie), rate limited, bound to its fund
 * (X-Fund-Id / the API key's fund) and given its tenant-scoped database access.
 */
export function createApiServer(deps: ApiDependencies, config: ServerConfig): ApiServer {
  const production = config.NODE_ENV === 'production';
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  const httpServer = createServer(app);
  const auth = new AuthService(
    deps.prisma,
    {
      idleTtlSeconds: config.SESSION_IDLE_TTL_SECONDS,
      absoluteTtlSeconds: config.SESSION_ABSOLUTE_TTL_SECONDS,
    },
    deps.logger,
  );
  const limiter = new RateLimiter(deps.redis, config.RATE_LIMIT_PREFIX, deps.logger);
  const cookiePolicy = { secure: config.COOKIE_SECURE };
  const cookieName = sessionCookieName(cookiePolicy);
  const health = { database: () => checkDatabase(deps.prisma), redis: () => checkRedis(deps.redis) };

  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns SIGTERM/SIGINT (ordered shutdown of HTTP, Redis, database).
    stopOnTerminationSignals: false,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules: limitRules(),
    status400ForVariableCoercionErrors: true,
    formatError,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), requestPlugin()],
    logger: {
      debug: (message) => deps.logger.debug(message),
      info: (message) => deps.logger.info(message),
      warn: (message) => deps.logger.warn(message),
      error: (message) => deps.logger.error(message),
    },
  });

  app.use((request, response, next) => {
    const requestId = requestIdOf(request.get('x-request-id'));
    response.locals.requestId = requestId;
    response.setHeader('x-request-id', requestId);
    next();
  });

  app.get('/healthz', (_request, response) => {
    response.set('cache-control', 'no-store').json({ status: 'ok', version: deps.version });
  });

  const context = async ({ req, res }: { req: express.Request; res: express.Response }): Promise<Context> => {
    const requestId = String(res.locals.requestId);
    const logger = deps.logger.child({ requestId });
    const client = {
      ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      userAgent: req.get('user-agent'),
      requestId,
    };
    const cookies = {
      set: (token: string, expiresAt: Date) =>
        res.append(
          'set-cookie',
          sessionCookie(cookiePolicy, token, (expiresAt.getTime() - Date.now()) / 1000),
        ),
      clear: () => res.append('set-cookie', clearSessionCookie(cookiePolicy)),
    };
    res.setHeader('cache-control', 'no-store');
    try {
      let principal: Principal | null = null;
      // For a session: its user's role in the X-Fund-Id fund, read with the session (one statement).
      let membership: KnownMembership | undefined;
      const requestedFund = req.get('x-fund-id');
      const authorization = req.get('authorization');
      const limitIp = () =>
        limiter.consume('ip', client.ip, {
          limit: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
          windowSeconds: 60,
        });
      try {
        if (authorization !== undefined) {
          const credential = bearerOf(authorization);
          if (!credential)
            throw new UnauthenticatedError('Authorization must be "Bearer <session token or API key>"');
          ({ principal, membership } = await auth.authenticateFor(credential, requestedFund));
        } else {
          const token = readCookie(req.get('cookie'), cookieName);
          if (token) {
            try {
              ({ principal, membership } = await auth.authenticateFor(token, requestedFund, {
                sessionOnly: true,
              }));
            } catch (error) {
              // A stale cookie makes the request anonymous (so the user can log in again).
              if (!(error instanceof UnauthenticatedError)) throw error;
              cookies.clear();
            }
          }
        }
      } catch (error) {
        if (error instanceof UnauthenticatedError) await limitIp();
        throw error;
      }
      if (principal === null) await limitIp();
      else
        await limiter.consume(
          principal.kind === 'user' ? 'user' : 'apiKey',
          principal.kind === 'user' ? principal.userId : principal.apiKeyId,
          { limit: config.RATE_LIMIT_PER_MINUTE, windowSeconds: 60 },
        );
      const fund = await auth.selectFund(principal, requestedFund, membership);
      const db = new RequestDb(deps.prisma, {
        fundId: fund?.fundId ?? null,
        userId: principal?.kind === 'user' ? principal.userId : null,
        apiKeyId: principal?.kind === 'apiKey' ? principal.apiKeyId : null,
        requestId,
      });
      return {
        requestId,
        logger,
        version: deps.version,
        startedAt: deps.startedAt,
        principal,
        fund,
        db,
        bookVersion: fund && membership?.fundId === fund.fundId ? membership.bookVersion : null,
        bookOnly: false,
        auth,
        limiter,
        client,
        cookies,
        config,
        jobs: deps.jobs,
        health,
      };
    } catch (error) {
      const api = findApiError(error);
      if (api) {
        if (api.code === 'RATE_LIMITED')
          res.setHeader('retry-after', String(api.details.retryAfterSeconds ?? 60));
        throw requestError(api, requestId);
      }
      logger.error({ err: error }, 'context creation failed');
      throw new GraphQLError('Internal server error', {
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId, http: { status: 500 } },
      });
    }
  };

  let started = false;
  return {
    app,
    httpServer,
    async listen(port, host) {
      await apollo.start();
      started = true;
      // File uploads (position imports, daily closes, market snapshots) have a path of their own with
      // a larger body limit; only those mutations may use it (src/imports/upload-route.ts).
      app.use(
        UPLOAD_PATH,
        express.json({ limit: MAX_UPLOAD_BODY_BYTES }),
        uploadGuard,
        expressMiddleware(apollo, { context }),
      );
      app.use('/graphql', express.json({ limit: MAX_BODY_BYTES }), expressMiddleware(apollo, { context }));
      app.use(
        (
          error: unknown,
          request: express.Request,
          response: express.Response,
          next: express.NextFunction,
        ) => {
          // Body-parser errors (too large, malformed JSON): a GraphQL-shaped 4xx, never a stack page.
          const status = (error as { status?: number }).status;
          if (response.headersSent || typeof status !== 'number' || status >= 500) return next(error);
          response.status(status).json({
            errors: [
              {
                message:
                  status === 413
                    ? `request body larger than ${request.originalUrl.startsWith(UPLOAD_PATH) ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES} bytes`
                    : 'malformed request body',
                extensions: { code: 'BAD_REQUEST', requestId: response.locals.requestId },
              },
            ],
          });
        },
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
