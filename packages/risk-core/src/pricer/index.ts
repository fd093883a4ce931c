// Scalar and batched Black-76 pricing, the coin-settled view and implied volatility.
export { black76 } from './black76.ts';
export type { Black76BatchInput, Black76BatchOutput } from './black76-batch.ts';
export { black76Batch } from './black76-batch.ts';
export type { CoinSettledView } from './coin-settled.ts';
export { coinSettledView } from './coin-settled.ts';
export type { ImpliedVolInput, ImpliedVolResult } from './implied-vol.ts';
export { impliedVol, impliedVolDetailed } from './implied-vol.ts';
export { normalisedBlackOtm, normalisedBlackOtmComplement, normalisedVega } from './normalised-black.ts';
export type { Black76Input, Black76Result, OptionType } from './types.ts';
export type { Black76Contracts, Black76PriceEngine, Black76PriceEngineOptions } from './wasm/index.ts';
export { black76BatchSimd, createBlack76PriceEngine } from './wasm/index.ts';
