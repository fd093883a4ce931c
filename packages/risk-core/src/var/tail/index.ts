export { TailAccumulator } from './accumulator.ts';
export type { SummaryHead } from './binary.ts';
export {
  completeSummary,
  decodeChunkSummary,
  decodeSummaryHead,
  encodeChunkSummary,
  summaryHeadLength,
  tailPrefixLengths,
} from './binary.ts';
export { tailRisk, tailVar } from './evaluate.ts';
export { ExactSum } from './exact-sum.ts';
export { histogramBin } from './histogram.ts';
export { mergeChunks } from './merge.ts';
export type { ParseSummaryOptions } from './parse.ts';
export { parseChunkSummary } from './parse.ts';
export { invertedCdfIndex, upperTailCount } from './quantile-index.ts';
export type { TailRisk } from './result.ts';
export type { SampleTailOptions } from './sample.ts';
export { tailRiskOfSample } from './sample.ts';
export type { TailSpec, TailSpecInput } from './spec.ts';
export { createTailSpec, MAX_ABS_LOSS } from './spec.ts';
export type { ChunkSummary, HistogramCounts, TailEntries, TieClass } from './summary.ts';
