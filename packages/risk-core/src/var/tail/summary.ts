import type { TailSpec } from './spec.ts';

/**
 * The largest losses of a set of paths in canonical order: loss descending, then path index
 * ascending (a total order, so "the k largest" and "the path at rank r" are unique even with ties).
 */
export interface TailEntries {
  losses: number[];
  /** Global path index of each entry. */
  paths: number[];
  /** Per-entry contribution vectors, flat (entry i at [i*K, (i+1)*K)). */
  contributions: number[];
}

/**
 * Paths NOT kept whose loss equals the smallest kept loss (the boundary). Present only when there
 * are such paths: they still count for ES (`loss >= VaR`) when VaR equals the boundary. Sums are
 * exact expansions ({@link ExactSum} JSON).
 */
export interface TieClass {
  loss: number;
  count: number;
  lossSum: number[];
  /** One exact-sum expansion per component. */
  contributionSums: number[][];
}

/** Loss histogram over the spec's edges (numpy.histogram bins) plus out-of-range counts. */
export interface HistogramCounts {
  counts: number[];
  below: number;
  above: number;
}

/**
 * Mergeable summary of the losses of some paths of a Monte Carlo run (one chunk, or several
 * merged). Plain JSON: `JSON.parse(JSON.stringify(s))` is an equivalent summary (numbers
 * round-trip exactly; -0 is stored as 0).
 */
export interface ChunkSummary {
  format: 'dte.tail-summary.v1';
  spec: TailSpec;
  /** Covered global path index ranges [start, end), sorted, non-overlapping, adjacent ones joined. */
  ranges: [number, number][];
  count: number;
  /** Exact-sum expansions of the losses and of their squares. */
  sum: number[];
  sumSquares: number[];
  min: number;
  max: number;
  histogram: HistogramCounts;
  /** The min(keep, count) largest losses, canonical order, with contributions. */
  top: TailEntries;
  tie: TieClass | null;
  /** Per batch of the spec: the largest losses (descending) of the covered part of that batch. */
  batchTails: number[][];
}

/** Canonical order: true when (lossA, pathA) ranks before (lossB, pathB). */
export function ranksBefore(lossA: number, pathA: number, lossB: number, pathB: number): boolean {
  return lossA > lossB || (lossA === lossB && pathA < pathB);
}

/** First index i >= 1 whose entry does not rank after entry i - 1 (the list is not canonical), or -1. */
export function outOfCanonicalOrder(losses: readonly number[], paths: readonly number[]): number {
  for (let i = 1; i < losses.length; i++) {
    if (
      !ranksBefore(losses[i - 1] as number, paths[i - 1] as number, losses[i] as number, paths[i] as number)
    ) {
      return i;
    }
  }
  return -1;
}
