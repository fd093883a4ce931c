import { RiskInputError } from '../../errors.ts';
import { ExactSum } from './exact-sum.ts';
import { sameSpec } from './spec.ts';
import type { ChunkSummary, TieClass } from './summary.ts';
import { outOfCanonicalOrder, ranksBefore } from './summary.ts';

/**
 * Merges chunk summaries of one run into the summary of their union. Exact: the result depends only
 * on the set of paths covered, not on how they were split into chunks nor on the order of `chunks`
 * (kept entries are selected in the canonical total order; every sum is an exact expansion;
 * counts are integers). Associative, so workers may merge in any tree; the final summary must
 * cover [0, N) for {@link tailRisk}.
 *
 * Why the kept entries suffice (see docs/var.md): with `keep` = N - pos(N, a_min) + w, the global
 * top `keep` paths are each within the top `keep` of their own chunk, and any path tied with the
 * VaR but not kept is counted in a chunk's tie class at that chunk's boundary loss.
 *
 * @throws RiskInputError `MALFORMED_DOCUMENT` for an empty list, summaries of different specs
 *   (`chunks[i].spec`) or overlapping path ranges (`chunks[i].ranges`).
 */
export function mergeChunks(chunks: readonly ChunkSummary[]): ChunkSummary {
  const first = chunks[0];
  if (first === undefined) throw new RiskInputError('MALFORMED_DOCUMENT', 'chunks', 0, 'nothing to merge');
  const spec = first.spec;
  chunks.forEach((c, i) => {
    if (c.format !== 'dte.tail-summary.v1') {
      throw new RiskInputError(
        'MALFORMED_DOCUMENT',
        `chunks[${i}].format`,
        c.format,
        'unknown summary format',
      );
    }
    if (!sameSpec(c.spec, spec)) {
      throw new RiskInputError(
        'MALFORMED_DOCUMENT',
        `chunks[${i}].spec`,
        c.spec,
        'differs from chunks[0].spec',
      );
    }
  });
  const ranges = mergeRanges(chunks);
  const k = spec.components;

  const sum = new ExactSum();
  const sumSquares = new ExactSum();
  let count = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const counts = new Array<number>(Math.max(spec.histogramEdges.length - 1, 0)).fill(0);
  let below = 0;
  let above = 0;
  for (const c of chunks) {
    count += c.count;
    sum.addSum(new ExactSum(c.sum));
    sumSquares.addSum(new ExactSum(c.sumSquares));
    min = Math.min(min, c.min);
    max = Math.max(max, c.max);
    c.histogram.counts.forEach((v, i) => {
      counts[i] = (counts[i] as number) + v;
    });
    below += c.histogram.below;
    above += c.histogram.above;
  }

  // top entries: the first `keep` of the union in canonical order, by a k-way merge of the chunks'
  // lists (each already in that order); then the tie class at the new boundary from the dropped
  // entries with that loss (at the head of each chunk's rest) and the input tie classes
  const { losses, paths, contributions, rest } = mergeTops(chunks, spec.keep, k);
  const boundary = losses[losses.length - 1] as number;
  let tie: TieClass | null = null;
  const tieLoss = new ExactSum();
  const tieContrib = Array.from({ length: k }, () => new ExactSum());
  let tieCount = 0;
  const tied: { path: number; c: ChunkSummary; i: number }[] = [];
  chunks.forEach((c, ci) => {
    const t = c.top;
    for (let i = rest[ci] as number; i < t.losses.length && t.losses[i] === boundary; i++) {
      tied.push({ path: t.paths[i] as number, c, i });
    }
  });
  // in canonical order (path ascending among equal losses), as the sums were always built
  tied.sort((x, y) => x.path - y.path);
  for (const r of tied) {
    tieCount++;
    tieLoss.add(boundary);
    for (let j = 0; j < k; j++) (tieContrib[j] as ExactSum).add(r.c.top.contributions[r.i * k + j] as number);
  }
  for (const c of chunks) {
    if (c.tie === null || c.tie.loss !== boundary) continue;
    tieCount += c.tie.count;
    tieLoss.addSum(new ExactSum(c.tie.lossSum));
    c.tie.contributionSums.forEach((s, j) => {
      (tieContrib[j] as ExactSum).addSum(new ExactSum(s));
    });
  }
  if (tieCount > 0) {
    tie = {
      loss: boundary,
      count: tieCount,
      lossSum: tieLoss.toJSON(),
      contributionSums: tieContrib.map((s) => s.toJSON()),
    };
  }

  const batchTails = spec.batchKeep.map((keep, b) => {
    const all: number[] = [];
    for (const c of chunks) for (const v of c.batchTails[b] ?? []) all.push(v);
    return all.sort((x, y) => y - x).slice(0, keep);
  });

  return {
    format: 'dte.tail-summary.v1',
    spec,
    ranges,
    count,
    sum: sum.toJSON(),
    sumSquares: sumSquares.toJSON(),
    min,
    max,
    histogram: { counts, below, above },
    top: { losses, paths, contributions },
    tie,
    batchTails,
  };
}

