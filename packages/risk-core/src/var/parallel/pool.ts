/**
 * Monte Carlo on all cores with worker_threads (the only module of risk-core with threads; used by
 * the CLI and the benchmark, not by the pure library). The main thread and `threads - 1` workers
 * take chunks of a plan from one queue; every chunk runs the pure `runMonteCarloChunk`, so the
 * merged result does not depend on the thread count or on which thread ran which chunk.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RiskInputError, type RiskInputErrorCode } from '../../errors.ts';
import type { PortfolioDocument } from '../../portfolio/types.ts';
import type { MonteCarloEngine } from '../mc/chunk.ts';
import { prepareMonteCarlo, runMonteCarloChunk } from '../mc/chunk.ts';
import type { ChunkSpec, MonteCarloRunSpec } from '../mc/types.ts';
import type { ChunkSummary } from '../tail/summary.ts';
import type { FromWorker, ToWorker, WorkerError } from './protocol.ts';

/** Default compute threads: one per core. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** A pool of worker threads for Monte Carlo runs. */
export interface MonteCarloPool {
  readonly threads: number;
  /**
   * Runs the chunks of a plan; resolves with their summaries (in chunk order).
   * @param onProgress called with the paths done so far over all chunks.
   * @throws RiskInputError (re-created from a worker's) or the first other error of a thread.
   */
  run(
    doc: PortfolioDocument,
    spec: MonteCarloRunSpec,
    chunks: readonly ChunkSpec[],
    onProgress?: (pathsDone: number) => void,
  ): Promise<ChunkSummary[]>;
  /** Terminates the workers. */
  close(): Promise<void>;
}

/** Defined (true) by the CLI bundle (scripts/build-cli.mjs): the worker is bundled next to it. */
declare const DTE_CLI_BUNDLE: boolean | undefined;

/**
 * True in the CLI bundle (dist/cli/, scripts/build-cli.mjs), whose workers load the bundled worker
 * module without tsx: ~0.03 s of CPU each (measured as the difference of `--threads 2` and
 * `--threads 1` on a 2,000-path run), so the CLI starts them at once instead of adaptively.
 */
export const IN_CLI_BUNDLE = typeof DTE_CLI_BUNDLE !== 'undefined' && DTE_CLI_BUNDLE;

/**
 * The worker's start-up code. In the CLI bundle: its bundled worker (var-worker.mjs beside the
 * bundle's chunks). Otherwise workers do not inherit the TypeScript loader: register tsx in each,
 * then load worker.ts.
 */
