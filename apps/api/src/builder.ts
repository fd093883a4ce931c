import type { Role } from '@dte/db';
import { getDatamodel, type PrismaTypes } from '@dte/db/pothos';
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { type AuthFailure } from '@pothos/plugin-scope-auth';
import ZodPlugin from '@pothos/plugin-zod';
import { roleAtLeast } from './auth/roles.ts';
import type { Context } from './context.ts';
import {
  ForbiddenError,
  FundNotSelectedError,
  QueryTooComplexError,
  UnauthenticatedError,
} from './errors.ts';
import { COMPLEXITY_LIMITS } from './graphql/limits.ts';
import { DateTimeScalar } from './scalars/date-time.ts';
import { type DecimalLike, DecimalScalar } from './scalars/decimal.ts';
import { JsonScalar } from './scalars/json.ts';
import { MAX_PAGE_SIZE } from './validation.ts';

/**
 * Auth scopes. Every Query/Mutation field declares one (a test enforces it); object types that
 * carry fund data declare one too.
 * - `public`: anyone, also without credentials (health, signUp, login).
 * - `authenticated`: any valid session or API key.
 * - `user`: a person's session (not an API key): account and session management.
 * - `member`: a fund is selected (X-Fund-Id, or the API key's fund), any role.
 * - `role`: at least this role in the selected fund (API keys: READ = VIEWER, READ_WRITE = ANALYST).
 */
export interface AuthScopes {
  public: boolean;
  authenticated: boolean;
  user: boolean;
  member: boolean;
  role: Role;
}

/** The Pothos schema builder: plugins, context, scalars and auth scopes. Types live in `schema/*.ts`. */
export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  PrismaTypes: PrismaTypes;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Decimal: { Input: string; Output: DecimalLike | number | string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [
    ScopeAuthPlugin,
    PrismaPlugin,
    ErrorsPlugin,
    ZodPlugin,
    RelayPlugin,
    DataloaderPlugin,
    ComplexityPlugin,
  ],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      public: true,
      authenticated: ctx.principal !== null,
      user: ctx.principal?.kind === 'user',
      member: ctx.fund !== null,
      role: (role) => ctx.fund !== null && roleAtLeast(ctx.fund.role, role),
    }),
    // Failing scopes become errors with stable codes: no credentials -> UNAUTHENTICATED, no fund
    // selected -> FUND_NOT_SELECTED, otherwise FORBIDDEN naming what is missing.
    unauthorizedError: (_parent, ctx, _info, result) => {
      const scopes = failedScopes(result.failure);
      if (ctx.principal === null) return new UnauthenticatedError();
      if (ctx.fund === null && (scopes.has('member') || scopes.has('role')))
        return new FundNotSelectedError();
      if (scopes.has('user')) return new ForbiddenError('API keys cannot do this: use a user session');
      return new ForbiddenError(
        ctx.fund ? `not allowed for your role (${ctx.fund.role}) in this fund` : 'not allowed',
      );
    },
  },
  prisma: {
    // Resolvers and the plugin's relation loading get the request's tenant transaction, never
    // the raw client (see src/db/request-db.ts).
    client: (ctx) => ctx.db.client,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
    maxConnectionSize: MAX_PAGE_SIZE,
    defaultConnectionSize: 20,
  },
  errors: { defaultTypes: [] },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    // The connection field's own multiplier is `first`; its edges list must not multiply again.
    edgesFieldOptions: { complexity: { field: 1, multiplier: 1 } },
  },
  complexity: {
    limit: COMPLEXITY_LIMITS,
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    complexityError: (kind, result) =>
      new QueryTooComplexError(
        `query ${kind.toLowerCase()} ${result[kind.toLowerCase() as 'depth' | 'breadth' | 'complexity']} exceeds the limit ${
          COMPLEXITY_LIMITS[kind.toLowerCase() as 'depth' | 'breadth' | 'complexity']
        }`,
      ),
  },
});

builder.addScalarType('DateTime', DateTimeScalar);
builder.addScalarType('Decimal', DecimalScalar);
builder.addScalarType('JSON', JsonScalar);

/** Names of the scopes that failed in a scope-auth failure tree. */
function failedScopes(failure: AuthFailure, into = new Set<string>()): Set<string> {
  if ('scope' in failure) into.add(failure.scope);
  if ('failures' in failure) for (const inner of failure.failures) failedScopes(inner, into);
  return into;
}
