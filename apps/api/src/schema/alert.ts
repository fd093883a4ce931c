/**
 * Alerts (limit breaches) of the selected fund: listed with filters and paging by every role,
 * acknowledged by ANALYST and above (the person watching the screens takes note of a breach;
 * acknowledging changes no limit and no position, and is audited with who did it). Alerts are
 * opened and cleared by the worker's limit checks.
 */
import { AlertSeverity as AlertSeverityValues, AlertStatus as AlertStatusValues } from '@dte/db';
import { builder } from '../builder.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { checkPageArgs, checkText, MAX_PAGE_SIZE } from '../validation.ts';
import { idOrNotFound, selectedFund } from './guards.ts';

export const AlertStatusEnum = builder.enumType(AlertStatusValues, { name: 'AlertStatus' });
export const AlertSeverityEnum = builder.enumType(AlertSeverityValues, { name: 'AlertSeverity' });

builder.prismaObject('Alert', {
  description: 'A limit breach. At most one not-cleared alert per (limit, subject).',
  authScopes: { role: 'VIEWER' },
  fields: (t) => ({
    id: t.exposeID('id'),
    limitId: t.exposeID('limitId'),
    limit: t.relation('limit'),
    subject: t.exposeString('subject', {
      description: 'What breached (token, position id...); empty when fund-wide.',
    }),
    status: t.expose('status', { type: AlertStatusEnum }),
    severity: t.expose('severity', { type: AlertSeverityEnum }),
    message: t.exposeString('message'),
    value: t.expose('value', { type: 'Decimal' }),
    threshold: t.expose('threshold', { type: 'Decimal' }),
    openedAt: t.expose('openedAt', { type: 'DateTime' }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime' }),
    acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true }),
    acknowledgedById: t.exposeID('acknowledgedById', { nullable: true }),
    clearedAt: t.expose('clearedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryField('alerts', (t) =>
  t.prismaConnection({
    type: 'Alert',
    cursor: 'id',
    authScopes: { role: 'VIEWER' },
    description: `Alerts of the selected fund, newest first (first/last at most ${MAX_PAGE_SIZE}).`,
    args: {
      status: t.arg({ type: [AlertStatusEnum], required: false, description: 'Any of these statuses.' }),
      severity: t.arg({ type: [AlertSeverityEnum], required: false }),
      limitId: t.arg.id({ required: false }),
      subject: t.arg.string({ required: false }),
      openedAfter: t.arg({ type: 'DateTime', required: false }),
      openedBefore: t.arg({ type: 'DateTime', required: false }),
    },
    complexity: (args) => ({ field: 1, multiplier: Math.min(args.first ?? args.last ?? 20, MAX_PAGE_SIZE) }),
    resolve: async (query, _root, args, ctx) => {
      checkPageArgs(args);
      const { fundId } = selectedFund(ctx);
      const limitId = args.limitId == null ? undefined : idOrNotFound('limit', String(args.limitId));
      const subject = args.subject == null ? undefined : checkText('subject', args.subject, 200);
      return ctx.db.read(async (tx) => {
        if (limitId && !(await tx.limit.findFirst({ where: { id: limitId, fundId }, select: { id: true } })))
          throw new NotFoundError('limit', limitId);
        return tx.alert.findMany({
          ...query,
          where: {
            fundId,
            ...(args.status?.length ? { status: { in: args.status } } : {}),
            ...(args.severity?.length ? { severity: { in: args.severity } } : {}),
            ...(limitId ? { limitId } : {}),
            ...(subject ? { subject } : {}),
            ...(args.openedAfter || args.openedBefore
              ? {
                  openedAt: {
                    ...(args.openedAfter ? { gte: args.openedAfter } : {}),
                    ...(args.openedBefore ? { lt: args.openedBefore } : {}),
                  },
                }
              : {}),
          },
          orderBy: [{ openedAt: 'desc' }, { id: 'desc' }],
        });
      });
    },
  }),
);

builder.queryField('alert', (t) =>
  t.prismaField({
    type: 'Alert',
    authScopes: { role: 'VIEWER' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('alert', String(args.id));
      const alert = await ctx.db.read((tx) => tx.alert.findFirst({ ...query, where: { id, fundId } }));
      if (!alert) throw new NotFoundError('alert', id);
      return alert;
    },
  }),
);

builder.mutationField('acknowledgeAlert', (t) =>
  t.prismaField({
    type: 'Alert',
    authScopes: { role: 'ANALYST' },
    description:
      'Marks an OPEN alert ACKNOWLEDGED (idempotent for an acknowledged one; a CLEARED alert is CONFLICT). Audited `alert.acknowledge`.',
    args: { id: t.arg.id({ required: true }), note: t.arg.string({ required: false }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('alert', String(args.id));
      const note = args.note == null ? undefined : checkText('note', args.note, 500);
      return ctx.db.write(async (tx, audit) => {
        const alert = await tx.alert.findFirst({ where: { id, fundId }, select: { status: true } });
        if (!alert) throw new NotFoundError('alert', id);
        if (alert.status === 'CLEARED')
          throw new ConflictError(`alert ${id} is cleared: nothing to acknowledge`, 'id');
        const acknowledgedById = ctx.principal?.kind === 'user' ? ctx.principal.userId : null;
        const updated =
          alert.status === 'OPEN'
            ? await tx.alert.update({
                ...query,
                where: { id },
                data: { status: 'ACKNOWLEDGED', acknowledgedAt: new Date(), acknowledgedById },
              })
            : await tx.alert.findUniqueOrThrow({ ...query, where: { id } });
        audit({
          action: 'alert.acknowledge',
          targetType: 'Alert',
          targetId: id,
          details: { previousStatus: alert.status, ...(note ? { note } : {}) },
        });
        return updated;
      });
    },
  }),
);
