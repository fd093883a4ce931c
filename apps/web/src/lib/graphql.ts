import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../generated/graphql-env.d.ts';

/**
 * Typed GraphQL documents from the api's printed schema (`apps/api/schema.graphql`, turned into
 * `src/generated/graphql-env.d.ts` by `pnpm --filter @dte/web graphql:env`). Result and variable
 * types are inferred by TypeScript from the document text: no runtime code generation.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: {
    /** RFC 3339 instant, UTC. */
    DateTime: string;
    /** Exact decimal as a string. */
    Decimal: string;
    JSON: unknown;
    ID: string;
  };
}>();

export type { ResultOf, TadaDocumentNode, VariablesOf } from 'gql.tada';
