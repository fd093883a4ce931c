import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../../errors.ts';
import { TailAccumulator } from './accumulator.ts';
import { tailRisk, tailVar } from './evaluate.ts';
import { mergeChunks } from './merge.ts';
import { parseChunkSummary } from './parse.ts';
import { tailRiskOfSample } from './sample.ts';
import { createTailSpec } from './spec.ts';
import type { ChunkSummary } from './summary.ts';
import { chunkBounds, chunkSummary, randomPaths } from './test-support.ts';

/** Merges in a random binary tree (order and grouping from `seed`). */
function mergeRandomly(chunks: ChunkSummary[], seed: number): ChunkSummary {
  const pool = [...chunks];
  let s = seed;
  while (pool.length > 1) {
    s = (s * 48271) % 2147483647;
    const i = s % pool.length;
    s = (s * 48271) % 2147483647;
    const groupSize = 2 + (s % Math.min(3, pool.length - 1));
    const taken = pool.splice(i, 1).concat(pool.splice(0, groupSize - 1));
    pool.push(mergeChunks(taken.reverse()));
  }
  return pool[0] as ChunkSummary;
}

const run = fc.record({
  n: fc.integer({ min: 20, max: 400 }),
  k: fc.integer({ min: 0, max: 3 }),
  minConfidence: fc.constantFrom(0.5, 0.9, 0.95, 0.99),
  window: fc.integer({ min: 0, max: 3 }),
  ties: fc.boolean(),
  seed: fc.integer({ min: 1, max: 2147483646 }),
  cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
});

describe('mergeChunks: exact, whatever the split and order', () => {
  it('random splits, orders and merge trees give bit-for-bit the single-process answer', () => {
    fc.assert(
      fc.property(run, ({ n, k, minConfidence, window, ties, seed, cuts }) => {
        const { losses, contrib } = randomPaths(n, k, seed, { ties, tiedLossesWithoutComponents: true });
        const edges = [-20, -5, 0, 1, 5, 20];
        const spec = createTailSpec({
          totalPaths: n,
          minConfidence,
          components: k,
          batches: 20,
          histogramEdges: edges,
          contributionWindow: window,
        });
        const bounds = chunkBounds(cuts, n);
        const chunks = bounds
          .slice(1)
          .map((end, i) => chunkSummary(spec, losses, contrib, bounds[i] as number, end));
        // some chunks travel as JSON, as through a queue
        const wire = chunks.map((c, i) =>
          i % 2 === 0 ? parseChunkSummary(JSON.parse(JSON.stringify(c))) : c,
        );
        const merged = mergeRandomly(wire, seed);
        for (const a of [minConfidence, (minConfidence + 1) / 2, 0.999]) {
          const want = tailRiskOfSample(losses, a, {
            components: k,
            contributions: contrib,
            batches: 20,
            histogramEdges: edges,
            contributionWindow: window,
          });
          expect(tailRisk(merged, a)).toEqual(want);
        }
        // the summary stays bounded by the spec
        expect(merged.top.losses.length).toBe(Math.min(spec.keep, n));
      }),
      { numRuns: 150 },
    );
  });

  it('a single chunk, the same data in reverse chunk order, and pairwise merges all agree', () => {
    const n = 1000;
    const losses = Float64Array.from(
      { length: n },
      (_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453),
    );
    const spec = createTailSpec({ totalPaths: n, minConfidence: 0.95, components: 0 });
    const one = chunkSummary(spec, losses, new Float64Array(0), 0, n);
    const parts = [0, 100, 350, 351, 800, n];
    const chunks = parts
      .slice(1)
      .map((e, i) => chunkSummary(spec, losses, new Float64Array(0), parts[i] as number, e));
    const a = tailRisk(one, 0.975);
    expect(tailRisk(mergeChunks(chunks.reverse()), 0.975)).toEqual(a);
    expect(
      tailRisk(mergeChunks([mergeChunks(chunks.slice(0, 2)), mergeChunks(chunks.slice(2))]), 0.975),
    ).toEqual(a);
  });
});

