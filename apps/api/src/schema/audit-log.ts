import { builder } from '../builder.ts';
import { checkPageArgs, checkText, MAX_PAGE_SIZE } from '../validation.ts';
import { selectedFund } from './guards.ts';

/** One audit entry of the selected fund (read: RISK_MANAGER and OWNER). */
export const AuditLogRef = builder.prismaObject('AuditLog', {
  description: 'An append-only record of a mutation: who (user or API key), what, when, in which request.',
  authScopes: { role: 'RISK_MANAGER' },
  fields: (t) => ({
    id: t.exposeID('id'),
    action: t.exposeString('action'),
    targetType: t.exposeString('targetType', { nullable: true }),
    targetId: t.exposeString('targetId', { nullable: true }),
    userId: t.exposeID('userId', { nullable: true }),
    apiKeyId: t.exposeID('apiKeyId', { nullable: true }),
    details: t.expose('details', { type: 'JSON', nullable: true }),
    requestId: t.exposeString('requestId', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('auditLogs', (t) =>
  t.prismaConnection({
    type: 'AuditLog',
    cursor: 'id',
    authScopes: { role: 'RISK_MANAGER' },
    description: `Audit log of the selected fund, newest first (first/last at most ${MAX_PAGE_SIZE}).`,
    args: {
      action: t.arg.string({ required: false, description: 'Only this action, e.g. `api_key.create`.' }),
      targetId: t.arg.string({ required: false }),
    },
    complexity: (args) => ({ field: 1, multiplier: Math.min(args.first ?? args.last ?? 20, MAX_PAGE_SIZE) }),
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args);
      const { fundId } = selectedFund(ctx);
      const action = args.action == null ? undefined : checkText('action', args.action, 100);
      const targetId = args.targetId == null ? undefined : checkText('targetId', args.targetId, 64);
      return ctx.db.read((tx) =>
        tx.auditLog.findMany({
          ...query,
          // The explicit fund filter also excludes the user's own user-level entries (fund NULL),
          // which row-level security would show.
          where: { fundId, ...(action ? { action } : {}), ...(targetId ? { targetId } : {}) },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        }),
      );
    },
  }),
);
