import { describe, expect, it } from 'vitest';
import { prepareMonteCarlo, runMonteCarloChunk } from '../../src/var/mc/chunk.ts';
import { mergeMonteCarlo } from '../../src/var/mc/merge.ts';
import { planMonteCarloRun } from '../../src/var/mc/plan.ts';
import { runMonteCarlo } from '../../src/var/mc/run.ts';
import type { MonteCarloParams } from '../../src/var/mc/types.ts';
import { createMonteCarloPool } from '../../src/var/parallel/pool.ts';
import type { ChunkSummary } from '../../src/var/tail/summary.ts';
import { linearDoc, smallOptionsDoc } from './helpers.ts';

const doc = smallOptionsDoc();
const BASE: MonteCarloParams = { paths: 24_000, streamPaths: 2000, confidences: [0.99, 0.95], seed: 11 };

function run(params: MonteCarloParams, order?: (n: number) => number[]) {
  const { spec, chunks } = planMonteCarloRun(doc, params);
  const engine = prepareMonteCarlo(doc, spec);
  const summaries = chunks.map((c) => runMonteCarloChunk(engine, spec, c));
  const ordered = order ? order(summaries.length).map((i) => summaries[i] as ChunkSummary) : summaries;
  const result = mergeMonteCarlo(spec, ordered);
  return { spec, chunks, summaries, result };
}

/** Everything of a result except the bookkeeping of how many chunks were merged. */
function numbers(r: ReturnType<typeof run>['result']) {
  const { chunks: _c, ...details } = r.details;
  return { ...r, details };
}

describe('Monte Carlo chunks: distributable and exact', () => {
  const one = run({ ...BASE, chunkPaths: 24_000 });

  it('1 chunk, 4 chunks in shuffled order (JSON round trip) and 12 chunks give identical results, to the bit', () => {
    const four = run({ ...BASE, chunkPaths: 6000 }, () => [2, 0, 3, 1]);
    expect(four.chunks).toHaveLength(4);
    const viaJson = mergeMonteCarlo(four.spec, JSON.parse(JSON.stringify([...four.summaries].reverse())));
    const twelve = run({ ...BASE, chunkPaths: 2000 }, (n) =>
      Array.from({ length: n }, (_, i) => (i * 5) % n),
    );
    expect(twelve.chunks).toHaveLength(12);
    expect(numbers(four.result)).toEqual(numbers(one.result));
    expect(numbers({ ...four, result: viaJson }.result)).toEqual(numbers(one.result));
    expect(numbers(twelve.result)).toEqual(numbers(one.result));
    expect(Object.is(four.result.levels[0]?.var, one.result.levels[0]?.var)).toBe(true);
  });

  it('is reproducible by seed, and another seed gives another sample', () => {
    const again = run({ ...BASE, chunkPaths: 24_000 });
    expect(numbers(again.result)).toEqual(numbers(one.result));
    const other = run({ ...BASE, seed: 12 });
    expect(other.result.levels[0]?.var).not.toBe(one.result.levels[0]?.var);
  });

  it('the thread count does not change the result (calling thread only; 1 and 2 worker threads only)', {
    timeout: 60_000,
  }, async () => {
    const { spec, chunks } = planMonteCarloRun(doc, { ...BASE, chunkPaths: 4000 });
    const results = [];
    for (const threads of [1, 2, 3]) {
      const pool = createMonteCarloPool({ threads, ...(threads > 1 ? { mainThread: false } : {}) });
      try {
        results.push(mergeMonteCarlo(spec, await pool.run(doc, spec, chunks)));
      } finally {
        await pool.close();
      }
    }
    expect(numbers(results[1] as typeof one.result)).toEqual(numbers(results[0] as typeof one.result));
    expect(numbers(results[2] as typeof one.result)).toEqual(numbers(results[0] as typeof one.result));
    expect(numbers(results[0] as typeof one.result)).toEqual(numbers(one.result));
  });

  it('grid and exact option pricing agree to ~1e-9 of VaR on the same paths', () => {
    const exact = run({ ...BASE, pricing: 'exact' });
    const a = one.result.levels[0];
    const b = exact.result.levels[0];
    // Same random paths; the grid's interpolation error is ~1e-10 of the options' notional.
    expect(Math.abs((a?.var as number) - (b?.var as number))).toBeLessThan(1e-9 * (b?.var as number));
    expect(Math.abs((a?.es as number) - (b?.es as number))).toBeLessThan(1e-9 * (b?.es as number));
  });

  it('contributions add up: ES exactly (mean over the tail set), VaR after rescaling', () => {
    for (const l of one.result.levels) {
      const sum = (o: Record<string, number>) => Object.values(o).reduce((s, v) => s + v, 0);
      expect(sum(l.contributions.es.byToken)).toBeCloseTo(l.es, 6);
      expect(sum(l.contributions.es.byAccount)).toBeCloseTo(l.es, 6);
      expect(sum(l.contributions.var.byToken)).toBeCloseTo(l.var, 6);
      expect(sum(l.contributions.var.byAccount)).toBeCloseTo(l.var, 6);
    }
    expect(one.result.paths).toBe(24_000);
    expect(one.result.levels.map((l) => l.confidence)).toEqual([0.99, 0.95]);
  });

  it('rejects chunks off the stream segments, summaries of another run and incomplete coverage', () => {
    const { spec } = planMonteCarloRun(doc, BASE);
    expect(() => runMonteCarloChunk(doc, spec, { chunkIndex: 0, start: 100, count: 1900 })).toThrow(
      /chunk.start/,
    );
    expect(() => runMonteCarloChunk(doc, spec, { chunkIndex: 0, start: 0, count: 1000 })).toThrow(
      /segment boundary/,
    );
    const other = planMonteCarloRun(doc, { ...BASE, paths: 22_000 });
    const s = runMonteCarloChunk(doc, other.spec, { chunkIndex: 0, start: 0, count: 2000 });
    expect(() => mergeMonteCarlo(spec, [s])).toThrow(/summaries\[0\]\.spec/);
    const part = runMonteCarloChunk(doc, spec, { chunkIndex: 0, start: 0, count: 2000 });
    expect(() => mergeMonteCarlo(spec, [part])).toThrow(/cover all paths/);
  });
});

