/**
 * Queue names. A queue groups jobs that share workers and concurrency; BullMQ keys are
 * `<prefix>:<queue>:...` (prefix defaults to `dte`, see {@link DEFAULT_PREFIX}).
 */
export const QUEUES = {
  /** Housekeeping and liveness jobs (ping). */
  system: 'dte-system',
  /** Risk computations requested by users (Monte Carlo / historical VaR runs). */
  risk: 'dte-risk',
  /**
   * Chunks of distributed Monte Carlo runs (children of a `risk-run` job, CPU-bound; workers size
   * this queue's concurrency by their compute threads).
   */
  riskChunks: 'dte-risk-chunks',
  /** Per-fund recurring jobs created by job schedulers (risk snapshots, limit checks). */
  schedules: 'dte-schedules',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Redis key prefix used by api and worker unless a caller (a test) isolates itself with its own. */
export const DEFAULT_PREFIX = 'dte';
