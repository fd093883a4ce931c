export type { DeltaHedge, DeltaPair } from './delta-hedge.ts';
export { deltaHedge } from './delta-hedge.ts';
export type { HedgeInstrument } from './hedge-instrument.ts';
export { parseHedgeInstrument } from './hedge-instrument.ts';
