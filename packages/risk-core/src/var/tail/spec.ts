import { RiskInputError } from '../../errors.ts';
import { invertedCdfIndex, upperTailCount } from './quantile-index.ts';

/** What every chunk of one Monte Carlo run must agree on (fixed before any path is simulated). */
export interface TailSpecInput {
  /** Total number of paths N of the run (all chunks together). */
  totalPaths: number;
  /**
   * Lowest confidence level the run must answer exactly (e.g. 0.95): the summaries then support
   * every confidence in [minConfidence, 1). A lower confidence reaches deeper into the tail and
   * needs more kept losses: ceil((1 - minConfidence) N) + 1 at most.
   */
  minConfidence: number;
  /** Number K of contribution components per path (e.g. tokens + accounts); 0 for none. */
  components: number;
  /** Batches for the batch-means standard error of VaR (default 20, as the numpy reference). */
  batches?: number;
  /** Strictly increasing loss histogram bin edges (numpy.histogram semantics); default none. */
  histogramEdges?: readonly number[];
  /**
   * Half-width w (in ranks) of the window of paths around the VaR path whose contributions are
   * averaged for the smoothed VaR contributions; the kept tail grows by w. Default 0.
   */
  contributionWindow?: number;
}

/** Validated spec with the derived sizes. JSON-serializable. */
export interface TailSpec {
  totalPaths: number;
  minConfidence: number;
  components: number;
  batches: number;
  histogramEdges: number[];
  contributionWindow: number;
  /** Largest losses kept over the whole run: N - pos(N, minConfidence) + w (canonical order). */
  keep: number;
  /** First path index of each batch (numpy.array_split layout of 0..N-1), plus N at the end. */
  batchStarts: number[];
  /** Largest losses kept per batch: n_b - pos(n_b, minConfidence). */
  batchKeep: number[];
}

/** Largest |loss| or |contribution| accepted, so that sums of squares stay finite. */
export const MAX_ABS_LOSS = 1e150;

function integer(field: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw new RiskInputError('INVALID_NUMBER', field, v, 'must be a safe integer');
  }
  if (v < min) throw new RiskInputError('OUT_OF_DOMAIN', field, v, `must be >= ${min}`);
  return v;
}

/**
 * Validates a tail spec and derives what each chunk keeps.
 * @throws RiskInputError naming the field: totalPaths (integer >= 1), minConfidence (in (0, 1)),
 *   components (integer >= 0), batches (integer in [2, totalPaths]), histogramEdges (>= 2 finite,
 *   strictly increasing), contributionWindow (integer >= 0).
 */
export function createTailSpec(input: TailSpecInput): TailSpec {
  const n = integer('totalPaths', input.totalPaths, 1);
  const a = input.minConfidence;
  if (typeof a !== 'number' || !(a > 0 && a < 1)) {
    throw new RiskInputError('OUT_OF_DOMAIN', 'minConfidence', a, 'must be strictly between 0 and 1');
  }
  const k = integer('components', input.components, 0);
  const b = integer('batches', input.batches ?? 20, 2);
  if (b > n) throw new RiskInputError('OUT_OF_DOMAIN', 'batches', b, `must be <= totalPaths (${n})`);
  const w = integer('contributionWindow', input.contributionWindow ?? 0, 0);
  const edges = input.histogramEdges === undefined ? [] : Array.from(input.histogramEdges);
  if (input.histogramEdges !== undefined) {
    if (edges.length < 2) {
      throw new RiskInputError('OUT_OF_DOMAIN', 'histogramEdges', edges, 'needs at least 2 edges');
    }
    edges.forEach((e, i) => {
      if (typeof e !== 'number' || !Number.isFinite(e)) {
        throw new RiskInputError('INVALID_NUMBER', `histogramEdges[${i}]`, e, 'must be finite');
      }
      if (i > 0 && !(e > (edges[i - 1] as number))) {
        throw new RiskInputError(
          'OUT_OF_DOMAIN',
          `histogramEdges[${i}]`,
          e,
          'edges must be strictly increasing',
        );
      }
    });
  }
  // numpy.array_split: the first n mod b batches have floor(n/b) + 1 elements, the rest floor(n/b).
  const base = Math.floor(n / b);
  const extra = n % b;
  const batchStarts = [0];
  const batchKeep: number[] = [];
  for (let i = 0; i < b; i++) {
    const size = base + (i < extra ? 1 : 0);
    batchStarts.push((batchStarts[i] as number) + size);
    batchKeep.push(upperTailCount(size, a));
  }
  return {
    totalPaths: n,
    minConfidence: a,
    components: k,
    batches: b,
    histogramEdges: edges,
    contributionWindow: w,
    keep: Math.min(n, upperTailCount(n, a) + w),
    batchStarts,
    batchKeep,
  };
}

/** True when two specs describe the same run layout. */
export function sameSpec(x: TailSpec, y: TailSpec): boolean {
  return (
    x.totalPaths === y.totalPaths &&
    x.minConfidence === y.minConfidence &&
    x.components === y.components &&
    x.batches === y.batches &&
    x.contributionWindow === y.contributionWindow &&
    x.histogramEdges.length === y.histogramEdges.length &&
    x.histogramEdges.every((e, i) => e === y.histogramEdges[i])
  );
}

/** Descending rank (0 = largest) of the VaR at `confidence` among n values. */
export function varRank(n: number, confidence: number): number {
  return n - 1 - invertedCdfIndex(n, confidence);
}
