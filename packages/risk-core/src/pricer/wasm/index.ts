// WebAssembly SIMD (f64x2) Black-76 kernels: the batch API and the price-only engine for Monte Carlo.
export { black76BatchSimd } from './black76-simd.ts';
export type { Black76Contracts, Black76PriceEngine, Black76PriceEngineOptions } from './price-engine.ts';
export { createBlack76PriceEngine } from './price-engine.ts';
