/**
 * Risk runs: `submitRiskRun` (ANALYST+) validates the VaR parameters, commits the `risk_run` row as
 * QUEUED (audited `risk_run.submit`) and then adds the shared `risk-run` job (@dte/jobs) to Redis.
 * If Redis does not accept the job, the row is marked FAILED (`errorCode` ENQUEUE_FAILED, audited
 * `risk_run.enqueue_failed`) and the mutation answers JOB_QUEUE_UNAVAILABLE: a run is never left
 * QUEUED without a job by this path. (Enqueueing after the commit, not inside the transaction,
 * means a worker can never pick up a job whose row is not visible yet.) `riskRun(id)`, `riskRuns`
 * (history, paged) and `cancelRiskRun` (ANALYST+) complete the API; the worker computes.
 */
import { randomInt } from 'node:crypto';
import { type Prisma, RiskRunKind as RiskRunKindValues, RiskRunStatus as RiskRunStatusValues } from '@dte/db';
import { builder } from '../builder.ts';
import { BadUserInputError, ConflictError, NotFoundError } from '../errors.ts';
import { JobQueueUnavailableError } from '../risk/errors.ts';
import { checkInt, checkNumber, checkPageArgs, checkProbability, MAX_PAGE_SIZE } from '../validation.ts';
import { idOrNotFound, selectedFund } from './guards.ts';

export const RiskRunKindEnum = builder.enumType(RiskRunKindValues, { name: 'RiskRunKind' });
export const RiskRunStatusEnum = builder.enumType(RiskRunStatusValues, { name: 'RiskRunStatus' });

const VarRunKindEnum = builder.enumType('VarRunKind', {
  description: 'Risk runs that can be submitted: MONTE_CARLO_VAR (full revaluation) and HISTORICAL_VAR.',
  values: ['MONTE_CARLO_VAR', 'HISTORICAL_VAR'] as const,
});
const DistributionEnum = builder.enumType('VarDistribution', {
  description:
    'Monte Carlo return distribution: NORMAL, or STUDENT_T (multivariate t with `nu` degrees of freedom, covariance scaling).',
  values: ['NORMAL', 'STUDENT_T'] as const,
});

/** Parameter bounds of a VaR run (also in docs/api-risk.md). */
export const VAR_LIMITS = {
  confidences: 5,
  horizonDays: 250,
  minPaths: 1000,
  maxPaths: 10_000_000,
  minLookbackDays: 30,
  maxLookbackDays: 3650,
  maxNu: 1000,
} as const;

const VarParamsInput = builder.inputType('VarParamsInput', {
  description: 'Parameters of a VaR run. Monte Carlo only: paths, seed, distribution, nu, antithetic.',
  fields: (t) => ({
    confidences: t.floatList({
      required: false,
      description: 'Levels in (0, 1), at most 5, no duplicates (default [0.99]).',
    }),
    horizonDays: t.float({ required: false, description: 'In (0, 250] days (default 1).' }),
    paths: t.int({
      required: false,
      description: `Monte Carlo paths, ${VAR_LIMITS.minPaths}..${VAR_LIMITS.maxPaths} (default 100000).`,
    }),
    seed: t.float({
      required: false,
      description: 'Integer in [0, 2^53 - 1]; default a random one (stored, so the run can be repeated).',
    }),
    distribution: t.field({ type: DistributionEnum, required: false }),
    nu: t.float({
      required: false,
      description: 'Student-t degrees of freedom, (2, 1000] (required with STUDENT_T).',
    }),
    antithetic: t.boolean({ required: false }),
    lookbackDays: t.int({
      required: false,
      description: 'Days of price history (covariance / scenarios), 30..3650 (default 365).',
    }),
    snapshotId: t.id({
      required: false,
      description: 'Market snapshot to value at (default: the latest when the run starts).',
    }),
  }),
});

type VarParams = typeof VarParamsInput.$inferInput;

