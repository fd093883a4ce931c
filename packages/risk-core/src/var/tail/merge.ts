import { RiskInputError } from '../../errors.ts';
import { ExactSum } from './exact-sum.ts';
import { sameSpec } from './spec.ts';
import type { ChunkSummary, TieClass } from './summary.ts';
import { ranksBefore } from './summary.ts';

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

  // top entries: canonical sort of the union, keep the first `keep`
  const refs: { c: ChunkSummary; i: number; loss: number; path: number }[] = [];
  for (const c of chunks) {
    c.top.losses.forEach((loss, i) => {
      refs.push({ c, i, loss, path: c.top.paths[i] as number });
    });
  }
  refs.sort((x, y) => (ranksBefore(x.loss, x.path, y.loss, y.path) ? -1 : 1));
  const kept = refs.slice(0, spec.keep);
  const dropped = refs.slice(spec.keep);
  const losses: number[] = [];
  const paths: number[] = [];
  const contributions: number[] = [];
  for (const r of kept) {
    losses.push(r.loss);
    paths.push(r.path);
    for (let j = 0; j < k; j++) contributions.push(r.c.top.contributions[r.i * k + j] as number);
  }

  // tie class at the new boundary: dropped entries and input tie classes with that loss
  const boundary = losses[losses.length - 1] as number;
  let tie: TieClass | null = null;
  const tieLoss = new ExactSum();
  const tieContrib = Array.from({ length: k }, () => new ExactSum());
  let tieCount = 0;
  for (const r of dropped) {
    if (r.loss !== boundary) continue;
    tieCount++;
    tieLoss.add(r.loss);
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
