import { z } from 'zod';

/**
 * `risk_run.params` of the run kinds the worker computes, shared by the api (validates before it
 * inserts the row) and the worker (validates again before it runs; an invalid row fails the run with
 * errorCode `INVALID_PARAMS` naming the field). Field meanings follow risk-core's `MonteCarloParams`
 * and `HistoricalParams` (docs/var.md); every field but `paths` is optional. The forms the api stores
 * (`distribution: 'NORMAL' | 'STUDENT_T'` with `nu`, `lookbackDays`) are accepted and normalised.
 */

const confidences = z.array(z.number().gt(0).lt(1)).min(1).max(10);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** Book and market the run values: the fund's book at a market snapshot (default: the latest). */
const bookChoice = {
  /** Market snapshot visible to the fund; omitted: the latest one with a SPOT quote. */
  snapshotId: z.uuid().optional(),
  /** Last date of price history used for estimates (default: the day before the valuation date, or the latest close before it). */
  historyAsOf: isoDate.optional(),
};

/** Params of a MONTE_CARLO_VAR run. */
export const monteCarloRunParams = z
  .object({
    ...bookChoice,
    /** Simulated paths N (>= 20). */
    paths: z.number().int().min(20).max(100_000_000),
    /** Run seed (default 7): same seed, book and params => the same result on any number of workers. */
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    horizonDays: z.number().positive().max(365).optional(),
    confidences: confidences.optional(),
    /** `{ kind: 'normal' }` / `{ kind: 'student-t', nu }`, or the api's `NORMAL` / `STUDENT_T` with `nu` beside it. */
    distribution: z
      .union([
        z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('normal') }),
          z.object({ kind: z.literal('student-t'), nu: z.number().gt(2) }),
        ]),
        z.enum(['NORMAL', 'STUDENT_T']),
      ])
      .optional(),
    /** Degrees of freedom with `distribution: 'STUDENT_T'` (the api's form). */
    nu: z.number().gt(2).optional(),
    /** Daily returns of history for the covariance estimate (the api's name; `covariance.lookback` wins). */
    lookbackDays: z.number().int().min(2).max(5000).optional(),
    antithetic: z.boolean().optional(),
    pricing: z.enum(['grid', 'exact']).optional(),
    /** Paths per random stream segment (even); the result depends on it. */
    streamPaths: z.number().int().min(2).optional(),
    /** Paths per chunk job (a multiple of streamPaths); default about N / 16. Never changes the result. */
    chunkPaths: z.number().int().min(2).optional(),
    contributionWindow: z.number().int().min(0).optional(),
    /** Covariance estimate from the fund's price history (default EWMA 0.94 over 500 returns). */
    covariance: z
      .object({
        source: z.enum(['auto', 'market', 'history']).optional(),
        estimator: z.enum(['sample', 'ewma']).optional(),
        lambda: z.number().gt(0).lt(1).optional(),
        lookback: z.number().int().min(2).max(5000).optional(),
        repair: z.union([z.boolean(), z.enum(['higham', 'clip'])]).optional(),
      })
      .strict()
      .optional(),
    /** A given daily covariance of log returns (`market.covariance` of the document) instead of an estimate. */
    marketCovariance: z
      .object({ tokens: z.array(z.string().min(1)).min(1), daily: z.array(z.array(z.number())) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.distribution === 'STUDENT_T' && p.nu === undefined)
      ctx.addIssue({ code: 'custom', path: ['nu'], message: 'is required with STUDENT_T' });
  })
  .transform(({ nu, lookbackDays, distribution, covariance, ...rest }) => ({
    ...rest,
    ...(distribution === undefined || distribution === 'NORMAL'
      ? distribution === undefined
        ? {}
        : { distribution: { kind: 'normal' as const } }
      : distribution === 'STUDENT_T'
        ? { distribution: { kind: 'student-t' as const, nu: nu as number } }
        : { distribution }),
    ...(covariance !== undefined || lookbackDays !== undefined
      ? { covariance: { ...(lookbackDays !== undefined ? { lookback: lookbackDays } : {}), ...covariance } }
      : {}),
  }));

/** Params of a HISTORICAL_VAR run. */
export const historicalRunParams = z
  .object({
    ...bookChoice,
    horizonDays: z.number().positive().max(365).optional(),
    confidences: confidences.optional(),
    /** Daily returns in the window (default 500). */
    lookback: z.number().int().min(20).max(5000).optional(),
    /** The api's name for `lookback` (`lookback` wins). */
    lookbackDays: z.number().int().min(20).max(5000).optional(),
    horizonScaling: z.enum(['overlapping', 'sqrt']).optional(),
    ageWeighting: z
      .object({ lambda: z.number().gt(0).lt(1) })
      .strict()
      .optional(),
    volatilityWeighting: z
      .object({ lambda: z.number().gt(0).lt(1).optional(), burnIn: z.number().int().min(0).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .transform(({ lookbackDays, ...rest }) => ({
    ...rest,
    ...(rest.lookback === undefined && lookbackDays !== undefined ? { lookback: lookbackDays } : {}),
  }));

/** Normalised params of a Monte Carlo run (output of {@link monteCarloRunParams}). */
export type MonteCarloRunParams = z.output<typeof monteCarloRunParams>;
/** Normalised params of a historical run (output of {@link historicalRunParams}). */
export type HistoricalRunParams = z.output<typeof historicalRunParams>;

/** Run kinds the worker computes, with their params schema. */
export const RISK_RUN_PARAMS = {
  MONTE_CARLO_VAR: monteCarloRunParams,
  HISTORICAL_VAR: historicalRunParams,
} as const;

/** A run kind the worker computes. */
export type ComputedRunKind = keyof typeof RISK_RUN_PARAMS;
