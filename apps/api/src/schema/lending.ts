/**
 * Aave-style lending positions: supply (collateral when `usedAsCollateral`) and borrow (debt) of a
 * token in a protocol market, one row per (account, protocol, market, token, side). `token` is the
 * priced token (ETH for WETH); `instrumentId` may point at the reserve (LENDING_RESERVE) whose
 * liquidation threshold and bonus the health factor uses. Read: any member; upsert/delete:
 * RISK_MANAGER and OWNER.
 */
import { builder } from '../builder.ts';
import { BadUserInputError, NotFoundError } from '../errors.ts';
import { checkAmount, checkToken, NON_NEGATIVE } from '../imports/amounts.ts';
import { checkPageArgs, checkText, MAX_PAGE_SIZE } from '../validation.ts';
import { idOrNotFound, selectedFund } from './guards.ts';
import { LendingSideEnum } from './instrument-enums.ts';
import { assertAccount, fundAccount } from './position.ts';

/** A lending position of the selected fund. */
export const LendingPositionRef = builder.prismaObject('LendingPosition', {
  description: 'A supply or borrow of a token in a lending protocol market (Aave-style).',
  authScopes: { member: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    accountId: t.exposeID('accountId'),
    account: t.relation('account'),
    protocol: t.exposeString('protocol'),
    market: t.exposeString('market'),
    token: t.exposeString('token', { description: 'The priced token (ETH for WETH).' }),
    side: t.expose('side', { type: LendingSideEnum }),
    quantity: t.expose('quantity', { type: 'Decimal', description: 'Token units, >= 0.' }),
    usedAsCollateral: t.exposeBoolean('usedAsCollateral'),
    instrumentId: t.exposeID('instrumentId', { nullable: true }),
    instrument: t.relation('instrument', { nullable: true, description: 'The reserve (LENDING_RESERVE).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const LendingFilter = builder.inputType('LendingPositionFilter', {
  fields: (t) => ({
    accountId: t.id({ required: false }),
    protocol: t.string({ required: false }),
    token: t.string({ required: false }),
    side: t.field({ type: LendingSideEnum, required: false }),
  }),
});

builder.queryField('lendingPositions', (t) =>
  t.prismaConnection({
    type: 'LendingPosition',
    cursor: 'id',
    authScopes: { member: true },
    description: `Lending positions of the selected fund (first at most ${MAX_PAGE_SIZE}).`,
    args: { filter: t.arg({ type: LendingFilter, required: false }) },
    complexity: (args) => ({ field: 1, multiplier: Math.min(args.first ?? args.last ?? 20, MAX_PAGE_SIZE) }),
    resolve: async (query, _root, args, ctx) => {
      checkPageArgs(args);
      const { fundId } = selectedFund(ctx);
      const f = args.filter ?? {};
      const accountId = f.accountId == null ? undefined : idOrNotFound('account', String(f.accountId));
      if (accountId) await assertAccount(ctx, fundId, accountId);
      const protocol = f.protocol == null ? undefined : checkText('filter.protocol', f.protocol, 64);
      const token = f.token == null ? undefined : checkToken('filter.token', f.token);
      return ctx.db.read((tx) =>
        tx.lendingPosition.findMany({
          ...query,
          where: {
            fundId,
            ...(accountId ? { accountId } : {}),
            ...(protocol ? { protocol } : {}),
            ...(token ? { token } : {}),
            ...(f.side ? { side: f.side } : {}),
          },
          orderBy: [{ protocol: 'asc' }, { market: 'asc' }, { token: 'asc' }, { side: 'asc' }, { id: 'asc' }],
        }),
      );
    },
  }),
);

builder.queryField('lendingPosition', (t) =>
  t.prismaField({
    type: 'LendingPosition',
    authScopes: { member: true },
    description: 'One lending position of the selected fund.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('lending position', String(args.id));
      const row = await ctx.db.read((tx) =>
        tx.lendingPosition.findFirst({ ...query, where: { id, fundId } }),
      );
      if (!row) throw new NotFoundError('lending position', id);
      return row;
    },
  }),
);

const UpsertLendingInput = builder.inputType('UpsertLendingPositionInput', {
  fields: (t) => ({
    accountId: t.id({ required: true }),
    protocol: t.string({ required: true, description: 'e.g. `Aave v3`.' }),
    market: t.string({ required: false, description: 'Default `main`.' }),
    token: t.string({ required: true }),
    side: t.field({ type: LendingSideEnum, required: true }),
    quantity: t.field({ type: 'Decimal', required: true, description: 'Token units, >= 0.' }),
    usedAsCollateral: t.boolean({ required: false, description: 'SUPPLY only; default true.' }),
    instrumentId: t.id({ required: false, description: 'The LENDING_RESERVE instrument of the token.' }),
  }),
});

builder.mutationField('upsertLendingPosition', (t) =>
  t.prismaField({
    type: 'LendingPosition',
    authScopes: { role: 'RISK_MANAGER' },
    description:
      'Sets the supply or borrow of (account, protocol, market, token, side): created or replaced.',
    args: { input: t.arg({ type: UpsertLendingInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const { input } = args;
      const accountId = idOrNotFound('account', String(input.accountId));
      const protocol = checkText('protocol', input.protocol, 64);
      const market = input.market == null ? 'main' : checkText('market', input.market, 64);
      const token = checkToken('token', input.token);
      const quantity = checkAmount('quantity', input.quantity, NON_NEGATIVE);
      if (input.side === 'BORROW' && input.usedAsCollateral === true)
        throw new BadUserInputError('usedAsCollateral', 'a BORROW is debt, never collateral');
      const usedAsCollateral = input.side === 'SUPPLY' ? (input.usedAsCollateral ?? true) : false;
      const instrumentId =
        input.instrumentId == null ? null : idOrNotFound('instrument', String(input.instrumentId));
      return ctx.db.write(async (tx, audit) => {
        await fundAccount(tx, fundId, accountId);
        if (instrumentId) {
          const reserve = await tx.instrument.findFirst({
            where: { id: instrumentId, OR: [{ fundId: null }, { fundId }] },
            select: { kind: true, underlying: true, venue: true, symbol: true },
          });
          if (!reserve) throw new NotFoundError('instrument', instrumentId);
          if (reserve.kind !== 'LENDING_RESERVE')
            throw new BadUserInputError(
              'instrumentId',
              `${reserve.venue} ${reserve.symbol} is not a LENDING_RESERVE`,
            );
          if (reserve.underlying !== token)
            throw new BadUserInputError(
              'token',
              `must be the reserve's underlying ${reserve.underlying} (got ${JSON.stringify(token)})`,
            );
        }
        const key = {
          accountId_protocol_market_token_side: { accountId, protocol, market, token, side: input.side },
        };
        const before = await tx.lendingPosition.findUnique({ where: key, select: { quantity: true } });
        const row = await tx.lendingPosition.upsert({
          ...query,
          where: key,
          create: {
            fundId,
            accountId,
            protocol,
            market,
            token,
            side: input.side,
            quantity,
            usedAsCollateral,
            instrumentId,
          },
          update: { quantity, usedAsCollateral, instrumentId },
        });
        audit({
          action: before ? 'lending.update' : 'lending.create',
          targetType: 'LendingPosition',
          targetId: row.id,
          details: {
            accountId,
            protocol,
            market,
            token,
            side: input.side,
            from: before?.quantity.toString() ?? null,
            to: quantity,
            usedAsCollateral,
          },
        });
        return row;
      });
    },
  }),
);

builder.mutationField('deleteLendingPosition', (t) =>
  t.field({
    type: 'ID',
    authScopes: { role: 'RISK_MANAGER' },
    description: 'Deletes a lending position of the selected fund. Returns the id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('lending position', String(args.id));
      return ctx.db.write(async (tx, audit) => {
        const before = await tx.lendingPosition.findFirst({ where: { id, fundId } });
        if (!before) throw new NotFoundError('lending position', id);
        await tx.lendingPosition.delete({ where: { id } });
        audit({
          action: 'lending.delete',
          targetType: 'LendingPosition',
          targetId: id,
          details: {
            accountId: before.accountId,
            protocol: before.protocol,
            market: before.market,
            token: before.token,
            side: before.side,
            quantity: before.quantity.toString(),
          },
        });
        return id;
      });
    },
  }),
);
