import { RiskInputError } from '../../errors.ts';
import { ExactSum } from './exact-sum.ts';
import { histogramBin } from './histogram.ts';
import type { TailSpec } from './spec.ts';
import { MAX_ABS_LOSS } from './spec.ts';
import type { ChunkSummary, TieClass } from './summary.ts';
import { ranksBefore } from './summary.ts';

/**
 * Streams the losses of one chunk (a contiguous range of global path indices) into a
 * {@link ChunkSummary}: a bounded min-heap keeps the `spec.keep` largest losses in canonical order
 * with their contribution vectors; the discarded paths tied with the smallest kept loss are
 * counted (with exact sums); per-batch heaps keep each batch's tail for the batch-means standard
 * error; count, exact sums of losses and squares, min, max and the histogram are updated per path.
 * Memory: O(keep x (K + 2) + sum of batch keeps), independent of the chunk size.
 */
export class TailAccumulator {
  private readonly spec: TailSpec;
  private readonly start: number;
  private readonly end: number;
  private next: number;
  private readonly k: number;
  // top-k heap, root = the entry ranking last
  private readonly cap: number;
  private size = 0;
  private readonly hLoss: Float64Array;
  private readonly hPath: Float64Array;
  private readonly hSlot: Int32Array;
  private readonly pool: Float64Array;
  // tie class of the largest discarded loss; while it has one path, its contributions are kept in
  // tieFirst and the exact sums are built only when a second path joins (or at finish): the
  // discarded losses mostly rise, so most classes never get a second path
  private tieLoss = Number.NEGATIVE_INFINITY;
  private tieCount = 0;
  private tieSummed = false;
  private readonly tieFirst: Float64Array;
  private readonly tieLossSum = new ExactSum();
  private readonly tieContrib: ExactSum[];
  // moments
  private readonly sum = new ExactSum();
  private readonly sumSquares = new ExactSum();
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private readonly counts: number[];
  private below = 0;
  private above = 0;
  // batches
  private batch: number;
  private batchEnd: number;
  private readonly bHeap: Float64Array;
  private bSize = 0;
  private readonly batchTails: number[][];
  private readonly zero: Float64Array;

  /**
   * @param spec from {@link createTailSpec}, identical for every chunk of the run.
   * @param range the chunk's global path indices [start, start + count).
   * @throws RiskInputError when start/count are not integers >= 0 (count >= 1) or the range leaves [0, N).
   */
  constructor(spec: TailSpec, range: { start: number; count: number }) {
    const { start, count } = range;
    if (!Number.isSafeInteger(start) || start < 0) {
      throw new RiskInputError('OUT_OF_DOMAIN', 'range.start', start, 'must be an integer >= 0');
    }
    if (!Number.isSafeInteger(count) || count < 1 || start + count > spec.totalPaths) {
      throw new RiskInputError(
        'OUT_OF_DOMAIN',
        'range.count',
        count,
        `must be an integer >= 1 with start + count <= totalPaths (${spec.totalPaths})`,
      );
    }
    this.spec = spec;
    this.start = start;
    this.end = start + count;
    this.next = start;
    this.k = spec.components;
    this.cap = Math.min(spec.keep, count);
    this.hLoss = new Float64Array(this.cap);
    this.hPath = new Float64Array(this.cap);
    this.hSlot = new Int32Array(this.cap);
    this.pool = new Float64Array(this.cap * this.k);
    this.tieFirst = new Float64Array(this.k);
    this.tieContrib = Array.from({ length: this.k }, () => new ExactSum());
    this.counts = new Array(Math.max(spec.histogramEdges.length - 1, 0)).fill(0);
    this.batch = batchOf(spec.batchStarts, start);
    this.batchEnd = spec.batchStarts[this.batch + 1] as number;
    this.bHeap = new Float64Array(Math.max(...spec.batchKeep));
    this.batchTails = spec.batchKeep.map(() => []);
    this.zero = new Float64Array(this.k);
  }

