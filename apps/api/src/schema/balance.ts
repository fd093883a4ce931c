/**
 * Spot and collateral balances of a fund's accounts: one row per (account, token, kind). Coin margin
 * is coin exposure, so balances are part of the book. Read: any member; upsert/delete: RISK_MANAGER
 * and OWNER.
 */
import { builder } from '../builder.ts';
import { NotFoundError } from '../errors.ts';
import { ANY_AMOUNT, checkAmount, checkToken } from '../imports/amounts.ts';
import { checkPageArgs, MAX_PAGE_SIZE } from '../validation.ts';
import { idOrNotFound, selectedFund } from './guards.ts';
import { BalanceKindEnum } from './instrument-enums.ts';
import { assertAccount, fundAccount } from './position.ts';

/** A balance of the selected fund. */
export const BalanceRef = builder.prismaObject('Balance', {
  description:
    'A spot holding or collateral balance of a token in an account (may be negative: borrowed margin).',
  authScopes: { member: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    accountId: t.exposeID('accountId'),
    account: t.relation('account'),
    token: t.exposeString('token'),
    kind: t.expose('kind', { type: BalanceKindEnum }),
    quantity: t.expose('quantity', { type: 'Decimal', description: 'Token units.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const BalanceFilter = builder.inputType('BalanceFilter', {
  fields: (t) => ({
    accountId: t.id({ required: false }),
    token: t.string({ required: false }),
    kind: t.field({ type: BalanceKindEnum, required: false }),
  }),
});

builder.queryField('balances', (t) =>
  t.prismaConnection({
    type: 'Balance',
    cursor: 'id',
    authScopes: { member: true },
    description: `Balances of the selected fund by token, account and kind (first at most ${MAX_PAGE_SIZE}).`,
    args: { filter: t.arg({ type: BalanceFilter, required: false }) },
    complexity: (args) => ({ field: 1, multiplier: Math.min(args.first ?? args.last ?? 20, MAX_PAGE_SIZE) }),
    resolve: async (query, _root, args, ctx) => {
      checkPageArgs(args);
      const { fundId } = selectedFund(ctx);
      const f = args.filter ?? {};
      const token = f.token == null ? undefined : checkToken('filter.token', f.token);
      const accountId = f.accountId == null ? undefined : idOrNotFound('account', String(f.accountId));
      if (accountId) await assertAccount(ctx, fundId, accountId);
      return ctx.db.read((tx) =>
        tx.balance.findMany({
          ...query,
          where: {
            fundId,
            ...(accountId ? { accountId } : {}),
            ...(token ? { token } : {}),
            ...(f.kind ? { kind: f.kind } : {}),
          },
          orderBy: [{ token: 'asc' }, { accountId: 'asc' }, { kind: 'asc' }, { id: 'asc' }],
        }),
      );
    },
  }),
);

builder.queryField('balance', (t) =>
  t.prismaField({
    type: 'Balance',
    authScopes: { member: true },
    description: 'One balance of the selected fund.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('balance', String(args.id));
      const row = await ctx.db.read((tx) => tx.balance.findFirst({ ...query, where: { id, fundId } }));
      if (!row) throw new NotFoundError('balance', id);
      return row;
    },
  }),
);

builder.mutationField('upsertBalance', (t) =>
  t.prismaField({
    type: 'Balance',
    authScopes: { role: 'RISK_MANAGER' },
    description: 'Sets the balance of (account, token, kind): created if missing, replaced otherwise.',
    args: {
      accountId: t.arg.id({ required: true }),
      token: t.arg.string({ required: true }),
      kind: t.arg({ type: BalanceKindEnum, required: true }),
      quantity: t.arg({ type: 'Decimal', required: true, description: 'Token units; negative = owed.' }),
    },
    resolve: (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const accountId = idOrNotFound('account', String(args.accountId));
      const token = checkToken('token', args.token);
      const quantity = checkAmount('quantity', args.quantity, ANY_AMOUNT);
      return ctx.db.write(async (tx, audit) => {
        await fundAccount(tx, fundId, accountId);
        const key = { accountId_token_kind: { accountId, token, kind: args.kind } };
        const before = await tx.balance.findUnique({ where: key, select: { quantity: true } });
        const row = await tx.balance.upsert({
          ...query,
          where: key,
          create: { fundId, accountId, token, kind: args.kind, quantity },
          update: { quantity },
        });
        audit({
          action: before ? 'balance.update' : 'balance.create',
          targetType: 'Balance',
          targetId: row.id,
          details: {
            accountId,
            token,
            kind: args.kind,
            from: before?.quantity.toString() ?? null,
            to: quantity,
          },
        });
        return row;
      });
    },
  }),
);

builder.mutationField('deleteBalance', (t) =>
  t.field({
    type: 'ID',
    authScopes: { role: 'RISK_MANAGER' },
    description: 'Deletes a balance of the selected fund. Returns the id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('balance', String(args.id));
      return ctx.db.write(async (tx, audit) => {
        const before = await tx.balance.findFirst({ where: { id, fundId } });
        if (!before) throw new NotFoundError('balance', id);
        await tx.balance.delete({ where: { id } });
        audit({
          action: 'balance.delete',
          targetType: 'Balance',
          targetId: id,
          details: {
            accountId: before.accountId,
            token: before.token,
            kind: before.kind,
            quantity: before.quantity.toString(),
          },
        });
        return id;
      });
    },
  }),
);
