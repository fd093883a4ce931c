/**
 * Risk limits of the selected fund: read by every role, created/updated/deleted by RISK_MANAGER and
 * OWNER, each change audited in its transaction. Thresholds are exact decimals checked per kind.
 */
import { type LimitKind, LimitKind as LimitKindValues, type Prisma } from '@dte/db';
import { builder } from '../builder.ts';
import { BadUserInputError, NotFoundError } from '../errors.ts';
import { checkDecimal, checkPageArgs, checkText, MAX_PAGE_SIZE } from '../validation.ts';
import { checkToken } from './exposure-common.ts';
import { idOrNotFound, selectedFund } from './guards.ts';

/** Kinds of limits. */
export const LimitKindEnum = builder.enumType(LimitKindValues, {
  name: 'LimitKind',
  description:
    'NET_DELTA (tokens or USD), GROSS_NOTIONAL (USD), VAR (USD), LEVERAGE (ratio), LIQUIDATION_DISTANCE (fraction, breached below), STOP_LEVEL (price of a position).',
});

export const LimitRef = builder.prismaObject('Limit', {
  description: 'A risk limit of the fund; breaches become alerts (the limit checker is the worker’s job).',
  authScopes: { role: 'VIEWER' },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: LimitKindEnum }),
    token: t.exposeString('token', { nullable: true }),
    accountId: t.exposeID('accountId', { nullable: true }),
    positionId: t.exposeID('positionId', { nullable: true }),
    threshold: t.expose('threshold', { type: 'Decimal' }),
    warnAt: t.expose('warnAt', {
      type: 'Decimal',
      nullable: true,
      description: 'Fraction of the threshold, (0, 1].',
    }),
    params: t.expose('params', { type: 'JSON', nullable: true }),
    enabled: t.exposeBoolean('enabled'),
    createdById: t.exposeID('createdById', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    openAlertCount: t.relationCount('alerts', { where: { status: { not: 'CLEARED' } } }),
  }),
});

/** Threshold domain per kind. */
function checkThreshold(kind: LimitKind, value: unknown): string {
  switch (kind) {
    case 'LIQUIDATION_DISTANCE':
      return checkDecimal('threshold', value, { min: 0, minExclusive: true, max: 1 });
    case 'LEVERAGE':
      return checkDecimal('threshold', value, { min: 0, minExclusive: true, max: 1000 });
    default:
      return checkDecimal('threshold', value, { min: 0, minExclusive: true, max: 1e30 });
  }
}

function checkParams(value: unknown): Prisma.InputJsonObject | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new BadUserInputError('params', 'must be a JSON object', typeof value);
  const text = JSON.stringify(value);
  if (text.length > 4096)
    throw new BadUserInputError('params', `at most 4096 characters of JSON (got ${text.length})`);
  return value as Prisma.InputJsonObject;
}

const LimitInput = builder.inputType('LimitInput', {
  description: 'A limit. `positionId` is required for STOP_LEVEL; `accountId`/`token` narrow the others.',
  fields: (t) => ({
    name: t.string({ required: true }),
    kind: t.field({ type: LimitKindEnum, required: true }),
    threshold: t.field({ type: 'Decimal', required: true }),
    warnAt: t.field({ type: 'Decimal', required: false }),
    token: t.string({ required: false }),
    accountId: t.id({ required: false }),
    positionId: t.id({ required: false }),
    params: t.field({ type: 'JSON', required: false }),
    enabled: t.boolean({ required: false }),
  }),
});

const LimitPatchInput = builder.inputType('LimitPatchInput', {
  description:
    'Fields to change (kind, account and position are fixed at creation; null clears warnAt/token/params).',
  fields: (t) => ({
    name: t.string({ required: false }),
    threshold: t.field({ type: 'Decimal', required: false }),
    warnAt: t.field({ type: 'Decimal', required: false }),
    token: t.string({ required: false }),
    params: t.field({ type: 'JSON', required: false }),
    enabled: t.boolean({ required: false }),
  }),
});

builder.queryField('limits', (t) =>
  t.prismaConnection({
    type: 'Limit',
    cursor: 'id',
    authScopes: { role: 'VIEWER' },
    description: `Limits of the selected fund, by name (first/last at most ${MAX_PAGE_SIZE}).`,
    args: {
      kind: t.arg({ type: LimitKindEnum, required: false }),
      enabled: t.arg.boolean({ required: false }),
    },
    complexity: (args) => ({ field: 1, multiplier: Math.min(args.first ?? args.last ?? 20, MAX_PAGE_SIZE) }),
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args);
      const { fundId } = selectedFund(ctx);
      return ctx.db.read((tx) =>
        tx.limit.findMany({
          ...query,
          where: {
            fundId,
            ...(args.kind ? { kind: args.kind } : {}),
            ...(args.enabled == null ? {} : { enabled: args.enabled }),
          },
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
        }),
      );
    },
  }),
);

