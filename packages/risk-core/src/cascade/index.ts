export type { FundBook } from './fund-book.ts';
export { buildFundBook, rebaseDocument } from './fund-book.ts';
export type { MaxHeap } from './heap.ts';
export { createHeap, heapPop, heapPush, heapTopKey } from './heap.ts';
export { impactLogMove, LOG_MOVE_PER_DEPTH } from './impact.ts';
export { DEFAULT_CASCADE_OPTIONS, parseCascadeScenario } from './parse-scenario.ts';
export { simulateCascade } from './simulate.ts';
export type {
  CascadeOptions,
  CascadeResult,
  CascadeRound,
  CascadeScenario,
  ImpactModel,
  LendingAccountSpec,
  LendingEvent,
  LendingGroup,
  LeveragedTokenProduct,
  PerpLevels,
  Spillover,
  TokenFlow,
} from './types.ts';
export { validateScenario } from './validate.ts';
