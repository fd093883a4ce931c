/**
 * A fixed pool of compute threads (worker_threads) for the CPU-bound work of jobs: Monte Carlo
 * planning, chunks and merges, historical VaR, snapshots and limit measures. Job processors run on
 * the main thread (Redis, PostgreSQL, BullMQ's lock renewal) and await `run(task, args)`, so the
 * event loop never blocks on a computation and BullMQ keeps renewing the locks of long jobs.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ComputeError } from '../errors.ts';
import type { TaskArgs, TaskName, TaskRequest, TaskResponse, TaskResult } from './protocol.ts';

/** Threads do not inherit a TypeScript loader: register tsx in each, then load thread.ts. */
function bootstrap(): string {
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsx = pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
  const thread = new URL('./thread.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(thread)}); });`;
}

interface Pending {
  request: TaskRequest;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
  ready: Promise<void>;
}

/** The pool: `run` queues a task for the next free thread. */
export class ComputePool {
  readonly threads: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  #nextId = 1;
  #closed = false;

  /** Starts `threads` compute threads (>= 1). */
  constructor(threads: number) {
    this.threads = Math.max(1, Math.floor(threads));
    for (let i = 0; i < this.threads; i++) this.#slots.push(this.#spawn());
  }

  #spawn(): Slot {
    const worker = new Worker(bootstrap(), { eval: true });
    let markReady: () => void = () => {};
    const slot: Slot = { worker, busy: null, ready: new Promise((resolve) => (markReady = resolve)) };
    worker.on('message', (response: TaskResponse | { ready: true }) => {
      if ('ready' in response) return markReady();
      const pending = slot.busy;
      if (!pending || pending.request.id !== response.id) return;
      slot.busy = null;
      if (response.ok) pending.resolve(response.value);
      else pending.reject(new ComputeError(response.error));
      this.#dispatch();
    });
    const lost = (reason: string) => {
      const pending = slot.busy;
      slot.busy = null;
      markReady();
      pending?.reject(new ComputeError({ name: 'ThreadExit', message: `compute thread ${reason}` }));
      if (this.#closed) return;
      const index = this.#slots.indexOf(slot);
      if (index >= 0) this.#slots[index] = this.#spawn();
      this.#dispatch();
    };
    worker.on('error', (error) => lost(`failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.#slots.includes(slot)) lost(`exited with code ${code}`);
    });
    worker.unref();
    return slot;
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.busy) continue;
      const next = this.#queue.shift();
      if (!next) return;
      slot.busy = next;
      slot.worker.postMessage(next.request);
    }
  }

  /** Resolves once every thread has loaded its modules (or died trying: it is then respawned). */
  ready(): Promise<void> {
    return Promise.race([
      Promise.all(this.#slots.map((slot) => slot.ready)).then(() => undefined),
      new Promise<void>((resolve) => setTimeout(resolve, 60_000).unref()),
    ]);
  }

  /** Tasks waiting for a free thread. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Runs `task` with `args` on the next free thread.
   * @throws ComputeError carrying the thread's error (name, message, `code`, `field`).
   */
  run<N extends TaskName>(task: N, args: TaskArgs<N>): Promise<TaskResult<N>> {
    if (this.#closed)
      return Promise.reject(new ComputeError({ name: 'PoolClosed', message: 'compute pool closed' }));
    return new Promise((resolve, reject) => {
      const request: TaskRequest = { id: this.#nextId++, task, args };
      this.#queue.push({ request, resolve: resolve as (value: unknown) => void, reject });
      this.#dispatch();
    });
  }

  /** Terminates the threads; queued and running tasks are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#queue.splice(0)) {
      pending.reject(new ComputeError({ name: 'PoolClosed', message: 'compute pool closed' }));
    }
    const slots = this.#slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }
}