/** Validated, normalised parameters as stored in `risk_run.params`. */
export function checkVarParams(
  kind: 'MONTE_CARLO_VAR' | 'HISTORICAL_VAR',
  p: VarParams,
): Prisma.InputJsonObject {
  const confidences = p.confidences ?? [0.99];
  if (confidences.length === 0 || confidences.length > VAR_LIMITS.confidences)
    throw new BadUserInputError(
      'params.confidences',
      `give 1 to ${VAR_LIMITS.confidences} levels (got ${confidences.length})`,
      confidences.length,
    );
  confidences.forEach((c, i) => {
    checkProbability(`params.confidences[${i}]`, c);
    if (confidences.indexOf(c) !== i)
      throw new BadUserInputError(`params.confidences[${i}]`, `duplicate level (got ${c})`, c);
  });
  const horizonDays = checkNumber('params.horizonDays', p.horizonDays ?? 1, {
    min: 0,
    minExclusive: true,
    max: VAR_LIMITS.horizonDays,
  });
  const lookbackDays = checkInt(
    'params.lookbackDays',
    p.lookbackDays ?? 365,
    VAR_LIMITS.minLookbackDays,
    VAR_LIMITS.maxLookbackDays,
  );
  const snapshotId = p.snapshotId == null ? null : idOrNotFound('market snapshot', String(p.snapshotId));
  const common = { confidences, horizonDays, lookbackDays, ...(snapshotId ? { snapshotId } : {}) };
  if (kind === 'HISTORICAL_VAR') {
    for (const key of ['paths', 'seed', 'distribution', 'nu', 'antithetic'] as const)
      if (p[key] != null)
        throw new BadUserInputError(`params.${key}`, 'is not used by HISTORICAL_VAR', p[key]);
    return common;
  }
  const paths = checkInt('params.paths', p.paths ?? 100_000, VAR_LIMITS.minPaths, VAR_LIMITS.maxPaths);
  const seed =
    p.seed == null ? randomInt(0, 2 ** 48 - 1) : checkInt('params.seed', p.seed, 0, Number.MAX_SAFE_INTEGER);
  const distribution = p.distribution ?? 'NORMAL';
  let nu: number | null = null;
  if (distribution === 'STUDENT_T') {
    if (p.nu == null) throw new BadUserInputError('params.nu', 'is required with STUDENT_T');
    nu = checkNumber('params.nu', p.nu, { min: 2, minExclusive: true, max: VAR_LIMITS.maxNu });
  } else if (p.nu != null) throw new BadUserInputError('params.nu', 'is only used with STUDENT_T', p.nu);
  return {
    ...common,
    paths,
    seed,
    distribution,
    ...(nu === null ? {} : { nu }),
    antithetic: p.antithetic ?? false,
  };
}

