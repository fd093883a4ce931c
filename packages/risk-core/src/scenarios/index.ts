export { BUILTIN_STRESS, builtinStress } from './builtin-stress.ts';
export { deriveStressScenarios } from './derive-stress.ts';
export type { GridAxes, GridCell, ScenarioGrid } from './grid.ts';
export {
  DEFAULT_SPOT_MOVES,
  DEFAULT_VOL_SHIFTS,
  defaultGridAxes,
  EXTENDED_SPOT_MOVES,
  scenarioGrid,
} from './grid.ts';
export type { DailyClose } from './prices-csv.ts';
export { parseDailyCloses } from './prices-csv.ts';
export type { Revaluation, RevaluationResult } from './revalue.ts';
export { prepareRevaluation, revalue } from './revalue.ts';
export type { MarketShock } from './shock.ts';
export { shockMarket, uniformShock } from './shock.ts';
export type {
  HealthFactorChange,
  MissingTokenPolicy,
  MoveSource,
  StressOptions,
  StressResult,
} from './stress.ts';
export { runShock, runStress } from './stress.ts';
export type { StressScenario, StressScenarioSet, StressSource, StressWindow } from './stress-types.ts';
export { STRESS_WINDOWS } from './stress-windows.ts';
