/**
 * Black-76 throughput against the numpy reference, and implied-volatility speed and accuracy.
 *
 * 1. 2,000,000 options drawn as in shared/bench/reference_numpy.py `make_inputs` (bench/inputs.ts);
 *    price + delta + gamma + vega + theta, timed in process (best of 3 after a warm-up), with the
 *    WebAssembly SIMD kernel `black76BatchSimd` (the timing includes copying the inputs into and the
 *    outputs out of WebAssembly memory) on one thread, then split across worker threads (one per core,
 *    each with its own instance); the same with the JavaScript kernel `black76Batch` (secondary); the
 *    largest SIMD - scalar difference in units of the forward scale.
 * 2. Price-only (Monte Carlo revaluation): the engine of createBlack76PriceEngine, 300 contracts x
 *    10,000 path forwards each (contract-major), one thread.
 * 3. `/usr/bin/python3 <repo>/../shared/bench/reference_numpy.py black76 --n 2000000` (best of 3 runs)
 *    and the ratios. Skipped with a message when the script, python or numpy is missing.
 * 4. Implied volatility: solves per second on prices of the same distribution, and the round-trip
 *    error on the grid moneyness 0.2..5 x T 1 day..5 years x vol 0.05..3.
 * Prints figures; this is not a test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { black76 } from '../src/pricer/black76.ts';
import type { Black76BatchOutput } from '../src/pricer/black76-batch.ts';
import { black76Batch } from '../src/pricer/black76-batch.ts';
import { impliedVolDetailed } from '../src/pricer/implied-vol.ts';
import { black76BatchSimd } from '../src/pricer/wasm/black76-simd.ts';
import { createBlack76PriceEngine } from '../src/pricer/wasm/price-engine.ts';
import { maxScaledDifference } from '../src/pricer/wasm/test-helpers.ts';
import type { BenchInputs } from './inputs.ts';
import { f64, makeInputs } from './inputs.ts';

const N = 2_000_000;
const SEED = 1;
const REPEATS = 3;
const fmt = (x: number, digits = 2) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
const mps = (evalsPerSecond: number) => `${fmt(evalsPerSecond / 1e6)} M evals/s`;
const line = (label: string, value: string) => console.log(`  ${label.padEnd(38)}: ${value}`);

function outputs(n: number, shared: boolean): Black76BatchOutput {
  return {
    price: f64(n, shared),
    delta: f64(n, shared),
    gamma: f64(n, shared),
    vega: f64(n, shared),
    theta: f64(n, shared),
  };
}

/** Best of REPEATS timings of `run`, in seconds. */
async function best(run: () => unknown): Promise<number> {
  let bestSeconds = Number.POSITIVE_INFINITY;
  for (let k = 0; k < REPEATS; k++) {
    const t0 = performance.now();
    await run();
    bestSeconds = Math.min(bestSeconds, (performance.now() - t0) / 1000);
  }
  return bestSeconds;
}

type Kernel = 'js' | 'simd';
const KERNELS = { js: black76Batch, simd: black76BatchSimd };

function singleThread(inputs: BenchInputs, kernel: Kernel, out: Black76BatchOutput): Promise<number> {
  const run = KERNELS[kernel];
  // Warm-up: let the JIT compile the kernel (numpy's reference warms up on 1000 options).
  for (let k = 0; k < 5; k++) run(inputs, out, 0, 50_000);
  return best(() => run(inputs, out)).then((seconds) => {
    for (let i = 0; i < N; i++) {
      if (!Number.isFinite(out.price[i] as number)) throw new Error(`non-finite price at ${i}`);
    }
    return seconds;
  });
}

async function workerThreads(threads: number, kernel: Kernel): Promise<number> {
  const inputs = makeInputs(N, SEED, true);
  const out = outputs(N, true);
  const buffers = {
    isCall: inputs.isCall.buffer,
    forward: inputs.forward.buffer,
    strike: inputs.strike.buffer,
    expiryYears: inputs.expiryYears.buffer,
    vol: inputs.vol.buffer,
    rate: inputs.rate.buffer,
    price: out.price.buffer,
    delta: out.delta.buffer,
    gamma: out.gamma.buffer,
    vega: out.vega.buffer,
    theta: out.theta.buffer,
  };
  // Workers do not inherit tsx's module hooks: register them in the worker, then load the TS worker.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./black76-worker.ts', import.meta.url).href)}); })`;
  const workers = Array.from(
    { length: threads },
    () => new Worker(bootstrap, { eval: true, workerData: buffers }),
  );
  const runOnce = (chunk: (w: number) => [number, number]) =>
    Promise.all(
      workers.map(
        (w, k) =>
          new Promise<void>((resolve, reject) => {
            w.once('message', () => resolve());
            w.once('error', reject);
            const [start, end] = chunk(k);
            w.postMessage({ start, end, kernel });
          }),
      ),
    );
  const slice = (k: number): [number, number] => [
    Math.floor((k * N) / threads),
    Math.floor(((k + 1) * N) / threads),
  ];
  for (let k = 0; k < 5; k++) await runOnce((w) => [slice(w)[0], slice(w)[0] + 50_000]); // warm-up
  const seconds = await best(() => runOnce(slice));
  await Promise.all(workers.map((w) => w.terminate()));
  return seconds;
}