describe('antithetic pairs and Student-t returns', () => {
  const usd = 1e6;
  const s = 0.03;
  const lin = linearDoc(usd, s);

  it('antithetic: path 2j+1 is the mirror of path 2j, so the P&L mean has the pair-mean error', () => {
    const n = 40_000;
    const r = runMonteCarlo(lin, { paths: n, antithetic: true, seed: 3 });
    // P&L = N (e^{x - s^2/2} - 1), E = 0. A pair's mean is N (e^{-s^2/2} cosh x - 1):
    // Var(cosh x) = (1 + e^{2 s^2})/2 - e^{s^2} (lognormal moments), n/2 independent pairs.
    const pairSd = usd * Math.exp((-s * s) / 2) * Math.sqrt((1 + Math.exp(2 * s * s)) / 2 - Math.exp(s * s));
    const se = pairSd / Math.sqrt(n / 2);
    expect(Math.abs(r.distribution.meanPnl)).toBeLessThan(4 * se);
    // Without pairs the standard error is sd / sqrt(n), ~ usd s / sqrt(n): far larger than pairSd.
    expect(se).toBeLessThan((usd * s) / Math.sqrt(n) / 20);
    expect(() => planMonteCarloRun(lin, { paths: 1001, antithetic: true })).toThrow(/paths.*even/);
  });

  it('Student-t (nu = 5, covariance scaling): VaR matches the closed form within 4 standard errors', () => {
    const nu = 5;
    const a = 0.99;
    const r = runMonteCarlo(lin, {
      paths: 100_000,
      distribution: { kind: 'student-t', nu },
      confidences: [a],
    });
    // x = s sqrt((nu-2)/nu) T, T ~ t_nu; loss = N (1 - e^{x - s^2/2}); the 0.99 loss quantile uses
    // the 0.01 quantile of T: -t_{0.99, nu} = -3.364929998907 (scipy.stats.t.ppf(0.99, 5)).
    const q = 3.364929998907 * Math.sqrt((nu - 2) / nu);
    const exact = usd * (1 - Math.exp(-q * s - (s * s) / 2));
    const l = r.levels[0];
    expect(Math.abs((l?.var as number) - exact)).toBeLessThan(4 * (l?.stdErrVar as number));
    expect(() => planMonteCarloRun(lin, { paths: 100, distribution: { kind: 'student-t', nu: 2 } })).toThrow(
      /distribution.nu/,
    );
  });
});
