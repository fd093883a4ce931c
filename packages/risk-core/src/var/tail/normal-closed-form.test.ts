import { describe, expect, it } from 'vitest';
import { chunkStream } from '../../rng/stream.ts';
import { normInv, normPdf } from '../../stats/normal.ts';
import { TailAccumulator } from './accumulator.ts';
import { tailRisk } from './evaluate.ts';
import { mergeChunks } from './merge.ts';
import { tailRiskOfSample } from './sample.ts';
import { createTailSpec } from './spec.ts';

// Loss L = sigma Z, Z ~ N(0, 1): VaR_a = sigma z_a, ES_a = sigma phi(z_a) / (1 - a) (closed forms,
// e.g. McNeil, Frey & Embrechts, Quantitative Risk Management, 2005, Example 2.14).
const SIGMA = 250_000; // USD, a daily P&L volatility
const CHUNKS = 8;
const PER_CHUNK = 25_000;
const N = CHUNKS * PER_CHUNK;
/** Accept within Z_TOL asymptotic standard errors (two-sided false alarm 6e-7 per check). */
const Z_TOL = 5;

/** One worker: chunk c simulates paths [c m, (c+1) m) from its own Philox stream. */
function simulateChunk(c: number, spec: ReturnType<typeof createTailSpec>) {
  const rng = chunkStream(20251126, c);
  const z = new Float64Array(PER_CHUNK);
  rng.fillNormal(z);
  const acc = new TailAccumulator(spec, { start: c * PER_CHUNK, count: PER_CHUNK });
  for (const v of z) acc.add(SIGMA * v);
  return { summary: acc.finish(), losses: z.map((v) => SIGMA * v) };
}

describe('distributed Monte Carlo of a normal loss vs closed form', () => {
  const spec = createTailSpec({ totalPaths: N, minConfidence: 0.95, components: 0 });
  const runs = Array.from({ length: CHUNKS }, (_, c) => simulateChunk(c, spec));
  // workers finish in any order
  const merged = mergeChunks([5, 2, 7, 0, 1, 6, 3, 4].map((c) => (runs[c] as (typeof runs)[number]).summary));

  it.each([0.95, 0.99, 0.995])('confidence %s: VaR and ES within sampling error of the closed form', (a) => {
    const r = tailRisk(merged, a);
    const z = normInv(a);
    const phi = normPdf(z);
    // asymptotic standard error of the sample quantile: sqrt(a (1-a)) / (f(VaR) sqrt N), f = phi(z)/sigma
    const seVar = (SIGMA * Math.sqrt(a * (1 - a))) / (phi * Math.sqrt(N));
    expect(Math.abs(r.var - SIGMA * z)).toBeLessThan(Z_TOL * seVar);
    // ES: tail variance Var(Z | Z > z) = 1 + z lambda - lambda^2, lambda = phi/(1-a); asymptotic
    // var of the ES estimator [Var(L|L>v) + a (ES - v)^2] / (N (1 - a))
    const lambda = phi / (1 - a);
    const tailVar = SIGMA * SIGMA * (1 + z * lambda - lambda * lambda);
    const seEs = Math.sqrt((tailVar + a * (SIGMA * (lambda - z)) ** 2) / (N * (1 - a)));
    expect(Math.abs(r.es - SIGMA * lambda)).toBeLessThan(Z_TOL * seEs);
    // batch means estimate the same standard error (20 batches: within a factor 2 with high probability)
    expect(r.stdErrVar / seVar).toBeGreaterThan(0.5);
    expect(r.stdErrVar / seVar).toBeLessThan(2);
  });

  it('equals the single-process computation on the concatenated chunk streams', () => {
    const all = new Float64Array(N);
    runs.forEach((r, c) => {
      all.set(r.losses, c * PER_CHUNK);
    });
    expect(tailRisk(merged, 0.99)).toEqual(tailRiskOfSample(all, 0.99));
  });

  it('keeps at most N - pos(N, 0.95) = 10001 losses per chunk', () => {
    expect(spec.keep).toBe(10001);
    expect(merged.top.losses.length).toBe(10001);
  });
});
