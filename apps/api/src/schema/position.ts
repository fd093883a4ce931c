/**
 * Positions of a fund: signed contracts of an instrument in an account (contract units:
 * docs/catalog.md). Read: any member, through the `positions` connection (filters, orderings,
 * keyset cursors: ./position-connection.ts) or `position(id)`; create/update/close/delete:
 * RISK_MANAGER and OWNER. Bulk loads: `importPositions` (./import.ts).
 */
import type { Instrument, Position, Prisma, TenantTx } from '@dte/db';
import { queryFromInfo } from '@pothos/plugin-prisma';
import { resolveCursorConnection } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { BadUserInputError, ConflictError, NotFoundError } from '../errors.ts';
import { ANY_AMOUNT, checkAmount, checkOptionalAmount, NON_NEGATIVE, POSITIVE } from '../imports/amounts.ts';
import { checkPageArgs, checkText, MAX_PAGE_SIZE } from '../validation.ts';
import { idOrNotFound, selectedFund } from './guards.ts';
import { InstrumentKindEnum, MarginModeEnum, SettlementEnum, SortDirectionEnum } from './instrument-enums.ts';
import {
  afterCursor,
  type CursorRow,
  type Direction,
  decodeCursor,
  encodeCursor,
  orderByOf,
  POSITION_ORDER_FIELDS,
  type PositionOrderField,
} from './position-connection.ts';

/** Leverage of a position: (0, 1000] (CHECK constraint). */
export const LEVERAGE = { column: 'ratio', min: 0, minExclusive: true, max: 1000 } as const;

