import { createBlack76PriceEngine } from '../../pricer/wasm/price-engine.ts';
import type { ContractPricerFactory } from './pricer.ts';

/**
 * {@link ContractPricer} on the WebAssembly SIMD price-only Black-76 engine
 * (`createBlack76PriceEngine`, src/pricer/wasm): the contracts (strike, horizon expiry, kept vol,
 * discount e^{-r T'}) are set once; per block the forwards F_c g_p are written contract-major into
 * the engine's memory, priced in place, and copied to the engine's path-major output. One engine
 * (one WebAssembly instance) per pricer, so per thread.
 */
export const wasmPricer: ContractPricerFactory = (contracts, d, maxPaths) => {
  const c = contracts.count;
  const engine = createBlack76PriceEngine({ maxContracts: Math.max(1, c), maxPaths });
  engine.setContracts({
    isCall: contracts.isCall,
    strike: contracts.strike,
    expiryYears: contracts.horizonExpiryYears,
    vol: contracts.vol,
    discount: Float64Array.from(contracts.horizonExpiryYears, (t) => Math.exp(-contracts.rate * t)),
  });
  const { forwards, prices, stride } = engine;
  const token = contracts.token;
  const f0 = contracts.forward;
  return {
    name: 'black76 price engine (wasm simd)',
    maxPaths,
    price(g, _logG, paths, out) {
      for (let k = 0; k < c; k++) {
        const row = k * stride;
        const f = f0[k] as number;
        const t = token[k] as number;
        for (let p = 0; p < paths; p++) forwards[row + p] = f * (g[p * d + t] as number);
      }
      engine.price(paths);
      for (let k = 0; k < c; k++) {
        const row = k * stride;
        for (let p = 0; p < paths; p++) out[p * c + k] = prices[row + p] as number;
      }
    },
  };
};
