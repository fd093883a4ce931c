/**
 * Prometheus metrics of a worker process (prom-client), served at `GET /metrics`: jobs completed and
 * failed per queue and job name, job durations, the depth of every queue by state (read from Redis
 * at scrape time), reconciler activity, and Node's default process metrics.
 */
import type { Queue, Worker } from 'bullmq';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ReconcileReport } from './reconciler.ts';

/** Job states reported by the queue depth gauge. */
const STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'failed',
  'completed',
] as const;

/** The metrics of one worker process (its own registry, so several can live in one test process). */
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly #completed: Counter<'queue' | 'name'>;
  readonly #failed: Counter<'queue' | 'name'>;
  readonly #duration: Histogram<'queue' | 'name' | 'outcome'>;
  readonly #requeued: Counter;
  readonly #runsFailed: Counter;
  readonly #passes: Counter;

  constructor(queues: readonly Queue[]) {
    collectDefaultMetrics({ register: this.registry, prefix: 'dte_worker_' });
    this.#completed = new Counter({
      name: 'dte_jobs_completed_total',
      help: 'Jobs completed by this process',
      labelNames: ['queue', 'name'],
      registers: [this.registry],
    });
    this.#failed = new Counter({
      name: 'dte_jobs_failed_total',
      help: 'Job attempts that failed in this process (retried or final)',
      labelNames: ['queue', 'name'],
      registers: [this.registry],
    });
    this.#duration = new Histogram({
      name: 'dte_job_duration_seconds',
      help: 'Processing time of a job attempt (from start to completion or failure)',
      labelNames: ['queue', 'name', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [this.registry],
    });
    new Gauge({
      name: 'dte_queue_jobs',
      help: 'Jobs in each queue by state (read from Redis at scrape time)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        await Promise.all(
          queues.map(async (queue) => {
            const counts = await queue.getJobCounts(...STATES);
            for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          }),
        );
      },
    });
    this.#passes = new Counter({
      name: 'dte_reconciler_passes_total',
      help: 'Reconciler passes run by this process',
      registers: [this.registry],
    });
    this.#requeued = new Counter({
      name: 'dte_runs_requeued_total',
      help: 'Risk runs whose job the reconciler re-created',
      registers: [this.registry],
    });
    this.#runsFailed = new Counter({
      name: 'dte_runs_retries_exhausted_total',
      help: 'Risk runs the reconciler failed after too many attempts',
      registers: [this.registry],
    });
  }

  /** Counts the completions, failures and durations of `worker`'s jobs. */
  observe(worker: Worker): void {
    const queue = worker.name;
    const seconds = (job: { processedOn?: number; finishedOn?: number }) =>
      job.processedOn ? Math.max(0, ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000) : null;
    worker.on('completed', (job) => {
      this.#completed.inc({ queue, name: job.name });
      const s = seconds(job);
      if (s !== null) this.#duration.observe({ queue, name: job.name, outcome: 'completed' }, s);
    });
    worker.on('failed', (job) => {
      if (!job) return;
      this.#failed.inc({ queue, name: job.name });
      const s = seconds(job);
      if (s !== null) this.#duration.observe({ queue, name: job.name, outcome: 'failed' }, s);
    });
  }

  /** Records a reconciler pass. */
  reconciled(report: ReconcileReport): void {
    this.#passes.inc();
    this.#requeued.inc(report.runsRequeued.length);
    this.#runsFailed.inc(report.runsFailed.length);
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
