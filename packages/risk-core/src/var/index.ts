// VaR / ES engine: public API (the tail merge machinery is re-exported from ./tail by src/index.ts).
// The worker-thread pool (./parallel) is deliberately not exported: it is Node-specific I/O used by
// the CLI and the benchmark; job workers call the pure chunk API below.

export type { BacktestMethod, BacktestParams, BacktestResult, BacktestSeries } from './backtest/rolling.ts';
export { runRollingBacktest } from './backtest/rolling.ts';
export type { CompileOptions } from './compile/compile.ts';
export { compilePortfolio, portfolioAxes } from './compile/compile.ts';
export type {
  CompiledPortfolio,
  LeveragedTerms,
  LinearByAccount,
  OptionContracts,
  QuantoTerms,
} from './compile/types.ts';
export { defaultPricer } from './engine/default-pricer.ts';
export type { OptionGridOptions, OptionGridReport } from './engine/option-grid.ts';
export { OptionGridValuation } from './engine/option-grid.ts';
export type { OptionValuation } from './engine/option-valuation.ts';
export { ExactOptionValuation, subsetContracts } from './engine/option-valuation.ts';
export type { ContractPricer, ContractPricerFactory } from './engine/pricer.ts';
export { black76BatchPricer } from './engine/pricer.ts';
export { defaultBlockPaths, PortfolioRevaluer, revalueScenarios } from './engine/revaluer.ts';
export { wasmPricer } from './engine/wasm-pricer.ts';
export type { HistoricalParams, HorizonScaling } from './historical/historical.ts';
export { runHistorical } from './historical/historical.ts';
export type { WeightedTail } from './historical/weighted-tail.ts';
export { weightedTail } from './historical/weighted-tail.ts';
export { ageWeights, volatilityWeighted } from './historical/weights.ts';
export type { CovarianceEstimator, CovarianceOptions, ResolvedCovariance } from './input/covariance.ts';
export { resolveCovariance } from './input/covariance.ts';
export type { HistoryWindowOptions } from './input/history.ts';
export { historyWindow, seriesFromCloses } from './input/history.ts';
export type { ChunkRunOptions, MonteCarloEngine } from './mc/chunk.ts';
export { createRevaluer, prepareMonteCarlo, runMonteCarloChunk } from './mc/chunk.ts';
export { mergeMonteCarlo } from './mc/merge.ts';
export { DEFAULT_CHUNKS, DEFAULT_STREAM_PATHS, HISTOGRAM_BINS, planMonteCarloRun } from './mc/plan.ts';
export type { MonteCarloRunOptions } from './mc/run.ts';
export { runMonteCarlo } from './mc/run.ts';
export type {
  ChunkSpec,
  MonteCarloParams,
  MonteCarloPlan,
  MonteCarloRunSpec,
  OptionPricingMode,
  ReturnDistribution,
} from './mc/types.ts';
export type { DeltaGammaMoments } from './parametric/delta-gamma.ts';
export {
  cornishFisherMonotoneOn,
  cornishFisherRisk,
  deltaGammaMoments,
  runDeltaGamma,
} from './parametric/delta-gamma.ts';
export { runDeltaNormal } from './parametric/delta-normal.ts';
export type { ParametricInputs, ParametricParams } from './parametric/prepare.ts';
export { prepareParametric } from './parametric/prepare.ts';
export type { LogQuadratic, QuadraticCumulants } from './parametric/quadratic.ts';
export { quadraticCumulants, toLogQuadratic } from './parametric/quadratic.ts';
export type { QuadraticPnl, Sensitivities } from './parametric/sensitivities.ts';
export { portfolioSensitivities } from './parametric/sensitivities.ts';
export type { Contributions, PnlDistribution, VarLevel, VarMethod, VarResult } from './result.ts';
export { STANDARD_LEVELS } from './result.ts';
