import { builder } from '../builder.ts';
import { NotFoundError } from '../errors.ts';
import { checkText } from '../validation.ts';
import { RoleEnum } from './enums.ts';
import { idOrNotFound, selectedFund } from './guards.ts';

/**
 * A fund (tenant). Readable by its members (row-level security: the selected fund, or a fund the
 * user has a membership in). Fund data (members, keys, audit log, positions...) is reached through
 * root fields of the SELECTED fund, or through nested fields guarded by `assertSelectedFund`.
 */
export const FundRef = builder.prismaObject('Fund', {
  description: 'A fund: the tenant. Everything else belongs to one fund.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    baseCurrency: t.exposeString('baseCurrency'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    myRole: t.field({
      type: RoleEnum,
      nullable: true,
      description: 'The caller’s role in this fund.',
      resolve: async (fund, _args, ctx) => {
        if (ctx.fund?.fundId === fund.id) return ctx.fund.role;
        const principal = ctx.principal;
        if (principal?.kind !== 'user') return null;
        const membership = await ctx.db.read((tx) =>
          tx.membership.findUnique({
            where: { fundId_userId: { fundId: fund.id, userId: principal.userId } },
            select: { role: true },
          }),
        );
        return membership?.role ?? null;
      },
    }),
  }),
});

builder.queryField('fund', (t) =>
  t.prismaField({
    type: 'Fund',
    authScopes: { authenticated: true },
    description:
      'A fund by id (one you belong to; any other id is NOT_FOUND), or without `id` the selected fund (X-Fund-Id).',
    args: { id: t.arg.id({ required: false }) },
    resolve: async (query, _root, args, ctx) => {
      const id = args.id == null ? selectedFund(ctx).fundId : idOrNotFound('fund', String(args.id));
      const fund = await ctx.db.read((tx) => tx.fund.findUnique({ ...query, where: { id } }));
      if (!fund) throw new NotFoundError('fund', id);
      return fund;
    },
  }),
);

builder.queryField('funds', (t) =>
  t.prismaField({
    type: ['Fund'],
    authScopes: { authenticated: true },
    description: 'The funds you belong to (fund switcher); for an API key, its fund.',
    resolve: (query, _root, _args, ctx) => {
      const principal = ctx.principal;
      return ctx.db.read((tx) =>
        tx.fund.findMany({
          ...query,
          where:
            principal?.kind === 'user'
              ? { memberships: { some: { userId: principal.userId } } }
              : { id: selectedFund(ctx).fundId },
          orderBy: { name: 'asc' },
        }),
      );
    },
  }),
);

builder.mutationField('updateFund', (t) =>
  t.prismaField({
    type: 'Fund',
    authScopes: { role: 'OWNER' },
    description: 'Renames the selected fund.',
    args: { name: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const name = checkText('name', args.name, 200);
      return ctx.db.write(async (tx, audit) => {
        const before = await tx.fund.findUnique({ where: { id: fundId }, select: { name: true } });
        if (!before) throw new NotFoundError('fund', fundId);
        const fund = await tx.fund.update({ ...query, where: { id: fundId }, data: { name } });
        audit({
          action: 'fund.update',
          targetType: 'Fund',
          targetId: fundId,
          details: { from: before.name, to: name },
        });
        return fund;
      });
    },
  }),
);