function bootstrap(): string {
  if (IN_CLI_BUNDLE) {
    return `import(${JSON.stringify(new URL('./var-worker.mjs', import.meta.url).href)});`;
  }
  // The ESM build of tsx's API sits next to the CommonJS one that require.resolve finds.
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsx = pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
  const worker = new URL('./worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(worker)}); });`;
}

function toError(e: WorkerError): Error {
  if (e.name === 'RiskInputError' && e.code !== undefined && e.field !== undefined) {
    const prefix = `${e.field}: `;
    const body = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
    const got = body.lastIndexOf(' (got ');
    return new RiskInputError(
      e.code as RiskInputErrorCode,
      e.field,
      e.value,
      got >= 0 ? body.slice(0, got) : body,
    );
  }
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}

/**
 * Projected single-thread work (seconds) above which an adaptive pool starts its workers: a worker
 * costs ~0.35 s of CPU to start (tsx loader and module compilation, measured on the 2-core
 * development machine), so shorter runs are faster on the calling thread alone.
 */
export const ADAPTIVE_SPAWN_SECONDS = 0.6;

/** Options of {@link createMonteCarloPool}. */
export interface PoolOptions {
  /** Compute threads including the calling one (default: one per core). */
  threads?: number;
  /**
   * Start the workers only when the work left after the first chunk, timed on the calling thread,
   * is projected to take more than ADAPTIVE_SPAWN_SECONDS; default false: start them at once.
   */
  adaptive?: boolean;
  /**
   * Whether the calling thread computes chunks too (default true). With false, `threads - 1`
   * workers do all the work (tests use it to make sure workers ran).
   */
  mainThread?: boolean;
}

/**
 * A pool of `threads - 1` workers plus the calling thread (`threads = 1`: the calling thread only).
 * Eager pools start their workers at once, so their start-up overlaps the caller's planning.
 *
 * @throws RiskInputError `OUT_OF_DOMAIN` (field `threads`) unless an integer >= 1.
 */
export function createMonteCarloPool(options: PoolOptions = {}): MonteCarloPool {
  const threads = options.threads ?? defaultThreads();
  if (!Number.isSafeInteger(threads) || threads < 1) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'threads', threads, 'must be an integer >= 1');
  }
  if (options.mainThread === false && (threads < 2 || options.adaptive)) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'threads',
      threads,
      'mainThread: false needs threads >= 2, not adaptive',
    );
  }
  const workers: Worker[] = [];
  const spawn = () => {
    const code = bootstrap();
    while (workers.length < threads - 1) workers.push(new Worker(code, { eval: true }));
  };
  if (!options.adaptive) spawn();
  let closed = false;
  return {
    get threads() {
      return 1 + workers.length;
    },
    run: (doc, spec, chunks, onProgress) =>
      runPool(
        workers,
        threads > 1 && options.adaptive ? spawn : null,
        options.mainThread ?? true,
        doc,
        spec,
        chunks,
        onProgress,
      ),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function runPool(
  workers: Worker[],
  spawnLater: (() => void) | null,
  mainThread: boolean,
  doc: PortfolioDocument,
  spec: MonteCarloRunSpec,
  chunks: readonly ChunkSpec[],
  onProgress?: (pathsDone: number) => void,
): Promise<ChunkSummary[]> {
  return new Promise((resolve, reject) => {
    const queue = [...chunks];
    const summaries = new Map<number, ChunkSummary>();
    const progress = new Map<number, number>();
    let finished = false;
    const report = () => {
      if (!onProgress) return;
      let done = 0;
      for (const v of progress.values()) done += v;
      onProgress(done);
    };
    const cleanup: (() => void)[] = [];
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      for (const c of cleanup) c();
      if (error !== undefined) reject(error);
      else resolve(chunks.map((c) => summaries.get(c.chunkIndex) as ChunkSummary));
    };
    const maybeDone = () => {
      if (summaries.size === chunks.length) finish();
    };
    const dispatch = (w: Worker) => {
      const chunk = queue.shift();
      if (chunk !== undefined) w.postMessage({ type: 'chunk', chunk } satisfies ToWorker);
    };
    const attach = (w: Worker) => {
      const onMessage = (m: FromWorker) => {
        if (finished) return;
        if (m.type === 'error') return finish(toError(m.error));
        if (m.type === 'progress') {
          progress.set(m.chunkIndex, m.pathsDone);
          return report();
        }
        if (m.type === 'summary') {
          summaries.set(m.chunkIndex, m.summary);
          maybeDone();
          if (!finished) dispatch(w);
        }
      };
      const onError = (e: Error) => finish(e);
      w.on('message', onMessage);
      w.on('error', onError);
      cleanup.push(() => {
        w.off('message', onMessage);
        w.off('error', onError);
      });
      // The init message and two chunks at once, then one chunk per summary: a worker still loading
      // finds them queued on its port when it starts listening (waiting for a message of its own that
      // it has loaded left it idle until the calling thread, busy with its first chunk, handled that
      // message), and it always has its next chunk queued instead of waiting for a dispatch.
      w.postMessage({ type: 'init', doc, spec } satisfies ToWorker);
      dispatch(w);
      dispatch(w);
    };
    for (const w of workers) attach(w);
    // The calling thread works too, yielding between chunks so worker messages are handled.
    let engine: MonteCarloEngine | null = null;
    let first = true;
    const step = () => {
      if (finished) return;
      const chunk = queue.shift();
      if (chunk === undefined) return maybeDone();
      try {
        engine ??= prepareMonteCarlo(doc, spec);
        const t0 = performance.now();
        const s = runMonteCarloChunk(engine, spec, chunk, {
          onProgress: (done) => {
            progress.set(chunk.chunkIndex, done);
          },
        });
        summaries.set(chunk.chunkIndex, s);
        if (first && spawnLater !== null) {
          first = false;
          const left = queue.reduce((n, c) => n + c.count, 0);
          const seconds = ((performance.now() - t0) / 1000 / chunk.count) * left;
          if (seconds > ADAPTIVE_SPAWN_SECONDS) {
            const before = workers.length;
            spawnLater();
            for (const w of workers.slice(before)) attach(w);
          }
        }
        report();
        maybeDone();
      } catch (e) {
        return finish(e);
      }
      setImmediate(step);
    };
    if (mainThread || workers.length === 0) setImmediate(step);
  });
}