builder.queryField('limit', (t) =>
  t.prismaField({
    type: 'Limit',
    authScopes: { role: 'VIEWER' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('limit', String(args.id));
      const limit = await ctx.db.read((tx) => tx.limit.findFirst({ ...query, where: { id, fundId } }));
      if (!limit) throw new NotFoundError('limit', id);
      return limit;
    },
  }),
);

builder.mutationField('createLimit', (t) =>
  t.prismaField({
    type: 'Limit',
    authScopes: { role: 'RISK_MANAGER' },
    description: 'Creates a limit (audited `limit.create`).',
    args: { input: t.arg({ type: LimitInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { fundId } = selectedFund(ctx);
      const name = checkText('name', input.name, 200);
      const threshold = checkThreshold(input.kind, input.threshold);
      const warnAt =
        input.warnAt == null
          ? null
          : checkDecimal('warnAt', input.warnAt, { min: 0, minExclusive: true, max: 1 });
      const token = input.token == null ? null : checkToken('token', input.token);
      const accountId = input.accountId == null ? null : idOrNotFound('account', String(input.accountId));
      const positionId = input.positionId == null ? null : idOrNotFound('position', String(input.positionId));
      if (input.kind === 'STOP_LEVEL' && positionId === null)
        throw new BadUserInputError('positionId', 'a STOP_LEVEL limit needs a position');
      const params = checkParams(input.params);
      const createdById = ctx.principal?.kind === 'user' ? ctx.principal.userId : null;
      return ctx.db.write(async (tx, audit) => {
        if (
          accountId &&
          !(await tx.account.findFirst({ where: { id: accountId, fundId }, select: { id: true } }))
        )
          throw new NotFoundError('account', accountId);
        if (
          positionId &&
          !(await tx.position.findFirst({ where: { id: positionId, fundId }, select: { id: true } }))
        )
          throw new NotFoundError('position', positionId);
        const limit = await tx.limit.create({
          ...query,
          data: {
            fundId,
            name,
            kind: input.kind,
            threshold,
            warnAt,
            token,
            accountId,
            positionId,
            ...(params ? { params } : {}),
            enabled: input.enabled ?? true,
            createdById,
          },
        });
        audit({
          action: 'limit.create',
          targetType: 'Limit',
          targetId: limit.id,
          details: { name, kind: input.kind, threshold, warnAt, token, accountId, positionId },
        });
        return limit;
      });
    },
  }),
);

builder.mutationField('updateLimit', (t) =>
  t.prismaField({
    type: 'Limit',
    authScopes: { role: 'RISK_MANAGER' },
    description: 'Changes a limit (audited `limit.update` with the changed fields).',
    args: { id: t.arg.id({ required: true }), patch: t.arg({ type: LimitPatchInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('limit', String(args.id));
      const p = args.patch;
      const data: Prisma.LimitUpdateInput = {};
      if (p.name != null) data.name = checkText('name', p.name, 200);
      if (p.warnAt !== undefined)
        data.warnAt =
          p.warnAt === null ? null : checkDecimal('warnAt', p.warnAt, { min: 0, minExclusive: true, max: 1 });
      if (p.token !== undefined) data.token = p.token === null ? null : checkToken('token', p.token);
      if (p.params !== undefined) {
        const params = checkParams(p.params);
        data.params = params ?? (null as unknown as Prisma.InputJsonObject);
      }
      if (p.enabled != null) data.enabled = p.enabled;
      return ctx.db.write(async (tx, audit) => {
        const current = await tx.limit.findFirst({ where: { id, fundId }, select: { kind: true } });
        if (!current) throw new NotFoundError('limit', id);
        if (p.threshold != null) data.threshold = checkThreshold(current.kind, p.threshold);
        if (Object.keys(data).length === 0) throw new BadUserInputError('patch', 'nothing to change');
        const limit = await tx.limit.update({ ...query, where: { id }, data });
        audit({
          action: 'limit.update',
          targetType: 'Limit',
          targetId: id,
          details: { changed: Object.keys(data), ...JSON.parse(JSON.stringify(data)) },
        });
        return limit;
      });
    },
  }),
);

builder.mutationField('deleteLimit', (t) =>
  t.field({
    type: 'ID',
    authScopes: { role: 'RISK_MANAGER' },
    description: 'Deletes a limit and its alerts (audited `limit.delete`); returns its id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('limit', String(args.id));
      return ctx.db.write(async (tx, audit) => {
        const limit = await tx.limit.findFirst({ where: { id, fundId }, select: { name: true, kind: true } });
        if (!limit) throw new NotFoundError('limit', id);
        const alerts = await tx.alert.deleteMany({ where: { limitId: id, fundId } });
        await tx.limit.delete({ where: { id } });
        audit({
          action: 'limit.delete',
          targetType: 'Limit',
          targetId: id,
          details: { name: limit.name, kind: limit.kind, alertsDeleted: alerts.count },
        });
        return id;
      });
    },
  }),
);