/** A position of the selected fund. */
export const PositionRef = builder.prismaObject('Position', {
  description: 'A position: `quantity` signed contracts (negative = short) of an instrument, in an account.',
  authScopes: { member: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    accountId: t.exposeID('accountId'),
    account: t.relation('account'),
    instrumentId: t.exposeID('instrumentId'),
    instrument: t.relation('instrument'),
    quantity: t.expose('quantity', {
      type: 'Decimal',
      description: 'Signed contracts (contract units per instrument kind: docs/catalog.md); 0 = closed.',
    }),
    entryPrice: t.expose('entryPrice', { type: 'Decimal', nullable: true }),
    marginMode: t.expose('marginMode', {
      type: MarginModeEnum,
      nullable: true,
      description: 'Null: the account’s margin mode.',
    }),
    isolatedMargin: t.expose('isolatedMargin', { type: 'Decimal', nullable: true }),
    leverage: t.expose('leverage', { type: 'Decimal', nullable: true }),
    stopPrice: t.expose('stopPrice', { type: 'Decimal', nullable: true }),
    externalRef: t.exposeString('externalRef', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    openedAt: t.expose('openedAt', { type: 'DateTime' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const PositionOrderFieldEnum = builder.enumType('PositionOrderField', {
  values: POSITION_ORDER_FIELDS,
  description:
    'INSTRUMENT: symbol; QUANTITY: signed contracts; EXPIRY: the instrument’s expiry (perpetuals and spot last); UPDATED_AT; CREATED_AT. Ties by id.',
});

const PositionOrder = builder.inputType('PositionOrder', {
  fields: (t) => ({
    field: t.field({ type: PositionOrderFieldEnum, required: true }),
    direction: t.field({ type: SortDirectionEnum, required: false, defaultValue: 'ASC' }),
  }),
});

const PositionFilter = builder.inputType('PositionFilter', {
  fields: (t) => ({
    accountId: t.id({ required: false }),
    venue: t.string({ required: false, description: 'The instrument’s venue.' }),
    underlying: t.string({ required: false }),
    kind: t.field({ type: InstrumentKindEnum, required: false }),
    settlement: t.field({ type: SettlementEnum, required: false }),
    expiryBefore: t.field({ type: 'DateTime', required: false, description: 'Expiry before (exclusive).' }),
    expiryAfter: t.field({ type: 'DateTime', required: false, description: 'Expiry after (exclusive).' }),
    minAbsQuantity: t.field({
      type: 'Decimal',
      required: false,
      description: '|quantity| at least this (e.g. 0.000000000000000001 hides closed positions).',
    }),
  }),
});

/** The `where` of a positions filter (explicit fund filter included). */
function positionWhere(
  fundId: string,
  filter: {
    accountId?: string | number | null;
    venue?: string | null;
    underlying?: string | null;
    kind?: Prisma.InstrumentWhereInput['kind'] | null;
    settlement?: Prisma.InstrumentWhereInput['settlement'] | null;
    expiryBefore?: Date | null;
    expiryAfter?: Date | null;
    minAbsQuantity?: string | null;
  },
): Prisma.PositionWhereInput {
  const and: Prisma.PositionWhereInput[] = [{ fundId }];
  if (filter.accountId != null) and.push({ accountId: idOrNotFound('account', String(filter.accountId)) });
  const instrument: Prisma.InstrumentWhereInput = {};
  if (filter.venue != null) instrument.venue = checkText('filter.venue', filter.venue, 64);
  if (filter.underlying != null)
    instrument.underlying = checkText('filter.underlying', filter.underlying, 32).toUpperCase();
  if (filter.kind != null) instrument.kind = filter.kind;
  if (filter.settlement != null) instrument.settlement = filter.settlement;
  if (filter.expiryBefore || filter.expiryAfter)
    instrument.expiry = {
      ...(filter.expiryBefore ? { lt: filter.expiryBefore } : {}),
      ...(filter.expiryAfter ? { gt: filter.expiryAfter } : {}),
    };
  if (Object.keys(instrument).length > 0) and.push({ instrument: { is: instrument } });
  if (filter.minAbsQuantity != null) {
    const min = checkAmount('filter.minAbsQuantity', filter.minAbsQuantity, NON_NEGATIVE);
    and.push({ OR: [{ quantity: { gte: min } }, { quantity: { lte: `-${min}` } }] });
  }
  return { AND: and };
}

/** A position row with its instrument (always loaded: cursors of EXPIRY and INSTRUMENT need it). */
type PositionRow = Position & CursorRow & { instrument: Instrument };

interface PositionsConnectionExtra {
  countWhere: Prisma.PositionWhereInput;
}

builder.queryField('positions', (t) =>
  t.connection(
    {
      type: PositionRef,
      authScopes: { member: true },
      description: `Positions of the selected fund (first/last at most ${MAX_PAGE_SIZE}). Cursors are keyset cursors of the chosen ordering (default INSTRUMENT ASC).`,
      args: {
        filter: t.arg({ type: PositionFilter, required: false }),
        orderBy: t.arg({ type: PositionOrder, required: false }),
      },
      complexity: (args) => ({
        field: 1,
        multiplier: Math.min(args.first ?? args.last ?? 20, MAX_PAGE_SIZE),
      }),
      resolve: async (_root, args, ctx, info) => {
        checkPageArgs(args);
        const { fundId } = selectedFund(ctx);
        const field: PositionOrderField = args.orderBy?.field ?? 'INSTRUMENT';
        const direction: Direction = args.orderBy?.direction ?? 'ASC';
        const base = positionWhere(fundId, args.filter ?? {});
        if (args.filter?.accountId != null) await assertAccount(ctx, fundId, String(args.filter.accountId));
        const after = args.after ? decodeCursor('after', args.after, field, direction) : null;
        const before = args.before ? decodeCursor('before', args.before, field, direction) : null;
        const selection = queryFromInfo({
          context: ctx,
          info,
          typeName: 'Position',
          path: ['edges', 'node'],
        });
        const include = { ...(selection.include ?? {}) } as Prisma.PositionInclude;
        if (!include.instrument) include.instrument = true;
        const connection = await resolveCursorConnection<Promise<PositionRow[]>>(
          {
            args,
            defaultSize: 20,
            maxSize: MAX_PAGE_SIZE,
            toCursor: (row) => encodeCursor(row, field, direction),
          },
          ({ limit, inverted }): Promise<PositionRow[]> => {
            // Backwards (last/before): walk the reversed ordering from `before`, then re-reverse.
            const dir: Direction = inverted ? (direction === 'ASC' ? 'DESC' : 'ASC') : direction;
            const nulls = inverted ? 'first' : 'last';
            const cursor = inverted ? before : after;
            const where: Prisma.PositionWhereInput = cursor
              ? { AND: [base, afterCursor(cursor, field, dir, nulls)] }
              : base;
            // With both after and before, the other bound limits the window too.
            const bound = inverted ? after : before;
            const bounded: Prisma.PositionWhereInput = bound
              ? {
                  AND: [
                    where,
                    afterCursor(
                      bound,
                      field,
                      dir === 'ASC' ? 'DESC' : 'ASC',
                      nulls === 'last' ? 'first' : 'last',
                    ),
                  ],
                }
              : where;
            return ctx.db.read(
              (tx) =>
                tx.position.findMany({
                  where: bounded,
                  include,
                  orderBy: orderByOf(field, dir, nulls),
                  take: limit,
                }) as unknown as Promise<PositionRow[]>,
            );
          },
        );
        return Object.assign(connection as NonNullable<typeof connection>, {
          countWhere: base,
        } satisfies PositionsConnectionExtra);
      },
    },
    {
      name: 'PositionConnection',
      fields: (c) => ({
        totalCount: c.int({
          description: 'Positions matching the filter (all pages).',
          resolve: (connection, _args, ctx) =>
            ctx.db.read((tx) =>
              tx.position.count({ where: (connection as unknown as PositionsConnectionExtra).countWhere }),
            ),
        }),
      }),
    },
    { name: 'PositionEdge' },
  ),
);

builder.queryField('position', (t) =>
  t.prismaField({
    type: 'Position',
    authScopes: { member: true },
    description: 'One position of the selected fund.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('position', String(args.id));
      const row = await ctx.db.read((tx) => tx.position.findFirst({ ...query, where: { id, fundId } }));
      if (!row) throw new NotFoundError('position', id);
      return row;
    },
  }),
);

const CreatePositionInput = builder.inputType('CreatePositionInput', {
  fields: (t) => ({
    accountId: t.id({ required: true }),
    instrumentId: t.id({ required: true }),
    quantity: t.field({ type: 'Decimal', required: true, description: 'Signed contracts, not 0.' }),
    entryPrice: t.field({ type: 'Decimal', required: false }),
    marginMode: t.field({ type: MarginModeEnum, required: false }),
    isolatedMargin: t.field({ type: 'Decimal', required: false, description: 'ISOLATED positions only.' }),
    leverage: t.field({ type: 'Decimal', required: false, description: '(0, 1000].' }),
    stopPrice: t.field({ type: 'Decimal', required: false }),
    externalRef: t.string({ required: false }),
    note: t.string({ required: false }),
    openedAt: t.field({ type: 'DateTime', required: false }),
  }),
});

const UpdatePositionInput = builder.inputType('UpdatePositionInput', {
  description: 'Fields to change: absent fields are kept, null clears an optional field.',
  fields: (t) => ({
    accountId: t.id({ required: false }),
    quantity: t.field({ type: 'Decimal', required: false }),
    entryPrice: t.field({ type: 'Decimal', required: false }),
    marginMode: t.field({ type: MarginModeEnum, required: false }),
    isolatedMargin: t.field({ type: 'Decimal', required: false }),
    leverage: t.field({ type: 'Decimal', required: false }),
    stopPrice: t.field({ type: 'Decimal', required: false }),
    externalRef: t.string({ required: false }),
    note: t.string({ required: false }),
  }),
});

/**
 * NOT_FOUND unless `accountId` is an account of the fund: a filter naming another fund's account
 * answers like every other id-taking field, not with an empty list.
 */
export async function assertAccount(ctx: Context, fundId: string, accountId: string): Promise<void> {
  const id = idOrNotFound('account', accountId);
  const found = await ctx.db.read((tx) =>
    tx.account.findFirst({ where: { id, fundId }, select: { id: true } }),
  );
  if (!found) throw new NotFoundError('account', id);
}

/** An account of the fund (NOT_FOUND otherwise). */
export async function fundAccount(tx: TenantTx, fundId: string, accountId: string) {
  const account = await tx.account.findFirst({ where: { id: accountId, fundId } });
  if (!account) throw new NotFoundError('account', accountId);
  return account;
}

/** An active, position-capable instrument visible to the fund (global or its own). */
async function positionInstrument(tx: TenantTx, fundId: string, instrumentId: string) {
  const instrument = await tx.instrument.findFirst({
    where: { id: instrumentId, OR: [{ fundId: null }, { fundId }] },
  });
  if (!instrument) throw new NotFoundError('instrument', instrumentId);
  if (!instrument.active)
    throw new BadUserInputError('instrumentId', `${instrument.venue} ${instrument.symbol} is inactive`);
  if (instrument.kind === 'LENDING_RESERVE')
    throw new BadUserInputError(
      'instrumentId',
      'lending reserves are held as lending positions (upsertLendingPosition), not positions',
    );
  return instrument;
}

const optionalText = (field: string, value: string | null | undefined, max: number) =>
  value == null || value.trim() === '' ? null : checkText(field, value, max);

builder.mutationField('createPosition', (t) =>
  t.prismaField({
    type: 'Position',
    authScopes: { role: 'RISK_MANAGER' },
    description: 'Creates a position in an account of the selected fund.',
    args: { input: t.arg({ type: CreatePositionInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const { input } = args;
      const accountId = idOrNotFound('account', String(input.accountId));
      const instrumentId = idOrNotFound('instrument', String(input.instrumentId));
      const quantity = checkAmount('quantity', input.quantity, { ...ANY_AMOUNT, nonZero: true });
      const entryPrice = checkOptionalAmount('entryPrice', input.entryPrice, POSITIVE);
      const isolatedMargin = checkOptionalAmount('isolatedMargin', input.isolatedMargin, NON_NEGATIVE);
      const leverage = checkOptionalAmount('leverage', input.leverage, LEVERAGE);
      const stopPrice = checkOptionalAmount('stopPrice', input.stopPrice, POSITIVE);
      if (isolatedMargin !== null && input.marginMode !== 'ISOLATED')
        throw new BadUserInputError('isolatedMargin', 'needs marginMode ISOLATED');
      const externalRef = optionalText('externalRef', input.externalRef, 200);
      const note = optionalText('note', input.note, 2000);
      return ctx.db.write(async (tx, audit) => {
        await fundAccount(tx, fundId, accountId);
        const instrument = await positionInstrument(tx, fundId, instrumentId);
        const row = await tx.position.create({
          ...query,
          data: {
            fundId,
            accountId,
            instrumentId,
            quantity,
            entryPrice,
            marginMode: input.marginMode ?? null,
            isolatedMargin,
            leverage,
            stopPrice,
            externalRef,
            note,
            ...(input.openedAt ? { openedAt: input.openedAt } : {}),
          },
        });
        audit({
          action: 'position.create',
          targetType: 'Position',
          targetId: row.id,
          details: {
            accountId,
            instrument: `${instrument.venue} ${instrument.symbol}`,
            quantity,
            entryPrice,
          },
        });
        return row;
      });
    },
  }),
);

builder.mutationField('updatePosition', (t) =>
  t.prismaField({
    type: 'Position',
    authScopes: { role: 'RISK_MANAGER' },
    description: 'Changes a position of the selected fund (quantity, prices, margin, account, notes).',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdatePositionInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('position', String(args.id));
      const { input } = args;
      const data: Record<string, unknown> = {};
      if (input.quantity != null) data.quantity = checkAmount('quantity', input.quantity, ANY_AMOUNT);
      if (input.entryPrice !== undefined)
        data.entryPrice = checkOptionalAmount('entryPrice', input.entryPrice, POSITIVE);
      if (input.isolatedMargin !== undefined)
        data.isolatedMargin = checkOptionalAmount('isolatedMargin', input.isolatedMargin, NON_NEGATIVE);
      if (input.leverage !== undefined)
        data.leverage = checkOptionalAmount('leverage', input.leverage, LEVERAGE);
      if (input.stopPrice !== undefined)
        data.stopPrice = checkOptionalAmount('stopPrice', input.stopPrice, POSITIVE);
      if (input.marginMode !== undefined) data.marginMode = input.marginMode;
      if (input.externalRef !== undefined)
        data.externalRef = optionalText('externalRef', input.externalRef, 200);
      if (input.note !== undefined) data.note = optionalText('note', input.note, 2000);
      const accountId =
        input.accountId == null ? undefined : idOrNotFound('account', String(input.accountId));
      return ctx.db.write(async (tx, audit) => {
        const before = await tx.position.findFirst({ where: { id, fundId } });
        if (!before) throw new NotFoundError('position', id);
        if (accountId) {
          await fundAccount(tx, fundId, accountId);
          data.accountId = accountId;
        }
        const marginMode = data.marginMode === undefined ? before.marginMode : data.marginMode;
        const isolatedMargin =
          data.isolatedMargin === undefined ? before.isolatedMargin : data.isolatedMargin;
        if (isolatedMargin !== null && marginMode !== 'ISOLATED')
          throw new BadUserInputError('isolatedMargin', 'needs marginMode ISOLATED');
        const row = await tx.position.update({ ...query, where: { id }, data });
        const changed = Object.fromEntries(
          Object.entries(data).map(([key, value]) => {
            const old = (before as Record<string, unknown>)[key];
            return [key, { from: old == null ? null : String(old), to: value }];
          }),
        );
        audit({ action: 'position.update', targetType: 'Position', targetId: id, details: changed });
        return row;
      });
    },
  }),
);

builder.mutationField('closePosition', (t) =>
  t.prismaField({
    type: 'Position',
    authScopes: { role: 'RISK_MANAGER' },
    description:
      'Closes a position: quantity becomes 0 (the row stays, with its history in the audit log; `deletePosition` removes it). `exitPrice` is recorded in the audit entry.',
    args: { id: t.arg.id({ required: true }), exitPrice: t.arg({ type: 'Decimal', required: false }) },
    resolve: (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('position', String(args.id));
      const exitPrice = checkOptionalAmount('exitPrice', args.exitPrice, POSITIVE);
      return ctx.db.write(async (tx, audit) => {
        const before = await tx.position.findFirst({ where: { id, fundId }, select: { quantity: true } });
        if (!before) throw new NotFoundError('position', id);
        const row = await tx.position.update({ ...query, where: { id }, data: { quantity: '0' } });
        audit({
          action: 'position.close',
          targetType: 'Position',
          targetId: id,
          details: { quantityBefore: before.quantity.toString(), exitPrice },
        });
        return row;
      });
    },
  }),
);

builder.mutationField('deletePosition', (t) =>
  t.field({
    type: 'ID',
    authScopes: { role: 'RISK_MANAGER' },
    description:
      'Deletes a position of the selected fund (CONFLICT while a limit refers to it). Returns the id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('position', String(args.id));
      return ctx.db.write(async (tx, audit) => {
        const before = await tx.position.findFirst({
          where: { id, fundId },
          select: {
            quantity: true,
            accountId: true,
            instrumentId: true,
            _count: { select: { limits: true } },
          },
        });
        if (!before) throw new NotFoundError('position', id);
        if (before._count.limits > 0)
          throw new ConflictError(
            `position is used by ${before._count.limits} limit(s): delete or change them first`,
          );
        await tx.position.delete({ where: { id } });
        audit({
          action: 'position.delete',
          targetType: 'Position',
          targetId: id,
          details: {
            accountId: before.accountId,
            instrumentId: before.instrumentId,
            quantity: before.quantity.toString(),
          },
        });
        return id;
      });
    },
  }),
);
