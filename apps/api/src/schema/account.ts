/**
 * Accounts of a fund: venue accounts, sub-accounts (a `parent` in the same fund, no cycles), wallets,
 * custodians and protocol addresses. Read: any member; create/update/delete: RISK_MANAGER and OWNER.
 */
import { postgresErrorCode, type TenantTx } from '@dte/db';
import { builder } from '../builder.ts';
import { BadUserInputError, ConflictError, NotFoundError } from '../errors.ts';
import { checkPageArgs, checkText, MAX_PAGE_SIZE } from '../validation.ts';
import { idOrNotFound, selectedFund } from './guards.ts';
import { AccountKindEnum, MarginModeEnum } from './instrument-enums.ts';
import { assertAccount } from './position.ts';

/** Longest parent chain followed when checking for cycles (sub-accounts are rarely nested). */
const MAX_ACCOUNT_DEPTH = 16;

/** An account of the selected fund. */
export const AccountRef = builder.prismaObject('Account', {
  description: 'A venue account, sub-account, wallet, custodian or protocol address of the fund.',
  authScopes: { member: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name', { description: 'Unique within the fund.' }),
    venue: t.exposeString('venue', { description: 'Venue or protocol, e.g. `Deribit`, `Binance USD-M`.' }),
    kind: t.expose('kind', { type: AccountKindEnum }),
    marginMode: t.expose('marginMode', { type: MarginModeEnum }),
    externalRef: t.exposeString('externalRef', {
      nullable: true,
      description: 'The venue’s account id, an address, a broker reference.',
    }),
    parentId: t.exposeID('parentId', { nullable: true }),
    parent: t.relation('parent', { nullable: true, description: 'The parent of a sub-account.' }),
    children: t.relation('children', {
      description: 'Sub-accounts (at most 100 listed).',
      query: { orderBy: [{ name: 'asc' }, { id: 'asc' }], take: MAX_PAGE_SIZE },
    }),
    positionCount: t.relationCount('positions'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const AccountFilter = builder.inputType('AccountFilter', {
  fields: (t) => ({
    venue: t.string({ required: false }),
    kind: t.field({ type: AccountKindEnum, required: false }),
    parentId: t.id({ required: false, description: 'Only sub-accounts of this account.' }),
  }),
});

builder.queryField('accounts', (t) =>
  t.prismaConnection({
    type: 'Account',
    cursor: 'id',
    authScopes: { member: true },
    description: `Accounts of the selected fund by name (first at most ${MAX_PAGE_SIZE}).`,
    args: { filter: t.arg({ type: AccountFilter, required: false }) },
    complexity: (args) => ({ field: 1, multiplier: Math.min(args.first ?? args.last ?? 20, MAX_PAGE_SIZE) }),
    resolve: async (query, _root, args, ctx) => {
      checkPageArgs(args);
      const { fundId } = selectedFund(ctx);
      const filter = args.filter ?? {};
      const venue = filter.venue == null ? undefined : checkText('filter.venue', filter.venue, 64);
      const parentId = filter.parentId == null ? undefined : idOrNotFound('account', String(filter.parentId));
      if (parentId) await assertAccount(ctx, fundId, parentId);
      return ctx.db.read((tx) =>
        tx.account.findMany({
          ...query,
          where: {
            fundId,
            ...(venue ? { venue } : {}),
            ...(filter.kind ? { kind: filter.kind } : {}),
            ...(parentId ? { parentId } : {}),
          },
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
        }),
      );
    },
  }),
);

builder.queryField('account', (t) =>
  t.prismaField({
    type: 'Account',
    authScopes: { member: true },
    description: 'One account of the selected fund.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('account', String(args.id));
      const account = await ctx.db.read((tx) => tx.account.findFirst({ ...query, where: { id, fundId } }));
      if (!account) throw new NotFoundError('account', id);
      return account;
    },
  }),
);

const CreateAccountInput = builder.inputType('CreateAccountInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    venue: t.string({ required: true }),
    kind: t.field({ type: AccountKindEnum, required: true }),
    marginMode: t.field({ type: MarginModeEnum, required: false, description: 'Default CROSS.' }),
    parentId: t.id({ required: false, description: 'Parent account (same fund) of a sub-account.' }),
    externalRef: t.string({ required: false }),
  }),
});

const UpdateAccountInput = builder.inputType('UpdateAccountInput', {
  description: 'Fields to change; absent fields are kept. `parentId: null` detaches a sub-account.',
  fields: (t) => ({
    name: t.string({ required: false }),
    venue: t.string({ required: false }),
    kind: t.field({ type: AccountKindEnum, required: false }),
    marginMode: t.field({ type: MarginModeEnum, required: false }),
    parentId: t.id({ required: false }),
    externalRef: t.string({ required: false }),
  }),
});

/**
 * Checks that `parentId` is an account of the fund and that making it the parent of `childId`
 * (undefined for a new account) creates no cycle.
 */
async function checkParent(tx: TenantTx, fundId: string, parentId: string, childId?: string): Promise<void> {
  let current: string | null = parentId;
  for (let depth = 0; current !== null; depth += 1) {
    if (current === childId)
      throw new BadUserInputError('parentId', 'would make the account its own ancestor', parentId);
    if (depth >= MAX_ACCOUNT_DEPTH)
      throw new BadUserInputError(
        'parentId',
        `sub-accounts nest at most ${MAX_ACCOUNT_DEPTH} levels`,
        parentId,
      );
    const row: { parentId: string | null } | null = await tx.account.findFirst({
      where: { id: current, fundId },
      select: { parentId: true },
    });
    if (!row) throw new NotFoundError('account', current);
    current = row.parentId;
  }
}

