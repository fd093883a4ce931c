/**
 * Worker benchmark (`pnpm --filter @dte/worker bench`, part of `pnpm bench`): the 1,000-position
 * portfolio of the VaR benchmark (packages/risk-core/bench/fixtures/var-1000.json) written into a
 * uuid-named fund of the test database, then one Monte Carlo run of 1,000,000 paths (16 chunks, seed
 * 7) on 1 and on 2 real worker processes (one compute thread each, own queue prefix): wall time from
 * submit to SUCCEEDED, speed-up, parallel efficiency T1 / (2 T2), and the VaR/ES figures, which must
 * be identical. Everything it wrote (fund, Redis keys) is removed afterwards. Prints; not a test.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestClients, createTestFund, migrateTestDatabase } from '@dte/db/testing';
import {
  deletePrefix,
  riskQueue,
  type SpawnedWorker,
  spawnWorker,
  stopSpawned,
  submitRun,
  uniquePrefix,
  waitForRun,
  workerEnv,
} from '../test/support.ts';
import { type FixtureDocument, seedFixtureBook } from './fixture-book.ts';

const FIXTURE = fileURLToPath(
  new URL('../../../packages/risk-core/bench/fixtures/var-1000.json', import.meta.url),
);
const PATHS = Number(process.env.BENCH_PATHS ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

interface Level {
  confidence: number;
  var: number;
  es: number;
  stdErrVar: number;
}

async function main(): Promise<void> {
  await migrateTestDatabase();
  const doc = JSON.parse(readFileSync(FIXTURE, 'utf8')) as FixtureDocument;
  const { admin, close } = createTestClients();
  const fund = await createTestFund(admin, 'bench-worker');
  const workers: SpawnedWorker[] = [];
  const prefixes: string[] = [];
  try {
    await seedFixtureBook(admin, fund.fundId, doc);
    const params = {
      paths: PATHS,
      seed: 7,
      confidences: [0.99],
      marketCovariance: doc.market.covariance,
    };
    // Both configurations are started up front and measured alternately, so that the load of a
    // shared machine falls on both alike.
    const configs = [];
    for (const processes of [1, 2]) {
      const prefix = uniquePrefix(`bench-${processes}`);
      prefixes.push(prefix);
      const env = workerEnv(prefix, [fund.fundId], { RECONCILE_INTERVAL_SECONDS: '30' });
      const started: SpawnedWorker[] = [];
      for (let i = 0; i < processes; i++)
        started.push(await spawnWorker({ ...env, WORKER_NAME: `bench-${processes}-${i}` }));
      workers.push(...started);
      configs.push({
        processes,
        queue: riskQueue(prefix),
        started,
        seconds: [] as number[],
        levels: [] as Level[],
        tokens: [] as string[],
      });
    }
    for (let r = 0; r < REPEAT; r++) {
      for (const c of configs) {
        const t0 = performance.now();
        const runId = await submitRun(admin, c.queue, fund.fundId, 'MONTE_CARLO_VAR', params);
        const run = await waitForRun(admin, runId, 600_000);
        const t = (performance.now() - t0) / 1000;
        if (run.status !== 'SUCCEEDED')
          throw new Error(`run ${runId}: ${run.status} ${run.errorCode} ${run.error}`);
        c.seconds.push(t);
        ({ levels: c.levels, tokens: c.tokens } = run.result as { levels: Level[]; tokens: string[] });
        process.stdout.write(
          `  ${c.processes} process(es), run ${r + 1}: ${t.toFixed(2)} s, ${run.chunksTotal} chunks\n`,
        );
      }
    }
    const rows = configs.map((c) => ({
      ...c,
      perProcess: c.started.map(
        (w) => w.lines.filter((l) => l.includes('"job":"risk-chunk"') && l.includes('job completed')).length,
      ),
    }));
    for (const c of configs) await c.queue.close();
    const best = (xs: number[]) => Math.min(...xs);
    const t1 = best(rows[0]?.seconds ?? [Number.NaN]);
    const same = JSON.stringify(rows[0]?.levels) === JSON.stringify(rows[1]?.levels);
    process.stdout.write(
      `\nMonte Carlo VaR, ${doc.positions.length} positions, ${PATHS.toLocaleString('en-US')} paths, seed 7, 1 compute thread per process (best of ${REPEAT}, measured alternately)\n`,
    );
    process.stdout.write(
      'processes | wall s | speed-up | efficiency | chunks per process | VaR 99% | ES 99%\n',
    );
    for (const r of rows) {
      const t = best(r.seconds);
      const level = r.levels[0];
      process.stdout.write(
        `${r.processes} | ${t.toFixed(2)} | ${(t1 / t).toFixed(2)} | ${((100 * t1) / (r.processes * t)).toFixed(0)}% | ${r.perProcess.join('/')} | ${level?.var} | ${level?.es}\n`,
      );
    }
    process.stdout.write(
      `VaR/ES identical on 1 and 2 processes: ${same ? 'yes' : 'NO'}; simulated tokens ${rows[0]?.tokens.join(', ')}\n`,
    );
    if (!same) process.exitCode = 1;
  } finally {
    await Promise.all(workers.map((w) => stopSpawned(w)));
    for (const p of prefixes) await deletePrefix(p);
    await fund.cleanup();
    await close();
  }
}

await main();
