export type {
  AnyJobDefinition,
  JobDefinition,
  JobDefinitionInput,
  JobPayload,
  JobResult,
} from './define-job.ts';
export { defineJob } from './define-job.ts';
export {
  type FundJobPayload,
  limitCheckJob,
  riskSnapshotJob,
} from './definitions/fund-schedules.ts';
export { pingJob } from './definitions/ping.ts';
export { type RiskChunkPayload, riskChunkJob } from './definitions/risk-chunk.ts';
export { type RiskRunPayload, riskRunJob } from './definitions/risk-run.ts';
export { enqueue } from './enqueue.ts';
export type { JobErrorCode } from './errors.ts';
export { JobError, JobValidationError, UnknownJobError } from './errors.ts';
export type { QueueName } from './queues.ts';
export { DEFAULT_PREFIX, QUEUES } from './queues.ts';
export { definitionsFor, findDefinition, JOB_DEFINITIONS } from './registry.ts';
export {
  type ComputedRunKind,
  type HistoricalRunParams,
  historicalRunParams,
  type MonteCarloRunParams,
  monteCarloRunParams,
  RISK_RUN_PARAMS,
} from './risk-params.ts';
export {
  FUND_SCHEDULER_PREFIX,
  type FundSchedule,
  fundSchedulerId,
  parseFundSchedulerId,
  removeFundSchedule,
  SCHEDULE_JOBS,
  type ScheduleKindName,
  upsertFundSchedule,
} from './schedules.ts';