/**
 * The first `keep` entries of the union of the chunks' top lists in canonical order (k-way merge with
 * a heap of the chunks' heads), and per chunk the index of its first entry not taken.
 * @throws RiskInputError `MALFORMED_DOCUMENT` (`chunks[i].top.losses[j]`) for a list out of order.
 */
function mergeTops(
  chunks: readonly ChunkSummary[],
  keep: number,
  k: number,
): { losses: number[]; paths: number[]; contributions: number[]; rest: Int32Array } {
  const n = chunks.length;
  chunks.forEach((c, ci) => {
    const bad = outOfCanonicalOrder(c.top.losses, c.top.paths);
    if (bad >= 0) {
      throw new RiskInputError(
        'MALFORMED_DOCUMENT',
        `chunks[${ci}].top.losses[${bad}]`,
        c.top.losses[bad],
        'entries must be in canonical order (loss desc, path asc)',
      );
    }
  });
  const next = new Int32Array(n);
  // heap of chunk indices with entries left, best head at the root
  const heap: number[] = [];
  const headLoss = (c: number) => (chunks[c] as ChunkSummary).top.losses[next[c] as number] as number;
  const headPath = (c: number) => (chunks[c] as ChunkSummary).top.paths[next[c] as number] as number;
  const better = (a: number, b: number) => ranksBefore(headLoss(a), headPath(a), headLoss(b), headPath(b));
  const siftDown = (i0: number) => {
    let i = i0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && better(heap[l] as number, heap[m] as number)) m = l;
      if (r < heap.length && better(heap[r] as number, heap[m] as number)) m = r;
      if (m === i) return;
      const t = heap[i] as number;
      heap[i] = heap[m] as number;
      heap[m] = t;
      i = m;
    }
  };
  for (let c = 0; c < n; c++) if ((chunks[c] as ChunkSummary).top.losses.length > 0) heap.push(c);
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
  const losses: number[] = [];
  const paths: number[] = [];
  const contributions: number[] = [];
  while (losses.length < keep && heap.length > 0) {
    const c = heap[0] as number;
    const top = (chunks[c] as ChunkSummary).top;
    const i = next[c] as number;
    losses.push(top.losses[i] as number);
    paths.push(top.paths[i] as number);
    for (let j = 0; j < k; j++) contributions.push(top.contributions[i * k + j] as number);
    next[c] = i + 1;
    if (i + 1 >= top.losses.length) {
      heap[0] = heap[heap.length - 1] as number;
      heap.pop();
    }
    siftDown(0);
  }
  return { losses, paths, contributions, rest: next };
}

function mergeRanges(chunks: readonly ChunkSummary[]): [number, number][] {
  const all: { start: number; end: number; chunk: number }[] = [];
  chunks.forEach((c, i) => {
    for (const [start, end] of c.ranges) all.push({ start, end, chunk: i });
  });
  all.sort((x, y) => x.start - y.start);
  const out: [number, number][] = [];
  let prev: { start: number; end: number; chunk: number } | undefined;
  for (const r of all) {
    if (prev !== undefined && r.start < prev.end) {
      throw new RiskInputError(
        'MALFORMED_DOCUMENT',
        `chunks[${r.chunk}].ranges`,
        [r.start, r.end],
        `overlaps paths [${prev.start}, ${prev.end}) of chunks[${prev.chunk}]`,
      );
    }
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === r.start) last[1] = r.end;
    else out.push([r.start, r.end]);
    prev = r;
  }
  return out;
}