/** Price-only engine: seconds per evaluation of CONTRACTS x PATHS prices (best of REPEATS). */
async function priceOnly(): Promise<number> {
  const CONTRACTS = 300;
  const PATHS = 10_000;
  const engine = createBlack76PriceEngine({ maxContracts: CONTRACTS, maxPaths: PATHS });
  const u = makeInputs(CONTRACTS, SEED + 1, false);
  engine.setContracts({
    isCall: u.isCall,
    strike: u.strike,
    expiryYears: u.expiryYears,
    vol: u.vol,
    discount: Float64Array.from(u.expiryYears, (T) => Math.exp(-0.03 * T)),
  });
  // Path forwards: each contract's forward times a lognormal-ish daily move (deterministic).
  for (let c = 0; c < CONTRACTS; c++) {
    const F = u.forward[c] as number;
    for (let p = 0; p < PATHS; p++)
      engine.forwards[c * engine.stride + p] = F * Math.exp(0.05 * Math.sin(p * 1.7 + c));
  }
  for (let k = 0; k < 3; k++) engine.price(PATHS);
  const seconds = await best(() => engine.price(PATHS));
  return seconds / (CONTRACTS * PATHS);
}

function numpyReference(): { evalsPerSecond: number; runs: number } | string {
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  const script = `${repo}../shared/bench/reference_numpy.py`;
  if (!existsSync(script)) return `skipped: ${script} not found`;
  if (!existsSync('/usr/bin/python3')) return 'skipped: /usr/bin/python3 not found';
  let bestRate = 0;
  for (let k = 0; k < REPEATS; k++) {
    const r = spawnSync('/usr/bin/python3', [script, 'black76', '--n', String(N)], { encoding: 'utf8' });
    if (r.status !== 0) {
      const why = (r.stderr || r.error?.message || '').trim().split('\n').pop();
      return `skipped: reference_numpy.py failed (${why}); install python3-numpy python3-scipy`;
    }
    const line = r.stdout.trim().split('\n').pop() ?? '';
    bestRate = Math.max(bestRate, (JSON.parse(line) as { evalsPerSecond: number }).evalsPerSecond);
  }
  return { evalsPerSecond: bestRate, runs: REPEATS };
}

