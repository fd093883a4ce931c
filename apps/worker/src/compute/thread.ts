/**
 * A compute thread: runs the tasks of `tasks.ts` it is sent, one at a time, and posts the results
 * (or the error as plain data). Started by `pool.ts`.
 */
import { parentPort } from 'node:worker_threads';
import type { TaskName, TaskRequest, TaskResponse, ThreadError } from './protocol.ts';
import {
  historicalVarTask,
  limitMeasuresTask,
  mergeMonteCarloTask,
  monteCarloChunkTask,
  planMonteCarloTask,
  riskSnapshotTask,
  summaryPrefixesTask,
} from './tasks.ts';

/** The function of each task (protocol.ts names them). */
const FUNCTIONS: Record<TaskName, (args: never) => unknown> = {
  planMonteCarlo: planMonteCarloTask,
  monteCarloChunk: monteCarloChunkTask,
  mergeMonteCarlo: mergeMonteCarloTask,
  summaryPrefixes: summaryPrefixesTask,
  historicalVar: historicalVarTask,
  riskSnapshot: riskSnapshotTask,
  limitMeasures: limitMeasuresTask,
};

function toThreadError(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const e = error as Error & { code?: unknown; field?: unknown };
  return {
    name: e.name,
    message: e.message,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.field === 'string' ? { field: e.field } : {}),
    ...(e.stack ? { stack: e.stack } : {}),
  };
}

parentPort?.on('message', (request: TaskRequest) => {
  let response: TaskResponse;
  try {
    const fn = FUNCTIONS[request.task] as (args: unknown) => unknown;
    response = { id: request.id, ok: true, value: fn(request.args) };
  } catch (error) {
    response = { id: request.id, ok: false, error: toThreadError(error) };
  }
  parentPort?.postMessage(response);
});

// Loaded: the pool may count this thread as started.
parentPort?.postMessage({ ready: true });
