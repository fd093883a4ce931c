/**
 * Worker thread of the Monte Carlo pool (`pool.ts`): compiles the document once per run
 * (`prepareMonteCarlo`), then runs the chunks it is sent (`runMonteCarloChunk`, the pure chunk
 * function) and posts their summaries. Progress is reported every PROGRESS_PATHS paths.
 */
import { parentPort } from 'node:worker_threads';
import { RiskInputError } from '../../errors.ts';
import { compileBlack76Module } from '../../pricer/wasm/instance.ts';
import type { MonteCarloEngine } from '../mc/chunk.ts';
import { prepareMonteCarlo, runMonteCarloChunk } from '../mc/chunk.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const PROGRESS_PATHS = 2048;
const port = parentPort;
let engine: MonteCarloEngine | null = null;

function post(message: FromWorker): void {
  port?.postMessage(message);
}

function fail(e: unknown): void {
  const err = e as Error;
  post({
    type: 'error',
    error: {
      name: err?.name ?? 'Error',
      message: err?.message ?? String(e),
      ...(e instanceof RiskInputError ? { code: e.code, field: e.field, value: e.value } : {}),
      ...(err?.stack ? { stack: err.stack } : {}),
    },
  });
}

port?.on('message', (msg: ToWorker) => {
  try {
    if (msg.type === 'init') {
      engine = prepareMonteCarlo(msg.doc, msg.spec);
      return;
    }
    if (engine === null) throw new Error('chunk before init');
    const chunkIndex = msg.chunk.chunkIndex;
    let reported = 0;
    const summary = runMonteCarloChunk(engine, engine.spec, msg.chunk, {
      onProgress: (done) => {
        if (done - reported >= PROGRESS_PATHS || done === msg.chunk.count) {
          reported = done;
          post({ type: 'progress', chunkIndex, pathsDone: done });
        }
      },
    });
    post({ type: 'summary', chunkIndex, summary });
  } catch (e) {
    fail(e);
  }
});
// Compile the kernel while the calling thread still plans the run (its init message comes after).
setImmediate(() => {
  try {
    compileBlack76Module();
  } catch {
    // No WebAssembly: the run's own compile reports it.
  }
});
