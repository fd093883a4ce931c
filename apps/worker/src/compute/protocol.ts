/** Messages between the main thread and a compute thread (`pool.ts` <-> `thread.ts`). */
import type * as tasks from './tasks.ts';

/** Tasks a compute thread runs, by name: the functions of `tasks.ts`. */
export const TASKS = {
  planMonteCarlo: 'planMonteCarloTask',
  monteCarloChunk: 'monteCarloChunkTask',
  mergeMonteCarlo: 'mergeMonteCarloTask',
  summaryPrefixes: 'summaryPrefixesTask',
  historicalVar: 'historicalVarTask',
  riskSnapshot: 'riskSnapshotTask',
  limitMeasures: 'limitMeasuresTask',
} as const satisfies Record<string, keyof typeof tasks>;

/** Name of a task. */
export type TaskName = keyof typeof TASKS;

type TaskFn<N extends TaskName> = (typeof tasks)[(typeof TASKS)[N]];
/** Argument of task `N`. */
export type TaskArgs<N extends TaskName> = Parameters<TaskFn<N>>[0];
/** Result of task `N`. */
export type TaskResult<N extends TaskName> = ReturnType<TaskFn<N>>;

/** Main thread -> compute thread. */
export interface TaskRequest {
  id: number;
  task: TaskName;
  args: unknown;
}

/** An error raised in a compute thread, as plain data. */
export interface ThreadError {
  name: string;
  message: string;
  /** `code` of risk-core's RiskInputError, @dte/domain's DomainError and the like. */
  code?: string;
  field?: string;
  stack?: string;
}

/** Compute thread -> main thread. */
export type TaskResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: ThreadError };
