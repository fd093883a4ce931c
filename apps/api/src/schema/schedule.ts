/**
 * Per-fund schedules of the worker's recurring jobs (RISK_SNAPSHOT, LIMIT_CHECK): read by every role,
 * set and removed by RISK_MANAGER and OWNER. The `schedule` row is the source of truth; after it is
 * committed (audited), the mutation applies it to BullMQ at once through the shared helper of
 * @dte/jobs (`upsertFundSchedule` / `removeFundSchedule`: one job scheduler per (fund, kind)). When
 * Redis does not answer in time, `applied` is false and the worker's reconciler applies the row on its
 * next pass (docs/worker.md).
 */
import { type Prisma, ScheduleKind as ScheduleKindValues } from '@dte/db';
import { QUEUES, removeFundSchedule, type ScheduleKindName, upsertFundSchedule } from '@dte/jobs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { loadEnv } from '../env.ts';
import { BadUserInputError, NotFoundError } from '../errors.ts';
import { selectedFund } from './guards.ts';

/** Longest wait for Redis to apply a schedule (ms); the reconciler applies it later otherwise. */
const APPLY_TIMEOUT_MS = 3000;
/** Longest interval (31 days). */
const MAX_EVERY_SECONDS = 31 * 24 * 3600;
/** Five or six cron fields of digits, names and `* / , - ? L W #`. */
const CRON = /^\s*[0-9A-Za-z*/,?#-]+(\s+[0-9A-Za-z*/,?#-]+){4,5}\s*$/;

export const ScheduleKindEnum = builder.enumType(ScheduleKindValues, {
  name: 'ScheduleKind',
  description:
    'RISK_SNAPSHOT (exposures, parametric and historical VaR stored as a risk snapshot), LIMIT_CHECK (limits -> alerts).',
});

builder.prismaObject('Schedule', {
  description: 'A recurring worker job of the fund: an interval (>= 60 s) or a cron pattern (UTC).',
  authScopes: { role: 'VIEWER' },
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: ScheduleKindEnum }),
    everySeconds: t.exposeInt('everySeconds', { nullable: true }),
    cron: t.exposeString('cron', { nullable: true }),
    enabled: t.exposeBoolean('enabled'),
    params: t.expose('params', { type: 'JSON', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryField('schedules', (t) =>
  t.prismaField({
    type: ['Schedule'],
    authScopes: { role: 'VIEWER' },
    description: 'Schedules of the selected fund (at most one per kind).',
    resolve: (query, _root, _args, ctx) => {
      const { fundId } = selectedFund(ctx);
      return ctx.db.read((tx) =>
        tx.schedule.findMany({ ...query, where: { fundId }, orderBy: { kind: 'asc' } }),
      );
    },
  }),
);

let queue: { key: string; queue: Queue } | undefined;

/** The `dte-schedules` queue of the job Redis (`JOBS_REDIS_URL`, else `REDIS_URL`) under the api's job prefix. */
function schedulesQueue(ctx: Context): Queue {
  const env = loadEnv();
  const url = env.JOBS_REDIS_URL ?? env.REDIS_URL;
  const key = `${url}|${ctx.jobs.prefix}`;
  if (queue?.key !== key) {
    const connection = new Redis(url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2000,
    });
    connection.on('error', (error) => ctx.logger.warn({ err: error }, 'schedule queue: redis error'));
    const q = new Queue(QUEUES.schedules, { connection, prefix: ctx.jobs.prefix });
    q.on('error', (error) => ctx.logger.warn({ err: error }, 'schedule queue error'));
    queue = { key, queue: q };
  }
  return queue.queue;
}

/** Applies `apply` within APPLY_TIMEOUT_MS; false (logged) when Redis did not take it. */
async function applied(ctx: Context, apply: (q: Queue) => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const q = schedulesQueue(ctx);
    await Promise.race([
      (async () => {
        await q.waitUntilReady();
        await apply(q);
      })(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer from Redis within ${APPLY_TIMEOUT_MS} ms`)),
          APPLY_TIMEOUT_MS,
        );
      }),
    ]);
    return true;
  } catch (error) {
    ctx.logger.warn(
      { err: error },
      'schedule saved, job scheduler not applied (the worker reconciler will apply it)',
    );
    return false;
  } finally {
    clearTimeout(timer);
  }
}

interface UpsertShape {
  scheduleId: string;
  applied: boolean;
}

const UpsertSchedulePayload = builder.objectRef<UpsertShape>('UpsertSchedulePayload').implement({
  description:
    'The saved schedule; `applied` is false when the job queue did not answer (the worker applies it later).',
  fields: (t) => ({
    schedule: t.prismaField({
      type: 'Schedule',
      resolve: (query, payload, _args, ctx) =>
        ctx.db.read((tx) => tx.schedule.findUniqueOrThrow({ ...query, where: { id: payload.scheduleId } })),
    }),
    applied: t.exposeBoolean('applied'),
  }),
});

function checkParams(value: unknown): Prisma.InputJsonObject | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new BadUserInputError('params', 'must be a JSON object', typeof value);
  const text = JSON.stringify(value);
  if (text.length > 4096)
    throw new BadUserInputError('params', `at most 4096 characters of JSON (got ${text.length})`);
  return value as Prisma.InputJsonObject;
}

builder.mutationField('upsertSchedule', (t) =>
  t.field({
    type: UpsertSchedulePayload,
    authScopes: { role: 'RISK_MANAGER' },
    description:
      'Sets the fund schedule of `kind` (audited `schedule.upsert`): exactly one of `everySeconds` (60 .. 2678400) and `cron` (5 or 6 fields, UTC). Disabled schedules keep their row but no job scheduler.',
    args: {
      kind: t.arg({ type: ScheduleKindEnum, required: true }),
      everySeconds: t.arg.int({ required: false }),
      cron: t.arg.string({ required: false }),
      enabled: t.arg.boolean({ required: false }),
      params: t.arg({ type: 'JSON', required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const every = args.everySeconds ?? null;
      const cron = args.cron == null ? null : args.cron.trim();
      if ((every === null) === (cron === null))
        throw new BadUserInputError('everySeconds', 'give exactly one of everySeconds and cron');
      if (every !== null && (every < 60 || every > MAX_EVERY_SECONDS))
        throw new BadUserInputError('everySeconds', `must be in 60 .. ${MAX_EVERY_SECONDS}`, every);
      if (cron !== null && (!CRON.test(cron) || cron.length > 100))
        throw new BadUserInputError('cron', 'must be a cron pattern of 5 or 6 fields', cron);
      const params = checkParams(args.params);
      const enabled = args.enabled ?? true;
      const data = { everySeconds: every, cron, enabled, params: params ?? {} };
      const scheduleId = await ctx.db.write(async (tx, audit) => {
        const row = await tx.schedule.upsert({
          where: { fundId_kind: { fundId, kind: args.kind } },
          create: { fundId, kind: args.kind, ...data },
          update: data,
          select: { id: true },
        });
        audit({
          action: 'schedule.upsert',
          targetType: 'Schedule',
          targetId: row.id,
          details: { kind: args.kind, ...data },
        });
        return row.id;
      });
      const kind = args.kind as ScheduleKindName;
      return {
        scheduleId,
        applied: await applied(ctx, (q) =>
          enabled
            ? upsertFundSchedule(q, { fundId, kind, everySeconds: every, cron, params: params ?? null })
            : removeFundSchedule(q, fundId, kind),
        ),
      };
    },
  }),
);

builder.mutationField('deleteSchedule', (t) =>
  t.field({
    type: 'ID',
    authScopes: { role: 'RISK_MANAGER' },
    description:
      'Removes the fund schedule of `kind` and its job scheduler (audited `schedule.delete`); returns its id.',
    args: { kind: t.arg({ type: ScheduleKindEnum, required: true }) },
    resolve: async (_root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = await ctx.db.write(async (tx, audit) => {
        const row = await tx.schedule.findFirst({ where: { fundId, kind: args.kind }, select: { id: true } });
        if (!row) throw new NotFoundError('schedule', args.kind);
        await tx.schedule.delete({ where: { id: row.id } });
        audit({
          action: 'schedule.delete',
          targetType: 'Schedule',
          targetId: row.id,
          details: { kind: args.kind },
        });
        return row.id;
      });
      await applied(ctx, (q) => removeFundSchedule(q, fundId, args.kind as ScheduleKindName));
      return id;
    },
  }),
);
