/**
 * Benchmark of the fund-exposure query (`pnpm --filter @dte/api bench`, or `pnpm bench`):
 *
 * 1. seeds two uuid-named funds on `dte_test` (owner connection): 10,000 and 100 positions of the
 *    demo-like book (@dte/domain/testing), a VIEWER member each;
 * 2. starts the api in-process on loopback (real PostgreSQL as dte_app, real Redis);
 * 3. counts the SQL statements of one request at 100 and at 10,000 positions (book cache cold and
 *    warm), and times the stages of a cold request (load, mapping + parse, exposures, aggregation);
 * 4. runs 20 concurrent clients (autocannon, in a child process: bench/load.ts; BENCH_LOADGEN=inprocess
 *    runs it in the api process as the first version did) for BENCH_SECONDS (default 10) on the query and prints
 *    p50 / p95 / p99 latency and requests per second;
 * 5. for comparison, the same load on `{ fund { id } }` (authentication, fund selection and one
 *    tenant transaction: the access layer's cost without any risk work) for BENCH_BASELINE_SECONDS
 *    (default 5; 0 skips it);
 * 6. deletes the funds and users.
 *
 * Goal: p95 <= 100 ms at 10,000 positions. Figures of this machine: docs/api-risk.md "Benchmark".
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { withTenant } from '@dte/db';
import { createTestClients, createTestFund, createTestUser, migrateTestDatabase } from '@dte/db/testing';
import { loadBookAt, loadBookVersion, toPortfolioDocument } from '@dte/domain';
import { countStatements, seedDemoBook } from '@dte/domain/testing';
import { aggregateExposures, createMarketView, parsePortfolio, portfolioExposures } from '@dte/risk-core';
import autocannon, { type Options, type Result } from 'autocannon';
import { bookCache } from '../src/risk/book.ts';
import { issueSession, startTestApi } from '../src/testing/harness.ts';

const LARGE = 10_000;
const SMALL = 100;
const CONNECTIONS = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 5);
/** Positions the fixture writes before the generated ones. */
const FIXTURE_POSITIONS = 18;

/** The fund-exposure query of the web app's overview: fund totals, per-token and per-underlying greeks. */
const QUERY = `query FundExposure {
  exposures(groupBy: [UNDERLYING]) {
    valuationTime
    positionCount
    totals { netDeltaUsd grossDeltaUsd notionalUsd cashGammaUsd vegaUsd thetaUsd marketValueUsd }
    tokens { token deltaTokens deltaUsd grossDeltaUsd notionalUsd gamma cashGammaUsd vegaUsd thetaUsd }
    groups { key { underlying } positionCount totals { netDeltaUsd notionalUsd } }
    coins { coin coinValue coinDelta }
  }
}`;

/**
 * Where the load generator runs: `child` (default) a separate Node process (bench/load.ts), as
 * clients are in reality; `inprocess` in the api's own process and event loop (the first version of
 * this bench), where every autocannon request's CPU is taken from the api.
 */
const LOADGEN = process.env.BENCH_LOADGEN === 'inprocess' ? 'inprocess' : 'child';

interface LoadResult {
  result: Result;
  /** Every response time (ms), sorted. */
  latencies: number[];
}

function loadInProcess(options: Options): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(options, (error, result) => {
      latencies.sort((a, b) => a - b);
      if (error) reject(error);
      else resolve({ result, latencies });
    });
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
      latencies.push(responseTime),
    );
  });
}

