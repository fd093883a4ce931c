import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob } from './define-job.ts';
import { pingJob } from './definitions/ping.ts';
import { JobValidationError } from './errors.ts';
import { QUEUES } from './queues.ts';
import { definitionsFor, findDefinition } from './registry.ts';

describe('defineJob', () => {
  const job = defineJob({
    queue: QUEUES.system,
    name: 'sample',
    payload: z.object({ n: z.number().int().positive() }),
    result: z.object({ doubled: z.number() }),
    defaultOptions: { attempts: 2 },
  });

  it('returns parsed payloads and results', () => {
    expect(job.parsePayload({ n: 3 })).toEqual({ n: 3 });
    expect(job.parseResult({ doubled: 6 })).toEqual({ doubled: 6 });
    expect(job.defaultOptions).toEqual({ attempts: 2 });
  });

  it('rejects an invalid payload with a stable code and the failing path', () => {
    let caught: unknown;
    try {
      job.parsePayload({ n: -1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(JobValidationError);
    const error = caught as JobValidationError;
    expect(error.code).toBe('JOB_PAYLOAD_INVALID');
    expect(error.jobName).toBe('sample');
    expect(error.issues[0]).toMatch(/^n: /);
  });

  it('rejects an invalid result with JOB_RESULT_INVALID', () => {
    expect(() => job.parseResult({ doubled: 'x' })).toThrow(
      expect.objectContaining({ code: 'JOB_RESULT_INVALID' }),
    );
  });

  it('is frozen so a consumer cannot change shared options', () => {
    expect(Object.isFrozen(job)).toBe(true);
  });
});

describe('ping definition and registry', () => {
  it('accepts an ISO timestamp and rejects anything else', () => {
    const sentAt = new Date().toISOString();
    expect(pingJob.parsePayload({ sentAt })).toEqual({ sentAt });
    expect(() => pingJob.parsePayload({ sentAt: 'yesterday' })).toThrow(JobValidationError);
  });

  it('is registered on dte-system and found by name', () => {
    expect(pingJob.queue).toBe('dte-system');
    expect(definitionsFor(QUEUES.system)).toContain(pingJob);
    expect(findDefinition('dte-system', 'ping')).toBe(pingJob);
  });

  it('reports an unknown job with JOB_UNKNOWN', () => {
    expect(() => findDefinition('dte-system', 'nope')).toThrow(
      expect.objectContaining({ code: 'JOB_UNKNOWN' }),
    );
  });
});

describe('risk-run definition', () => {
  it('takes a run id and a fund id (uuids) on dte-risk, with retries and retention', async () => {
    const { riskRunJob } = await import('./definitions/risk-run.ts');
    const payload = {
      runId: '0b0f4a4e-7c55-4d0e-9f3e-3f1c2d9c8a11',
      fundId: '7e4f1b2a-9c3d-4e5f-8a6b-1c2d3e4f5a6b',
    };
    expect(riskRunJob.queue).toBe('dte-risk');
    expect(riskRunJob.parsePayload(payload)).toEqual(payload);
    expect(() => riskRunJob.parsePayload({ ...payload, runId: 'x' })).toThrow(JobValidationError);
    expect(() => riskRunJob.parsePayload({ runId: payload.runId })).toThrow(JobValidationError);
    expect(riskRunJob.defaultOptions).toMatchObject({ attempts: 3, backoff: { type: 'exponential' } });
    expect(findDefinition('dte-risk', 'risk-run')).toBe(riskRunJob);
  });
});

describe('risk run params', () => {
  it("accept the api's stored form and normalise it", async () => {
    const { monteCarloRunParams, historicalRunParams } = await import('./risk-params.ts');
    const api = {
      confidences: [0.99],
      horizonDays: 1,
      lookbackDays: 365,
      paths: 100_000,
      seed: 42,
      distribution: 'STUDENT_T',
      nu: 5,
      antithetic: false,
    };
    expect(monteCarloRunParams.parse(api)).toEqual({
      confidences: [0.99],
      horizonDays: 1,
      paths: 100_000,
      seed: 42,
      antithetic: false,
      distribution: { kind: 'student-t', nu: 5 },
      covariance: { lookback: 365 },
    });
    expect(monteCarloRunParams.parse({ paths: 20, distribution: 'NORMAL' }).distribution).toEqual({
      kind: 'normal',
    });
    expect(monteCarloRunParams.safeParse({ paths: 20, distribution: 'STUDENT_T' }).success).toBe(false);
    expect(monteCarloRunParams.safeParse({ paths: 20, unknown: 1 }).success).toBe(false);
    expect(historicalRunParams.parse({ confidences: [0.99], horizonDays: 1, lookbackDays: 365 })).toEqual({
      confidences: [0.99],
      horizonDays: 1,
      lookback: 365,
    });
  });
});