  /**
   * Adds the next path (global index start + number added so far).
   * @param loss the path's loss (positive = money lost), finite, |loss| <= 1e150.
   * @param contributions K components read from `contributions[offset ..]` (required when K > 0).
   * @throws RiskInputError for a non-finite or too large loss/contribution (field `loss[path]`,
   *   `contributions[path][j]`), missing contributions, or more paths than the range holds.
   */
  add(loss: number, contributions?: ArrayLike<number>, offset = 0): void {
    const path = this.next;
    if (path >= this.end) {
      throw new RiskInputError('OUT_OF_DOMAIN', 'path', path, `chunk range ends at ${this.end}`);
    }
    if (!(Math.abs(loss) <= MAX_ABS_LOSS)) {
      throw new RiskInputError(
        'INVALID_NUMBER',
        `loss[${path}]`,
        loss,
        'must be finite with |loss| <= 1e150',
      );
    }
    const x = loss + 0; // -0 -> 0
    const k = this.k;
    let src: ArrayLike<number> = this.zero;
    let off = 0;
    if (k > 0) {
      if (contributions === undefined || contributions.length < offset + k) {
        throw new RiskInputError(
          'MISSING_FIELD',
          `contributions[${path}]`,
          contributions?.length,
          `needs ${k} components`,
        );
      }
      for (let j = 0; j < k; j++) {
        const c = contributions[offset + j] as number;
        if (!(Math.abs(c) <= MAX_ABS_LOSS)) {
          throw new RiskInputError(
            'INVALID_NUMBER',
            `contributions[${path}][${j}]`,
            c,
            'must be finite, |c| <= 1e150',
          );
        }
      }
      src = contributions;
      off = offset;
    }
    this.next = path + 1;
    this.sum.add(x);
    this.sumSquares.add(x * x);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (this.counts.length > 0) {
      const bin = histogramBin(this.spec.histogramEdges, x);
      if (bin < 0) this.below++;
      else if (bin >= this.counts.length) this.above++;
      else this.counts[bin] = (this.counts[bin] as number) + 1;
    }
    this.offerTop(x, path, src, off);
    this.offerBatch(x, path);
  }

  /**
   * Adds `losses.length` paths; `contributions` is flat (path i at [i*K, (i+1)*K)).
   * @throws RiskInputError as {@link TailAccumulator.add}.
   */
  addMany(losses: ArrayLike<number>, contributions?: ArrayLike<number>): void {
    for (let i = 0; i < losses.length; i++) this.add(losses[i] as number, contributions, i * this.k);
  }

  /**
   * The chunk's summary.
   * @throws RiskInputError `MISSING_FIELD` unless exactly `count` paths were added.
   */
  finish(): ChunkSummary {
    if (this.next !== this.end) {
      throw new RiskInputError(
        'MISSING_FIELD',
        'paths',
        this.next - this.start,
        `expected ${this.end - this.start} paths`,
      );
    }
    this.closeBatch();
    const k = this.k;
    // Canonical order (ranksBefore: larger loss first, then smaller path), as a numeric comparator:
    // losses are finite and paths distinct, so it never returns 0 and gives the same order.
    const { hLoss, hPath } = this;
    const order: number[] = [];
    for (let i = 0; i < this.size; i++) order.push(i);
    order.sort(
      (i, j) => (hLoss[j] as number) - (hLoss[i] as number) || (hPath[i] as number) - (hPath[j] as number),
    );
    const losses: number[] = [];
    const paths: number[] = [];
    const contributions: number[] = [];
    for (const i of order) {
      losses.push(this.hLoss[i] as number);
      paths.push(this.hPath[i] as number);
      const slot = this.hSlot[i] as number;
      for (let j = 0; j < k; j++) contributions.push(this.pool[slot * k + j] as number);
    }
    const boundary = losses[losses.length - 1];
    let tie: TieClass | null = null;
    if (this.tieCount > 0 && this.tieLoss === boundary) {
      if (!this.tieSummed) this.sumTie();
      tie = {
        loss: this.tieLoss,
        count: this.tieCount,
        lossSum: this.tieLossSum.toJSON(),
        contributionSums: this.tieContrib.map((s) => s.toJSON()),
      };
    }
    return {
      format: 'dte.tail-summary.v1',
      spec: this.spec,
      ranges: [[this.start, this.end]],
      count: this.end - this.start,
      sum: this.sum.toJSON(),
      sumSquares: this.sumSquares.toJSON(),
      min: this.min,
      max: this.max,
      histogram: { counts: this.counts.slice(), below: this.below, above: this.above },
      top: { losses, paths, contributions },
      tie,
      batchTails: this.batchTails,
    };
  }

