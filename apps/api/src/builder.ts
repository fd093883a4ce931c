import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ZodPlugin from '@pothos/plugin-zod';
import type { Context, FundRole } from './context.ts';
import { DateTimeScalar } from './scalars/date-time.ts';
import { type DecimalLike, DecimalScalar } from './scalars/decimal.ts';
import { JsonScalar } from './scalars/json.ts';

/**
 * Auth scopes (placeholders until the "Auth" issue): `authenticated` = a viewer is known;
 * `fundMember` = the viewer belongs to the given fund id; `role` = the viewer has at least this role.
 */
export interface AuthScopes {
  authenticated: boolean;
  fundMember: string;
  role: FundRole;
}

const ROLE_RANK: Record<FundRole, number> = { VIEWER: 0, ANALYST: 1, RISK_MANAGER: 2, OWNER: 3 };

/** The Pothos schema builder: plugins, context, scalars. Types live in `schema/*.ts`. */
export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Decimal: { Input: string; Output: DecimalLike | number | string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, ZodPlugin, RelayPlugin, DataloaderPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: ctx.viewer !== null,
      fundMember: (fundId) => ctx.viewer?.fundId === fundId,
      role: (role) => ctx.viewer !== null && ROLE_RANK[ctx.viewer.role] >= ROLE_RANK[role],
    }),
  },
  errors: { defaultTypes: [] },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
  complexity: { limit: { complexity: 1000, depth: 12, breadth: 200 } },
});

builder.addScalarType('DateTime', DateTimeScalar);
builder.addScalarType('Decimal', DecimalScalar);
builder.addScalarType('JSON', JsonScalar);