function loadInChild(options: Options): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), [JSON.stringify({ options })], {
      execArgv: ['--import', 'tsx'],
    });
    let answer: (LoadResult & { error?: string }) | undefined;
    child.on('message', (message) => {
      answer = message as LoadResult & { error?: string };
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (answer?.error) reject(new Error(answer.error));
      else if (answer) resolve(answer);
      else reject(new Error(`load generator exited with code ${code} and no result`));
    });
  });
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  await migrateTestDatabase();
  const { admin, app, close } = createTestClients({ max: 4 });
  const cleanups: (() => Promise<void>)[] = [];
  const api = await startTestApi({ DATABASE_POOL_MAX: '10' });
  try {
    const funds: Record<'small' | 'large', { fundId: string; token: string; positions: number }> =
      {} as never;
    for (const [name, positions] of [
      ['large', LARGE],
      ['small', SMALL],
    ] as const) {
      const started = performance.now();
      const fund = await createTestFund(admin, `bench-${name}`);
      cleanups.push(fund.cleanup);
      await seedDemoBook(admin, fund.fundId, { extraPositions: positions - FIXTURE_POSITIONS });
      const user = await createTestUser(admin, `bench-${name}`, {
        memberships: [{ fundId: fund.fundId, role: 'VIEWER' }],
      });
      cleanups.push(user.cleanup);
      const count = await admin.position.count({ where: { fundId: fund.fundId } });
      funds[name] = { fundId: fund.fundId, token: await issueSession(admin, user.userId), positions: count };
      console.info(`seeded ${name} fund: ${count} positions in ${ms(performance.now() - started)}`);
    }

    const post = async (fund: { fundId: string; token: string }) => {
      const response = await fetch(api.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${fund.token}`,
          'x-fund-id': fund.fundId,
        },
        body: JSON.stringify({ query: QUERY }),
      });
      const body = (await response.json()) as {
        errors?: unknown[];
        data?: { exposures: { positionCount: number } };
      };
      if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
      return body.data?.exposures.positionCount ?? 0;
    };

    // SQL statements per request (auth, fund selection, transaction, book), cold and warm cache.
    const counter = countStatements('dte-api');
    const statements: Record<string, { cold: number; warm: number; documentPositions: number }> = {};
    let warmStatements: readonly string[] = [];
    for (const name of ['small', 'large'] as const) {
      bookCache.clear();
      counter.reset();
      const documentPositions = await post(funds[name]);
      const cold = counter.count;
      counter.reset();
      await post(funds[name]);
      statements[name] = { cold, warm: counter.count, documentPositions };
      warmStatements = [...counter.statements];
    }
    counter.stop();

    // Where a cold request's time goes (same code path as the resolver, one run each).
    const large = funds.large.fundId;
    const stages: Record<string, number> = {};
    let t0 = performance.now();
    const book = await withTenant(app, { fundId: large }, async (tx) => {
      const version = await loadBookVersion(tx, large);
      stages.version = performance.now() - t0;
      t0 = performance.now();
      return loadBookAt(tx, large, version.snapshot);
    });
    stages.load = performance.now() - t0;
    t0 = performance.now();
    const mapped = toPortfolioDocument(book);
    const doc = parsePortfolio(mapped.document);
    stages.mapAndParse = performance.now() - t0;
    t0 = performance.now();
    const view = createMarketView(doc.valuationTime, doc.market);
    const exposures = portfolioExposures(doc, view);
    stages.exposures = performance.now() - t0;
    t0 = performance.now();
    aggregateExposures(exposures, [], (x) => view.isStable(x));
    aggregateExposures(exposures, ['underlying'], (x) => view.isStable(x));
    stages.aggregate = performance.now() - t0;

    // Load: 20 concurrent clients on the 10,000-position fund.
    await post(funds.large);
    const load = (query: string, seconds: number) => {
      const options: Options = {
        url: api.url,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${funds.large.token}`,
          'x-fund-id': funds.large.fundId,
        },
        body: JSON.stringify({ query }),
        connections: CONNECTIONS,
        duration: seconds,
      };
      return LOADGEN === 'inprocess' ? loadInProcess(options) : loadInChild(options);
    };
    const load1 = loadavg()[0] ?? 0;
    const { result, latencies } = await load(QUERY, SECONDS);
    const baseline = BASELINE_SECONDS > 0 ? await load('{ fund { id } }', BASELINE_SECONDS) : null;

    console.info('\n== fund exposure query: SQL statements per request ==');
    for (const name of ['small', 'large'] as const) {
      const s = statements[name];
      console.info(
        `${String(funds[name].positions).padStart(6)} positions (${s?.documentPositions} in the document): ${s?.cold} statements (book cache cold), ${s?.warm} (warm)`,
      );
    }
    console.info('statements of a warm request (10,000 positions):');
    for (const text of warmStatements) console.info(`  ${text}`);
    console.info('\n== a cold request at 10,000 positions, by stage ==');
    for (const [stage, t] of Object.entries(stages)) console.info(`${stage.padEnd(12)} ${ms(t)}`);
    console.info(
      `\n== ${CONNECTIONS} concurrent clients, ${SECONDS} s, ${funds.large.positions} positions (book cache ${bookCache.hits} hits / ${bookCache.misses} misses) ==`,
    );
    console.info(
      `requests     ${result.requests.total} (${(result.requests.total / SECONDS).toFixed(1)} req/s)`,
    );
    console.info(`errors       ${result.errors}, non-2xx ${result.non2xx}, timeouts ${result.timeouts}`);
    console.info(
      `latency      p50 ${ms(percentile(latencies, 50))}  p95 ${ms(percentile(latencies, 95))}  p99 ${ms(percentile(latencies, 99))}  max ${ms(latencies.at(-1) ?? Number.NaN)}`,
    );
    if (baseline) {
      const b = baseline.latencies;
      console.info(
        `baseline     { fund { id } } (access layer only): ${(baseline.result.requests.total / BASELINE_SECONDS).toFixed(1)} req/s, p50 ${ms(percentile(b, 50))}  p95 ${ms(percentile(b, 95))}  p99 ${ms(percentile(b, 99))}`,
      );
    }
    console.info(
      `load         autocannon ${LOADGEN === 'child' ? 'in a child process' : 'in the api process (shares its event loop)'}`,
    );
    console.info(
      `machine      2 cores, 1-minute load average ${load1.toFixed(2)} when the load started, ${(loadavg()[0] ?? 0).toFixed(2)} at the end`,
    );
    const p95 = percentile(latencies, 95);
    console.info(`goal         p95 <= 100 ms: ${p95 <= 100 ? 'met' : 'NOT met'}`);
    if (result.errors > 0 || result.non2xx > 0) process.exitCode = 1;
  } finally {
    await api.stop();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await close();
  }
}

await main();
