import { RiskInputError } from '../../errors.ts';
import { createTailSpec } from './spec.ts';
import type { ChunkSummary, TieClass } from './summary.ts';
import { outOfCanonicalOrder } from './summary.ts';

function fail(field: string, value: unknown, message: string): never {
  throw new RiskInputError('MALFORMED_DOCUMENT', field, value, message);
}

function obj(field: string, v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(field, v, 'must be an object');
  return v as Record<string, unknown>;
}

function nums(field: string, v: unknown): number[] {
  if (!Array.isArray(v)) fail(field, v, 'must be an array of numbers');
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${field}[${i}]`, x, 'must be a finite number');
  });
  return v as number[];
}

function count(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(field, v, 'must be an integer >= 0');
  return v;
}

/** Options of {@link parseChunkSummary}. */
export interface ParseSummaryOptions {
  /**
   * The kept entries may be a prefix of the full `min(keep, count)` (a partial summary read for a
   * merge, see `completeSummary`). Default false.
   */
  partialTop?: boolean;
}

/**
 * Validates a chunk summary received as JSON (e.g. from a queue) and returns it typed. Checks the
 * format tag, re-derives the spec, and checks array shapes, the canonical order of the kept
 * entries and the range bounds; it cannot detect forged but consistent numbers.
 * @throws RiskInputError `MALFORMED_DOCUMENT` naming the first offending field.
 */
export function parseChunkSummary(value: unknown, options: ParseSummaryOptions = {}): ChunkSummary {
  const o = obj('summary', value);
  if (o.format !== 'dte.tail-summary.v1') fail('summary.format', o.format, "must be 'dte.tail-summary.v1'");
  const s = obj('summary.spec', o.spec);
  const spec = createTailSpec({
    totalPaths: s.totalPaths as number,
    minConfidence: s.minConfidence as number,
    components: s.components as number,
    batches: s.batches as number,
    ...(Array.isArray(s.histogramEdges) && s.histogramEdges.length > 0
      ? { histogramEdges: s.histogramEdges as number[] }
      : {}),
    contributionWindow: s.contributionWindow as number,
  });
  if (s.keep !== spec.keep) fail('summary.spec.keep', s.keep, `must be ${spec.keep}`);
  const k = spec.components;
  if (!Array.isArray(o.ranges) || o.ranges.length === 0)
    fail('summary.ranges', o.ranges, 'must be a non-empty array');
  let covered = 0;
  let prevEnd = -1;
  const ranges = (o.ranges as unknown[]).map((r, i) => {
    const [a, b] = nums(`summary.ranges[${i}]`, r);
    if (
      a === undefined ||
      b === undefined ||
      (r as number[]).length !== 2 ||
      !(a > prevEnd && b > a && b <= spec.totalPaths)
    ) {
      fail(
        `summary.ranges[${i}]`,
        r,
        'must be increasing, non-overlapping [start, end) inside [0, totalPaths)',
      );
    }
    prevEnd = b;
    covered += b - a;
    return [a, b] as [number, number];
  });
  const n = count('summary.count', o.count);
  if (n !== covered) fail('summary.count', n, `must equal the paths covered by ranges (${covered})`);
  const sum = nums('summary.sum', o.sum);
  const sumSquares = nums('summary.sumSquares', o.sumSquares);
  const [min] = nums('summary.min', [o.min]);
  const [max] = nums('summary.max', [o.max]);
  const h = obj('summary.histogram', o.histogram);
  const counts = nums('summary.histogram.counts', h.counts);
  if (counts.length !== Math.max(spec.histogramEdges.length - 1, 0)) {
    fail('summary.histogram.counts', counts.length, 'length must be the number of bins');
  }
  const t = obj('summary.top', o.top);
  const losses = nums('summary.top.losses', t.losses);
  const paths = nums('summary.top.paths', t.paths);
  const contributions = nums('summary.top.contributions', t.contributions);
  if (paths.length !== losses.length || contributions.length !== losses.length * k) {
    fail('summary.top', losses.length, 'losses, paths and contributions (x K) must have matching lengths');
  }
  const full = Math.min(spec.keep, n);
  if (options.partialTop ? losses.length > full : losses.length !== full)
    fail(
      'summary.top.losses',
      losses.length,
      `must hold ${options.partialTop ? 'at most ' : ''}${full} entries`,
    );
  const bad = outOfCanonicalOrder(losses, paths);
  if (bad >= 0) {
    fail(
      `summary.top.losses[${bad}]`,
      losses[bad],
      'entries must be in canonical order (loss desc, path asc)',
    );
  }
  let tie: TieClass | null = null;
  if (o.tie !== null) {
    const ti = obj('summary.tie', o.tie);
    const [loss] = nums('summary.tie.loss', [ti.loss]);
    if (loss !== losses[losses.length - 1])
      fail('summary.tie.loss', loss, 'must equal the smallest kept loss');
    if (!Array.isArray(ti.contributionSums) || ti.contributionSums.length !== k) {
      fail('summary.tie.contributionSums', ti.contributionSums, `must hold ${k} expansions`);
    }
    tie = {
      loss: loss as number,
      count: count('summary.tie.count', ti.count),
      lossSum: nums('summary.tie.lossSum', ti.lossSum),
      contributionSums: (ti.contributionSums as unknown[]).map((e, j) =>
        nums(`summary.tie.contributionSums[${j}]`, e),
      ),
    };
  }
  if (!Array.isArray(o.batchTails) || o.batchTails.length !== spec.batches) {
    fail('summary.batchTails', o.batchTails, `must hold ${spec.batches} arrays`);
  }
  const batchTails = (o.batchTails as unknown[]).map((b, i) => nums(`summary.batchTails[${i}]`, b));
  return {
    format: 'dte.tail-summary.v1',
    spec,
    ranges,
    count: n,
    sum,
    sumSquares,
    min: min as number,
    max: max as number,
    histogram: {
      counts,
      below: count('summary.histogram.below', h.below),
      above: count('summary.histogram.above', h.above),
    },
    top: { losses, paths, contributions },
    tie,
    batchTails,
  };
}
