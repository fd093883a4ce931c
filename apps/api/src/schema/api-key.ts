import { postgresErrorCode } from '@dte/db';
import { newApiKey } from '../auth/tokens.ts';
import { builder } from '../builder.ts';
import { BadUserInputError, NotFoundError } from '../errors.ts';
import { checkText } from '../validation.ts';
import { ApiKeyScopeEnum } from './enums.ts';
import { idOrNotFound, selectedFund } from './guards.ts';

/** A fund's API key, as listed: the hash is never exposed, the secret only once at creation. */
export const ApiKeyRef = builder.prismaObject('ApiKey', {
  description:
    'An API key of the fund (for scripts). The secret is shown once, at creation; only its prefix is kept visible.',
  authScopes: { role: 'OWNER' },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'First characters of the key, e.g. `dte_1a2b3c4d`.' }),
    scope: t.expose('scope', { type: ApiKeyScopeEnum }),
    createdById: t.exposeID('createdById', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.prismaField({
    type: ['ApiKey'],
    authScopes: { role: 'OWNER' },
    description: 'API keys of the selected fund, newest first (revoked ones included).',
    resolve: (query, _root, _args, ctx) => {
      const { fundId } = selectedFund(ctx);
      return ctx.db.read((tx) =>
        tx.apiKey.findMany({ ...query, where: { fundId }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] }),
      );
    },
  }),
);

builder.queryField('apiKey', (t) =>
  t.prismaField({
    type: 'ApiKey',
    authScopes: { role: 'OWNER' },
    description: 'One API key of the selected fund.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('API key', String(args.id));
      const key = await ctx.db.read((tx) => tx.apiKey.findFirst({ ...query, where: { id, fundId } }));
      if (!key) throw new NotFoundError('API key', id);
      return key;
    },
  }),
);

interface CreatedKeyShape {
  apiKeyId: string;
  secret: string;
}

const CreateApiKeyPayload = builder.objectRef<CreatedKeyShape>('CreateApiKeyPayload').implement({
  description: 'The new key. `secret` is the whole key: shown this once, stored only as a hash.',
  fields: (t) => ({
    apiKey: t.prismaField({
      type: 'ApiKey',
      resolve: (query, payload, _args, ctx) =>
        ctx.db.read((tx) => tx.apiKey.findUniqueOrThrow({ ...query, where: { id: payload.apiKeyId } })),
    }),
    secret: t.exposeString('secret', { description: 'Use as `Authorization: Bearer <secret>`.' }),
  }),
});

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreateApiKeyPayload,
    authScopes: { role: 'OWNER' },
    description:
      'Creates an API key for the selected fund. READ keys act as VIEWER, READ_WRITE keys as ANALYST.',
    args: {
      name: t.arg.string({ required: true }),
      scope: t.arg({ type: ApiKeyScopeEnum, required: true }),
      expiresAt: t.arg({ type: 'DateTime', required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const name = checkText('name', args.name, 200);
      if (args.expiresAt && args.expiresAt.getTime() <= Date.now())
        throw new BadUserInputError(
          'expiresAt',
          `must be in the future (got ${args.expiresAt.toISOString()})`,
        );
      const createdById = ctx.principal?.kind === 'user' ? ctx.principal.userId : null;
      for (let attempt = 0; ; attempt += 1) {
        const { key, prefix, hash } = newApiKey();
        try {
          return await ctx.db.write(async (tx, audit) => {
            const created = await tx.apiKey.create({
              data: {
                fundId,
                name,
                prefix,
                keyHash: hash,
                scope: args.scope,
                createdById,
                expiresAt: args.expiresAt ?? null,
              },
              select: { id: true },
            });
            audit({
              action: 'api_key.create',
              targetType: 'ApiKey',
              targetId: created.id,
              details: { name, prefix, scope: args.scope },
            });
            return { apiKeyId: created.id, secret: key };
          });
        } catch (error) {
          // A prefix collision (36^8 space) is retried once with a new key.
          if (attempt === 0 && postgresErrorCode(error) === '23505') continue;
          throw error;
        }
      }
    },
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.prismaField({
    type: 'ApiKey',
    authScopes: { role: 'OWNER' },
    description: 'Revokes an API key of the selected fund at once (idempotent).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('API key', String(args.id));
      return ctx.db.write(async (tx, audit) => {
        const key = await tx.apiKey.findFirst({
          where: { id, fundId },
          select: { revokedAt: true, prefix: true },
        });
        if (!key) throw new NotFoundError('API key', id);
        const updated = await tx.apiKey.update({
          ...query,
          where: { id },
          data: { revokedAt: key.revokedAt ?? new Date() },
        });
        audit({
          action: 'api_key.revoke',
          targetType: 'ApiKey',
          targetId: id,
          details: { prefix: key.prefix },
        });
        return updated;
      });
    },
  }),
);
