/**
 * Risk runs on the real database and real Redis (a unique BullMQ prefix per test api): the row is
 * created QUEUED and the shared `risk-run` job lands in Redis with the right payload; bad params
 * write nothing and enqueue nothing; an unreachable Redis leaves the run FAILED (ENQUEUE_FAILED).
 */
import { randomUUID } from 'node:crypto';
import { QUEUES, riskRunJob } from '@dte/jobs';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeOf,
  createWorld,
  type GqlResponse,
  startTestApi,
  TEST_REDIS_URL,
  type TestApi,
  type World,
} from '../testing/harness.ts';

const prefix = `dte-test-${randomUUID()}`;
let t: TestApi;
let world: World;
let queue: Queue;

beforeAll(async () => {
  t = await startTestApi({ JOBS_PREFIX: prefix });
  world = await createWorld(t.admin, 'api-riskrun');
  queue = new Queue(QUEUES.risk, { connection: { url: TEST_REDIS_URL }, prefix });
});

afterAll(async () => {
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await world?.cleanup();
  await t?.stop();
});

type Role = 'OWNER' | 'RISK_MANAGER' | 'ANALYST' | 'VIEWER';
const as = (role: Role) => ({ token: world.a.members[role].token, fundId: world.a.fundId });

function ok<T>(response: GqlResponse<T>): T {
  expect(response.body.errors).toBeUndefined();
  return response.body.data as T;
}

const SUBMIT = `mutation($kind: VarRunKind!, $params: VarParamsInput) { submitRiskRun(kind: $kind, params: $params) {
  id kind status params progress chunksDone chunksTotal result error errorCode attempts requestedById createdAt startedAt finishedAt } }`;

interface Run {
  id: string;
  kind: string;
  status: string;
  params: Record<string, unknown>;
  errorCode: string | null;
  requestedById: string | null;
}