/** Runs `fn`; a unique-name violation becomes CONFLICT on `name`. */
async function uniqueName<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (postgresErrorCode(error) === '23505')
      throw new ConflictError(`an account named ${JSON.stringify(name)} already exists in this fund`, 'name');
    throw error;
  }
}

const optionalText = (field: string, value: string | null | undefined, max: number) =>
  value == null || value.trim() === '' ? null : checkText(field, value, max);

builder.mutationField('createAccount', (t) =>
  t.prismaField({
    type: 'Account',
    authScopes: { role: 'RISK_MANAGER' },
    description: 'Creates an account (or a sub-account with `parentId`) in the selected fund.',
    args: { input: t.arg({ type: CreateAccountInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const { input } = args;
      const name = checkText('name', input.name, 200);
      const venue = checkText('venue', input.venue, 64);
      const externalRef = optionalText('externalRef', input.externalRef, 200);
      const parentId = input.parentId == null ? null : idOrNotFound('account', String(input.parentId));
      return uniqueName(name, () =>
        ctx.db.write(async (tx, audit) => {
          if (parentId) await checkParent(tx, fundId, parentId);
          if (await tx.account.findFirst({ where: { fundId, name }, select: { id: true } }))
            throw new ConflictError(
              `an account named ${JSON.stringify(name)} already exists in this fund`,
              'name',
            );
          const account = await tx.account.create({
            ...query,
            data: {
              fundId,
              name,
              venue,
              kind: input.kind,
              marginMode: input.marginMode ?? 'CROSS',
              parentId,
              externalRef,
            },
          });
          audit({
            action: 'account.create',
            targetType: 'Account',
            targetId: account.id,
            details: { name, venue, kind: input.kind, parentId },
          });
          return account;
        }),
      );
    },
  }),
);

builder.mutationField('updateAccount', (t) =>
  t.prismaField({
    type: 'Account',
    authScopes: { role: 'RISK_MANAGER' },
    description: 'Changes an account of the selected fund.',
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateAccountInput, required: true }),
    },
    resolve: (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('account', String(args.id));
      const { input } = args;
      const data: Record<string, unknown> = {};
      if (input.name != null) data.name = checkText('name', input.name, 200);
      if (input.venue != null) data.venue = checkText('venue', input.venue, 64);
      if (input.kind != null) data.kind = input.kind;
      if (input.marginMode != null) data.marginMode = input.marginMode;
      if (input.externalRef !== undefined)
        data.externalRef = optionalText('externalRef', input.externalRef, 200);
      const parentId =
        input.parentId === undefined
          ? undefined
          : input.parentId === null
            ? null
            : idOrNotFound('account', String(input.parentId));
      return uniqueName(String(data.name ?? ''), () =>
        ctx.db.write(async (tx, audit) => {
          const before = await tx.account.findFirst({ where: { id, fundId } });
          if (!before) throw new NotFoundError('account', id);
          if (parentId) await checkParent(tx, fundId, parentId, id);
          if (parentId !== undefined) data.parentId = parentId;
          if (typeof data.name === 'string' && data.name !== before.name) {
            const taken = await tx.account.findFirst({
              where: { fundId, name: data.name },
              select: { id: true },
            });
            if (taken)
              throw new ConflictError(
                `an account named ${JSON.stringify(data.name)} already exists in this fund`,
                'name',
              );
          }
          const account = await tx.account.update({ ...query, where: { id }, data });
          const changed = Object.fromEntries(
            Object.entries(data).map(([key, value]) => [
              key,
              { from: (before as Record<string, unknown>)[key] ?? null, to: value },
            ]),
          );
          audit({ action: 'account.update', targetType: 'Account', targetId: id, details: changed });
          return account;
        }),
      );
    },
  }),
);

builder.mutationField('deleteAccount', (t) =>
  t.field({
    type: 'ID',
    authScopes: { role: 'RISK_MANAGER' },
    description:
      'Deletes an account. Refused (CONFLICT) while it has sub-accounts or limits, and while it holds positions, balances or lending positions unless `deleteContents: true` (they are deleted with it). Returns the id.',
    args: {
      id: t.arg.id({ required: true }),
      deleteContents: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('account', String(args.id));
      return ctx.db.write(async (tx, audit) => {
        const account = await tx.account.findFirst({
          where: { id, fundId },
          select: {
            name: true,
            _count: {
              select: { children: true, limits: true, positions: true, balances: true, lendings: true },
            },
          },
        });
        if (!account) throw new NotFoundError('account', id);
        const counts = account._count;
        if (counts.children > 0)
          throw new ConflictError(`account has ${counts.children} sub-account(s): move or delete them first`);
        const positionLimits = await tx.limit.count({ where: { fundId, position: { accountId: id } } });
        if (counts.limits + positionLimits > 0)
          throw new ConflictError(
            `account or its positions are used by ${counts.limits + positionLimits} limit(s): delete or change them first`,
          );
        const contents = counts.positions + counts.balances + counts.lendings;
        if (contents > 0 && !args.deleteContents)
          throw new ConflictError(
            `account holds ${counts.positions} position(s), ${counts.balances} balance(s) and ${counts.lendings} lending position(s): pass deleteContents: true to delete them with it`,
          );
        await tx.account.delete({ where: { id } });
        audit({
          action: 'account.delete',
          targetType: 'Account',
          targetId: id,
          details: {
            name: account.name,
            positions: counts.positions,
            balances: counts.balances,
            lendings: counts.lendings,
          },
        });
        return id;
      });
    },
  }),
);
