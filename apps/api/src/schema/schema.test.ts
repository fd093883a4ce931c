import { readFileSync } from 'node:fs';
import { type GraphQLField, GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printedSchema, schema } from './index.ts';

/** The auth scopes Pothos recorded for a field (undefined when none were declared). */
const scopesOf = (field: GraphQLField<unknown, unknown>): unknown =>
  (field.extensions?.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes;

describe('committed schema.graphql', () => {
  it('matches the schema built from the code (run `pnpm --filter @dte/api schema:print`)', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printedSchema());
  });

  it('exposes the health query', () => {
    expect(printedSchema()).toMatch(/health: Health!/);
  });
});

describe('authorization coverage', () => {
  it('declares auth scopes on every Query and Mutation field', () => {
    const missing: string[] = [];
    for (const type of [schema.getQueryType(), schema.getMutationType()]) {
      for (const field of Object.values(type?.getFields() ?? {}))
        if (scopesOf(field) === undefined) missing.push(`${type?.name}.${field.name}`);
    }
    expect(missing).toEqual([]);
  });

  it('declares type-level scopes on every Prisma-backed object type', () => {
    const missing: string[] = [];
    const prismaTypes: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
      const options = type.extensions?.pothosOptions as { authScopes?: unknown } | undefined;
      const isPrisma = typeof type.extensions?.pothosPrismaModel === 'string';
      if (isPrisma) prismaTypes.push(type.name);
      if (isPrisma && options?.authScopes === undefined) missing.push(type.name);
    }
    expect(prismaTypes).toEqual(expect.arrayContaining(['ApiKey', 'AuditLog', 'Fund', 'Membership', 'User']));
    expect(missing).toEqual([]);
  });

  it('never exposes secrets', () => {
    const sdl = printedSchema();
    expect(sdl).not.toMatch(/keyHash|tokenHash|passwordHash|failedLoginCount/);
  });
});