builder.prismaObject('RiskRun', {
  description: 'A requested risk computation; the worker updates status, progress and result.',
  authScopes: { role: 'VIEWER' },
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: RiskRunKindEnum }),
    status: t.expose('status', { type: RiskRunStatusEnum }),
    params: t.expose('params', { type: 'JSON' }),
    progress: t.exposeFloat('progress', { description: '0..1' }),
    chunksTotal: t.exposeInt('chunksTotal'),
    chunksDone: t.exposeInt('chunksDone'),
    result: t.expose('result', { type: 'JSON', nullable: true }),
    error: t.exposeString('error', { nullable: true }),
    errorCode: t.exposeString('errorCode', { nullable: true }),
    attempts: t.exposeInt('attempts'),
    requestedById: t.exposeID('requestedById', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.mutationField('submitRiskRun', (t) =>
  t.prismaField({
    type: 'RiskRun',
    authScopes: { role: 'ANALYST' },
    description:
      'Queues a VaR run: validates params, commits the run (QUEUED) and adds its job. JOB_QUEUE_UNAVAILABLE (run marked FAILED) when Redis does not accept the job.',
    args: {
      kind: t.arg({ type: VarRunKindEnum, required: true }),
      params: t.arg({ type: VarParamsInput, required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const params = checkVarParams(args.kind, args.params ?? {});
      const requestedById = ctx.principal?.kind === 'user' ? ctx.principal.userId : null;
      const run = await ctx.db.write(async (tx, audit) => {
        if (typeof params.snapshotId === 'string') {
          const visible = await tx.marketSnapshot.findFirst({
            where: { id: params.snapshotId, OR: [{ fundId: null }, { fundId }] },
            select: { id: true },
          });
          if (!visible) throw new NotFoundError('market snapshot', params.snapshotId);
        }
        const created = await tx.riskRun.create({
          data: { fundId, kind: args.kind, status: 'QUEUED', params, requestedById },
          select: { id: true },
        });
        audit({
          action: 'risk_run.submit',
          targetType: 'RiskRun',
          targetId: created.id,
          details: { kind: args.kind, params },
        });
        return created;
      });
      try {
        await ctx.jobs.enqueueRiskRun({ runId: run.id, fundId });
      } catch (error) {
        ctx.logger.error({ err: error, runId: run.id }, 'risk run: enqueue failed, marking the run FAILED');
        await ctx.db.write(async (tx, audit) => {
          await tx.riskRun.updateMany({
            where: { id: run.id, fundId, status: 'QUEUED' },
            data: {
              status: 'FAILED',
              errorCode: 'ENQUEUE_FAILED',
              error:
                `the job could not be queued: ${error instanceof Error ? error.message : String(error)}`.slice(
                  0,
                  500,
                ),
              finishedAt: new Date(),
            },
          });
          audit({ action: 'risk_run.enqueue_failed', targetType: 'RiskRun', targetId: run.id });
        });
        throw new JobQueueUnavailableError(run.id);
      }
      return ctx.db.read((tx) => tx.riskRun.findUniqueOrThrow({ ...query, where: { id: run.id } }));
    },
  }),
);

builder.queryField('riskRun', (t) =>
  t.prismaField({
    type: 'RiskRun',
    authScopes: { role: 'VIEWER' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('risk run', String(args.id));
      const run = await ctx.db.read((tx) => tx.riskRun.findFirst({ ...query, where: { id, fundId } }));
      if (!run) throw new NotFoundError('risk run', id);
      return run;
    },
  }),
);

builder.queryField('riskRuns', (t) =>
  t.prismaConnection({
    type: 'RiskRun',
    cursor: 'id',
    authScopes: { role: 'VIEWER' },
    description: `Risk runs of the selected fund, newest first (first/last at most ${MAX_PAGE_SIZE}).`,
    args: {
      kind: t.arg({ type: [RiskRunKindEnum], required: false }),
      status: t.arg({ type: [RiskRunStatusEnum], required: false }),
    },
    complexity: (args) => ({ field: 1, multiplier: Math.min(args.first ?? args.last ?? 20, MAX_PAGE_SIZE) }),
    resolve: (query, _root, args, ctx) => {
      checkPageArgs(args);
      const { fundId } = selectedFund(ctx);
      return ctx.db.read((tx) =>
        tx.riskRun.findMany({
          ...query,
          where: {
            fundId,
            ...(args.kind?.length ? { kind: { in: args.kind } } : {}),
            ...(args.status?.length ? { status: { in: args.status } } : {}),
          },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        }),
      );
    },
  }),
);

builder.mutationField('cancelRiskRun', (t) =>
  t.prismaField({
    type: 'RiskRun',
    authScopes: { role: 'ANALYST' },
    description:
      'Cancels a QUEUED or RUNNING run (idempotent when already CANCELLED; CONFLICT when it has finished). Audited `risk_run.cancel`.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { fundId } = selectedFund(ctx);
      const id = idOrNotFound('risk run', String(args.id));
      const changed = await ctx.db.write(async (tx, audit) => {
        const run = await tx.riskRun.findFirst({ where: { id, fundId }, select: { status: true } });
        if (!run) throw new NotFoundError('risk run', id);
        if (run.status === 'SUCCEEDED' || run.status === 'FAILED')
          throw new ConflictError(
            `risk run ${id} has finished (${run.status}): it cannot be cancelled`,
            'id',
          );
        const cancel = run.status === 'QUEUED' || run.status === 'RUNNING';
        if (cancel)
          await tx.riskRun.updateMany({
            where: { id, fundId, status: { in: ['QUEUED', 'RUNNING'] } },
            data: { status: 'CANCELLED', finishedAt: new Date() },
          });
        audit({
          action: 'risk_run.cancel',
          targetType: 'RiskRun',
          targetId: id,
          details: { previousStatus: run.status },
        });
        return cancel;
      });
      if (changed) await ctx.jobs.removeRiskRun(id);
      return ctx.db.read((tx) => tx.riskRun.findUniqueOrThrow({ ...query, where: { id } }));
    },
  }),
);
