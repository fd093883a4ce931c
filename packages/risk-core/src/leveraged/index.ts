export type { VolatilityDecay } from './decay.ts';
export { volatilityDecay } from './decay.ts';
export type { IssuerFlow, LeveragedTokenSupply } from './issuer-flows.ts';
export { issuerRebalanceFlows } from './issuer-flows.ts';
export { effectiveLeverage, moveAtLeverage } from './leverage-drift.ts';
export type { NavPath, NavPathInput, RebalanceEvent, RebalanceRule } from './nav-path.ts';
export { leveragedTokenNavPath } from './nav-path.ts';