  private discard(loss: number, src: ArrayLike<number>, off: number): void {
    if (loss < this.tieLoss) return;
    if (loss > this.tieLoss) {
      this.tieLoss = loss;
      this.tieCount = 1;
      this.tieSummed = false;
      for (let j = 0; j < this.k; j++) this.tieFirst[j] = src[off + j] as number;
      return;
    }
    if (!this.tieSummed) this.sumTie();
    this.tieCount++;
    this.tieLossSum.add(loss);
    for (let j = 0; j < this.k; j++) (this.tieContrib[j] as ExactSum).add(src[off + j] as number);
  }

  /** The exact sums of a tie class of one path (the same expansions as adding it to empty sums). */
  private sumTie(): void {
    this.tieLossSum.clear();
    this.tieLossSum.add(this.tieLoss);
    for (let j = 0; j < this.k; j++) {
      const s = this.tieContrib[j] as ExactSum;
      s.clear();
      s.add(this.tieFirst[j] as number);
    }
    this.tieSummed = true;
  }

  private offerTop(loss: number, path: number, src: ArrayLike<number>, off: number): void {
    const k = this.k;
    if (this.size < this.cap) {
      const i = this.size++;
      this.hLoss[i] = loss;
      this.hPath[i] = path;
      this.hSlot[i] = i;
      for (let j = 0; j < k; j++) this.pool[i * k + j] = src[off + j] as number;
      this.siftUp(i);
      return;
    }
    const rootLoss = this.hLoss[0] as number;
    const rootPath = this.hPath[0] as number;
    if (!ranksBefore(loss, path, rootLoss, rootPath)) {
      this.discard(loss, src, off);
      return;
    }
    const slot = this.hSlot[0] as number;
    this.discard(rootLoss, this.pool, slot * k);
    this.hLoss[0] = loss;
    this.hPath[0] = path;
    for (let j = 0; j < k; j++) this.pool[slot * k + j] = src[off + j] as number;
    this.siftDown(0);
  }

  /** Heap order: parent ranks after (is worse than) its children. */
  private worse(i: number, j: number): boolean {
    return ranksBefore(
      this.hLoss[j] as number,
      this.hPath[j] as number,
      this.hLoss[i] as number,
      this.hPath[i] as number,
    );
  }

  private swap(i: number, j: number): void {
    const l = this.hLoss[i] as number;
    this.hLoss[i] = this.hLoss[j] as number;
    this.hLoss[j] = l;
    const p = this.hPath[i] as number;
    this.hPath[i] = this.hPath[j] as number;
    this.hPath[j] = p;
    const s = this.hSlot[i] as number;
    this.hSlot[i] = this.hSlot[j] as number;
    this.hSlot[j] = s;
  }

  private siftUp(i0: number): void {
    let i = i0;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i0: number): void {
    let i = i0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.worse(l, m)) m = l;
      if (r < this.size && this.worse(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private offerBatch(loss: number, path: number): void {
    if (path >= this.batchEnd) {
      this.closeBatch();
      this.batch = batchOf(this.spec.batchStarts, path);
      this.batchEnd = this.spec.batchStarts[this.batch + 1] as number;
    }
    const cap = this.spec.batchKeep[this.batch] as number;
    const h = this.bHeap;
    if (this.bSize < cap) {
      let i = this.bSize++;
      h[i] = loss;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if ((h[p] as number) <= (h[i] as number)) break;
        const t = h[p] as number;
        h[p] = h[i] as number;
        h[i] = t;
        i = p;
      }
      return;
    }
    if (loss <= (h[0] as number)) return;
    h[0] = loss;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.bSize && (h[l] as number) < (h[m] as number)) m = l;
      if (r < this.bSize && (h[r] as number) < (h[m] as number)) m = r;
      if (m === i) break;
      const t = h[m] as number;
      h[m] = h[i] as number;
      h[i] = t;
      i = m;
    }
  }

  private closeBatch(): void {
    if (this.bSize === 0) return;
    const tail = Array.from(this.bHeap.subarray(0, this.bSize)).sort((a, b) => b - a);
    this.batchTails[this.batch] = tail;
    this.bSize = 0;
  }
}

/** Index b with batchStarts[b] <= path < batchStarts[b + 1]. */
function batchOf(starts: readonly number[], path: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) <= path) lo = mid;
    else hi = mid;
  }
  return lo;
}