function impliedVolBench(inputs: BenchInputs): void {
  // Speed: invert prices of the benchmark distribution (first 200,000 options).
  const n = 200_000;
  const out = outputs(n, false);
  black76Batch(inputs, out, 0, n);
  const cases: {
    type: 'call' | 'put';
    price: number;
    forward: number;
    strike: number;
    expiryYears: number;
    rate: number;
    vol: number;
  }[] = [];
  for (let i = 0; i < n; i++) {
    const F = inputs.forward[i] as number;
    const K = inputs.strike[i] as number;
    const T = inputs.expiryYears[i] as number;
    const call = inputs.isCall[i] === 1;
    const D = Math.exp(-0.03 * T);
    const intrinsic = D * Math.max(call ? F - K : K - F, 0);
    const price = out.price[i] as number;
    if (price > intrinsic && price > 1e-290) {
      cases.push({
        type: call ? 'call' : 'put',
        price,
        forward: F,
        strike: K,
        expiryYears: T,
        rate: 0.03,
        vol: inputs.vol[i] as number,
      });
    }
  }
  for (let k = 0; k < 3; k++) for (const c of cases.slice(0, 20_000)) impliedVolDetailed(c); // warm-up
  let worstOtm = 0;
  const t0 = performance.now();
  for (const c of cases) {
    const r = impliedVolDetailed(c);
    const otm = c.type === 'call' ? c.strike >= c.forward : c.strike <= c.forward;
    if (otm) worstOtm = Math.max(worstOtm, Math.abs(r.vol - c.vol) / c.vol);
  }
  const seconds = (performance.now() - t0) / 1000;
  line(
    'solves/s (benchmark distribution)',
    `${fmt(cases.length / seconds / 1e6, 3)} M solves/s (${cases.length} solves, ${fmt(seconds * 1000, 0)} ms)`,
  );
  line('  max rel. error, OTM options', worstOtm.toExponential(2));

  // Accuracy: the grid of the tests (F = 100, r = 3%), calls and puts.
  let worstGridOtm = 0;
  let worstUlpsPerCond = 0;
  let count = 0;
  const iterations = new Map<number, number>();
  for (const type of ['call', 'put'] as const) {
    for (let i = 0; i <= 60; i++) {
      const strike = 100 * Math.exp(Math.log(0.2) + (i / 60) * Math.log(25));
      for (let j = 0; j <= 40; j++) {
        const expiryYears = Math.exp(Math.log(1 / 365) + (j / 40) * Math.log(5 * 365));
        for (let k = 0; k <= 50; k++) {
          const vol = 0.05 + (k / 50) * 2.95;
          const g = black76({ type, forward: 100, strike, expiryYears, vol, rate: 0.03 });
          const D = Math.exp(-0.03 * expiryYears);
          const intrinsic = D * Math.max(type === 'call' ? 100 - strike : strike - 100, 0);
          if (!(g.price > intrinsic && g.price > 1e-290)) continue;
          const r = impliedVolDetailed({
            type,
            price: g.price,
            forward: 100,
            strike,
            expiryYears,
            rate: 0.03,
          });
          const err = Math.abs(r.vol - vol) / vol;
          const cond = g.price / (vol * g.vega * 100);
          worstUlpsPerCond = Math.max(worstUlpsPerCond, err / (Number.EPSILON * Math.max(1, cond)));
          if (type === 'call' ? strike >= 100 : strike <= 100) worstGridOtm = Math.max(worstGridOtm, err);
          iterations.set(r.iterations, (iterations.get(r.iterations) ?? 0) + 1);
          count++;
        }
      }
    }
  }
  const hist = [...iterations.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([it, c]) => `${it}: ${c}`)
    .join(', ');
  console.log(`  grid K/F 0.2..5 x T 1d..5y x vol 0.05..3 (${count} options):`);
  line('  max rel. error, OTM/ATM options', worstGridOtm.toExponential(2));
  line('  max error / (eps * max(1, cond))', `${fmt(worstUlpsPerCond, 1)}  (cond = P / (sigma dP/dsigma))`);
  line('  Householder steps histogram', hist);
}

export default async function main(): Promise<void> {
  console.log(
    `black76: ${fmt(N, 0)} options (reference_numpy.py make_inputs distributions, seed ${SEED}), price + 4 greeks`,
  );
  const inputs = makeInputs(N, SEED, false);
  const threads = Math.max(2, availableParallelism());
  const simdOut = outputs(N, false);
  const simd = N / (await singleThread(inputs, 'simd', simdOut));
  const simdParallel = N / (await workerThreads(threads, 'simd'));
  const jsOut = outputs(N, false);
  const js = N / (await singleThread(inputs, 'js', jsOut));
  const jsParallel = N / (await workerThreads(threads, 'js'));
  const perEval = await priceOnly();
  line('wasm simd, single thread (best of 3)', `${mps(simd)}  (copies in/out included)`);
  line(`wasm simd, ${threads} worker threads (best of 3)`, mps(simdParallel));
  line('wasm simd price-only engine, 1 thread', `${mps(1 / perEval)}  (300 contracts x 10,000 paths)`);
  line('js kernel, single thread / workers', `${mps(js)} / ${mps(jsParallel)}`);
  const { max, at } = maxScaledDifference(inputs, simdOut, jsOut);
  line('max |simd - js| / forward scale', `${max.toExponential(2)} (option ${at})`);
  const numpy = numpyReference();
  if (typeof numpy === 'string') {
    line('numpy reference', numpy);
  } else {
    const ratio = (x: number) => `${fmt(x / numpy.evalsPerSecond, 2)}x`;
    line(`numpy reference (best of ${numpy.runs} runs)`, mps(numpy.evalsPerSecond));
    line('ratio simd 1 thread / numpy', `${ratio(simd)}  (goal >= 10x with the best configuration)`);
    line(`ratio simd ${threads} workers / numpy`, ratio(simdParallel));
    line('ratio price-only 1 thread / numpy', ratio(1 / perEval));
    line('ratio js 1 thread / numpy', ratio(js));
  }
  console.log('implied volatility (Jaeckel-class, normalised Black, rational guess + Householder):');
  impliedVolBench(inputs);
}
