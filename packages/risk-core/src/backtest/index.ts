export type { ConditionalCoverageResult, IndependenceResult, TransitionCounts } from './christoffersen.ts';
export {
  christoffersenConditionalCoverage,
  christoffersenIndependence,
  transitionCounts,
} from './christoffersen.ts';
export { countExceptions, exceptionIndicators } from './exceptions.ts';
export type { KupiecResult } from './kupiec.ts';
export { kupiecPof } from './kupiec.ts';
export type { TrafficLightResult, TrafficLightZone } from './traffic-light.ts';
export { baselTrafficLight } from './traffic-light.ts';
