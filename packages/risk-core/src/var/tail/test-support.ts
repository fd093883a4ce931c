/**
 * Test helpers of the tail package (not exported by the library): random loss paths, chunk bounds
 * from random cut points, and a chunk accumulated as a worker would.
 */
import { TailAccumulator } from './accumulator.ts';
import type { TailSpec } from './spec.ts';
import type { ChunkSummary } from './summary.ts';

/** Options of {@link randomPaths}. */
export interface RandomPathOptions {
  /** Contributions on a small integer grid (many equal losses). */
  ties: boolean;
  /** Writes a zero contribution as -0 (what a binary round trip must keep apart from JSON). */
  negativeZero?: boolean;
  /** Without components (k = 0): with `ties`, losses on the grid 0, 1, 2 instead of uniform. */
  tiedLossesWithoutComponents?: boolean;
}

/**
 * `n` paths with `k` contributions each from a Lehmer generator seeded by `seed`; a path's loss is
 * the sum of its contributions (uniform on [-50, 50) when k = 0).
 */
export function randomPaths(
  n: number,
  k: number,
  seed: number,
  options: RandomPathOptions,
): { losses: Float64Array; contrib: Float64Array } {
  let s = seed;
  const next = () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
  const losses = new Float64Array(n);
  const contrib = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let j = 0; j < k; j++) {
      const c = options.ties ? Math.floor(next() * 4) - 2 : (next() - 0.5) * 10;
      contrib[i * k + j] = options.negativeZero && c === 0 ? -0 : c;
      total += c;
    }
    losses[i] =
      k > 0
        ? total
        : options.ties && options.tiedLossesWithoutComponents
          ? Math.floor(next() * 3)
          : next() * 100 - 50;
  }
  return { losses, contrib };
}

/** Chunk bounds [0, ...cut points, n] from fractions in [0, 1] (duplicates and empty chunks dropped). */
export function chunkBounds(cuts: readonly number[], n: number): number[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * n)))]
    .filter((p) => p > 0 && p < n)
    .sort((a, b) => a - b);
  return [0, ...points, n];
}

/** Chunk [start, end) of the paths accumulated on its own, as a worker would. */
export function chunkSummary(
  spec: TailSpec,
  losses: Float64Array,
  contrib: Float64Array,
  start: number,
  end: number,
): ChunkSummary {
  const acc = new TailAccumulator(spec, { start, count: end - start });
  const k = spec.components;
  acc.addMany(losses.subarray(start, end), contrib.subarray(start * k, end * k));
  return acc.finish();
}