const state = async () => ({
  runs: await t.admin.riskRun.count({ where: { fundId: world.a.fundId } }),
  audit: await t.admin.auditLog.count({ where: { fundId: world.a.fundId } }),
  jobs: (await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized')) as Record<string, number>,
});

describe('risk runs', () => {
  it('creates the run QUEUED and adds the risk-run job with { runId, fundId } to Redis', async () => {
    const run = ok(
      await t.gql<{ submitRiskRun: Run }>(
        SUBMIT,
        {
          kind: 'MONTE_CARLO_VAR',
          params: {
            confidences: [0.99, 0.975],
            horizonDays: 10,
            paths: 200000,
            seed: 42,
            distribution: 'STUDENT_T',
            nu: 5,
            antithetic: true,
            lookbackDays: 730,
          },
        },
        as('ANALYST'),
      ),
    ).submitRiskRun;
    expect(run).toMatchObject({
      kind: 'MONTE_CARLO_VAR',
      status: 'QUEUED',
      requestedById: world.a.members.ANALYST.userId,
      params: {
        confidences: [0.99, 0.975],
        horizonDays: 10,
        paths: 200000,
        seed: 42,
        distribution: 'STUDENT_T',
        nu: 5,
        antithetic: true,
        lookbackDays: 730,
      },
    });
    const row = await t.admin.riskRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(row).toMatchObject({ fundId: world.a.fundId, status: 'QUEUED', kind: 'MONTE_CARLO_VAR' });
    const job = await queue.getJob(run.id);
    expect(job?.name).toBe(riskRunJob.name);
    expect(job?.data).toEqual({ runId: run.id, fundId: world.a.fundId });
    expect(job?.opts.attempts).toBe(3);
    expect(riskRunJob.parsePayload(job?.data)).toEqual({ runId: run.id, fundId: world.a.fundId });
    const audit = await t.admin.auditLog.findMany({ where: { targetId: run.id }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(['risk_run.submit']);
  });

  it('fills defaults (a random seed is stored) and takes historical runs', async () => {
    const mc = ok(
      await t.gql<{ submitRiskRun: Run }>(
        SUBMIT,
        { kind: 'MONTE_CARLO_VAR' },
        { token: world.a.keys.READ_WRITE.key },
      ),
    ).submitRiskRun;
    expect(mc.params).toMatchObject({
      confidences: [0.99],
      horizonDays: 1,
      paths: 100000,
      distribution: 'NORMAL',
      antithetic: false,
      lookbackDays: 365,
    });
    expect(Number.isSafeInteger(mc.params.seed)).toBe(true);
    expect(mc.requestedById).toBeNull();
    const hist = ok(
      await t.gql<{ submitRiskRun: Run }>(
        SUBMIT,
        {
          kind: 'HISTORICAL_VAR',
          params: { confidences: [0.95], lookbackDays: 500, snapshotId: world.a.book.snapshotId },
        },
        as('OWNER'),
      ),
    ).submitRiskRun;
    expect(hist.params).toEqual({
      confidences: [0.95],
      horizonDays: 1,
      lookbackDays: 500,
      snapshotId: world.a.book.snapshotId,
    });
    expect((await queue.getJob(hist.id))?.data).toEqual({ runId: hist.id, fundId: world.a.fundId });
  });

  it('rejects bad params naming the field and value: no row, no audit entry, no job', async () => {
    const before = await state();
    const cases: [string, Record<string, unknown>, string][] = [
      ['MONTE_CARLO_VAR', { confidences: [1] }, 'params.confidences[0]'],
      ['MONTE_CARLO_VAR', { confidences: [0.99, 0.99] }, 'params.confidences[1]'],
      ['MONTE_CARLO_VAR', { confidences: [] }, 'params.confidences'],
      ['MONTE_CARLO_VAR', { horizonDays: 0 }, 'params.horizonDays'],
      ['MONTE_CARLO_VAR', { horizonDays: 1000 }, 'params.horizonDays'],
      ['MONTE_CARLO_VAR', { paths: 10 }, 'params.paths'],
      ['MONTE_CARLO_VAR', { paths: 100000000 }, 'params.paths'],
      ['MONTE_CARLO_VAR', { seed: -1 }, 'params.seed'],
      ['MONTE_CARLO_VAR', { seed: 1.5 }, 'params.seed'],
      ['MONTE_CARLO_VAR', { distribution: 'STUDENT_T' }, 'params.nu'],
      ['MONTE_CARLO_VAR', { distribution: 'STUDENT_T', nu: 2 }, 'params.nu'],
      ['MONTE_CARLO_VAR', { nu: 5 }, 'params.nu'],
      ['MONTE_CARLO_VAR', { lookbackDays: 10 }, 'params.lookbackDays'],
      ['HISTORICAL_VAR', { paths: 10000 }, 'params.paths'],
      ['HISTORICAL_VAR', { antithetic: true }, 'params.antithetic'],
    ];
    for (const [kind, params, field] of cases) {
      const response = await t.gql(SUBMIT, { kind, params }, as('ANALYST'));
      expect(codeOf(response), field).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.extensions?.field, JSON.stringify(params)).toBe(field);
    }
    const message = (
      await t.gql(SUBMIT, { kind: 'MONTE_CARLO_VAR', params: { confidences: [1.5] } }, as('ANALYST'))
    ).body.errors?.[0]?.message;
    expect(message).toBe('params.confidences[0]: must be < 1 (got 1.5)');
    // Another fund's snapshot: NOT_FOUND, nothing written.
    const foreign = await t.gql(
      SUBMIT,
      { kind: 'HISTORICAL_VAR', params: { snapshotId: world.b.book.snapshotId } },
      as('ANALYST'),
    );
    expect(codeOf(foreign)).toBe('NOT_FOUND');
    expect(await state()).toEqual(before);
  });

  it('reads a run and pages the history with filters', async () => {
    type P = {
      riskRuns: {
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { id: string; kind: string; status: string } }[];
      };
    };
    const first = ok(
      await t.gql<P>(
        '{ riskRuns(first: 2) { pageInfo { hasNextPage endCursor } edges { node { id kind status } } } }',
        {},
        as('VIEWER'),
      ),
    ).riskRuns;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = ok(
      await t.gql<P>(
        'query($a: String) { riskRuns(first: 50, after: $a) { pageInfo { hasNextPage endCursor } edges { node { id kind status } } } }',
        { a: first.pageInfo.endCursor },
        as('VIEWER'),
      ),
    ).riskRuns;
    const all = [...first.edges, ...rest.edges].map((e) => e.node);
    expect(all.map((r) => r.id)).toContain(world.a.risk.riskRunId);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    const historical = ok(
      await t.gql<P>(
        '{ riskRuns(first: 50, kind: [HISTORICAL_VAR]) { pageInfo { hasNextPage endCursor } edges { node { id kind status } } } }',
        {},
        as('VIEWER'),
      ),
    ).riskRuns;
    expect(historical.edges.every((e) => e.node.kind === 'HISTORICAL_VAR')).toBe(true);
    expect(historical.edges.length).toBeGreaterThan(0);
    const one = ok(
      await t.gql<{ riskRun: Record<string, unknown> }>(
        'query($id: ID!) { riskRun(id: $id) { id status progress chunksDone chunksTotal result error errorCode } }',
        { id: world.a.risk.riskRunId },
        as('VIEWER'),
      ),
    ).riskRun;
    expect(one).toMatchObject({ status: 'QUEUED', progress: 0, chunksDone: 0, chunksTotal: 0, result: null });
  });

  it('cancels a queued run (its waiting job is removed), idempotently; a finished run is CONFLICT', async () => {
    const run = ok(
      await t.gql<{ submitRiskRun: Run }>(SUBMIT, { kind: 'HISTORICAL_VAR' }, as('ANALYST')),
    ).submitRiskRun;
    expect(await queue.getJob(run.id)).toBeDefined();
    const cancel = 'mutation($id: ID!) { cancelRiskRun(id: $id) { id status finishedAt } }';
    expect(codeOf(await t.gql(cancel, { id: run.id }, as('VIEWER')))).toBe('FORBIDDEN');
    const cancelled = ok(
      await t.gql<{ cancelRiskRun: { status: string; finishedAt: string } }>(
        cancel,
        { id: run.id },
        as('ANALYST'),
      ),
    );
    expect(cancelled.cancelRiskRun.status).toBe('CANCELLED');
    expect(await queue.getJob(run.id)).toBeUndefined();
    const again = ok(
      await t.gql<{ cancelRiskRun: { status: string } }>(cancel, { id: run.id }, as('ANALYST')),
    );
    expect(again.cancelRiskRun.status).toBe('CANCELLED');
    await t.admin.riskRun.update({ where: { id: world.a.risk.riskRunId }, data: { status: 'SUCCEEDED' } });
    expect(codeOf(await t.gql(cancel, { id: world.a.risk.riskRunId }, as('ANALYST')))).toBe('CONFLICT');
    const actions = await t.admin.auditLog.findMany({
      where: { targetId: run.id },
      orderBy: { createdAt: 'asc' },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(['risk_run.submit', 'risk_run.cancel', 'risk_run.cancel']);
  });
});

describe('risk runs when Redis does not take the job', () => {
  it('marks the run FAILED (ENQUEUE_FAILED), audits it and answers JOB_QUEUE_UNAVAILABLE', async () => {
    const down = await startTestApi({ JOBS_REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const response = await down.gql<{ submitRiskRun: Run }>(
        SUBMIT,
        { kind: 'HISTORICAL_VAR' },
        as('ANALYST'),
      );
      expect(codeOf(response)).toBe('JOB_QUEUE_UNAVAILABLE');
      const runId = response.body.errors?.[0]?.extensions?.runId as string;
      const row = await t.admin.riskRun.findUniqueOrThrow({ where: { id: runId } });
      expect(row).toMatchObject({ status: 'FAILED', errorCode: 'ENQUEUE_FAILED' });
      expect(row.error).toMatch(/could not be queued/);
      expect(row.finishedAt).not.toBeNull();
      const actions = await t.admin.auditLog.findMany({
        where: { targetId: runId },
        orderBy: { createdAt: 'asc' },
        select: { action: true },
      });
      expect(actions.map((a) => a.action)).toEqual(['risk_run.submit', 'risk_run.enqueue_failed']);
      expect(response.ms).toBeLessThan(10_000);
    } finally {
      await down.stop();
    }
  });
});
