import type { PortfolioDocument } from '../../portfolio/types.ts';
import type { ChunkSpec, MonteCarloRunSpec } from '../mc/types.ts';
import type { ChunkSummary } from '../tail/summary.ts';

/** Main thread -> worker. */
export type ToWorker =
  | { type: 'init'; doc: PortfolioDocument; spec: MonteCarloRunSpec }
  | { type: 'chunk'; chunk: ChunkSpec };

/** A RiskInputError (or other error) as it crosses the thread boundary. */
export interface WorkerError {
  name: string;
  message: string;
  code?: string;
  field?: string;
  value?: unknown;
  stack?: string;
}

/** Worker -> main thread. */
export type FromWorker =
  | { type: 'progress'; chunkIndex: number; pathsDone: number }
  | { type: 'summary'; chunkIndex: number; summary: ChunkSummary }
  | { type: 'error'; error: WorkerError };