describe('merge errors', () => {
  const spec = createTailSpec({ totalPaths: 40, minConfidence: 0.9, components: 0, batches: 4 });
  const losses = Float64Array.from({ length: 40 }, (_, i) => (i * 7) % 13);
  const c = (a: number, b: number) => chunkSummary(spec, losses, new Float64Array(0), a, b);

  it('overlapping chunks name the chunk and the range', () => {
    expect(() => mergeChunks([c(0, 20), c(10, 40)])).toThrow(/chunks\[1\]\.ranges/);
  });
  it('different specs are refused', () => {
    const other = createTailSpec({ totalPaths: 40, minConfidence: 0.95, components: 0, batches: 4 });
    const x = chunkSummary(other, losses, new Float64Array(0), 20, 40);
    expect(() => mergeChunks([c(0, 20), x])).toThrow(/chunks\[1\]\.spec/);
  });
  it('an incomplete run cannot be evaluated; confidence must be >= minConfidence', () => {
    expect(() => tailRisk(mergeChunks([c(0, 20), c(30, 40)]), 0.95)).toThrow(/summary.ranges/);
    const full = mergeChunks([c(0, 20), c(20, 40)]);
    expect(() => tailRisk(full, 0.8)).toThrow(RiskInputError);
    expect(tailRisk(full, 0.9).var).toBe(tailRiskOfSample(losses, 0.9, { batches: 4 }).var);
  });
  it('the accumulator refuses extra paths, bad losses and short chunks', () => {
    const acc = new TailAccumulator(spec, { start: 0, count: 2 });
    expect(() => acc.add(Number.POSITIVE_INFINITY)).toThrow(/loss\[0\]/);
    acc.add(1);
    expect(() => acc.finish()).toThrow(RiskInputError);
    acc.add(2);
    expect(() => acc.add(3)).toThrow(/path/);
    expect(() => new TailAccumulator(spec, { start: 30, count: 20 })).toThrow(/range.count/);
  });
  it('parseChunkSummary rejects tampered summaries', () => {
    const good = JSON.parse(JSON.stringify(c(0, 40)));
    expect(() => parseChunkSummary({ ...good, format: 'v0' })).toThrow(/format/);
    expect(() => parseChunkSummary({ ...good, count: 39 })).toThrow(/summary.count/);
    const unsorted = structuredClone(good);
    unsorted.top.losses.reverse();
    expect(() => parseChunkSummary(unsorted)).toThrow(/canonical order/);
    expect(() => parseChunkSummary({ ...good, spec: { ...good.spec, keep: 1 } })).toThrow(/keep/);
  });
  it('mergeChunks refuses a summary whose kept entries are out of canonical order, naming the entry', () => {
    const unsorted = structuredClone(c(20, 40));
    unsorted.top.losses.reverse();
    expect(() => mergeChunks([c(0, 20), unsorted])).toThrow(/chunks\[1\]\.top\.losses\[1\].*canonical order/);
  });
});

describe('tailVar', () => {
  const spec = createTailSpec({ totalPaths: 400, minConfidence: 0.9, components: 2, batches: 4 });
  const { losses, contrib } = randomPaths(400, 2, 11, { ties: true });
  const full = mergeChunks([
    chunkSummary(spec, losses, contrib, 0, 150),
    chunkSummary(spec, losses, contrib, 150, 400),
  ]);
  it("is tailRisk's VaR at every confidence, and validates like it", () => {
    for (const a of [0.9, 0.925, 0.95, 0.99, 0.995, 0.999])
      expect(tailVar(full, a)).toBe(tailRisk(full, a).var);
    expect(() => tailVar(full, 0.5)).toThrow(/confidence/);
    expect(() => tailVar(chunkSummary(spec, losses, contrib, 0, 150), 0.95)).toThrow(/summary.ranges/);
  });
});
