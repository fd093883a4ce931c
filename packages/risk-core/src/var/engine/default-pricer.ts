import { RiskInputError } from '../../errors.ts';
import type { ContractPricerFactory } from './pricer.ts';
import { black76BatchPricer } from './pricer.ts';
import { wasmPricer } from './wasm-pricer.ts';

/**
 * The exact option pricing kernel used by default: the WebAssembly SIMD price-only engine
 * (`wasmPricer`), or `black76BatchPricer` when WebAssembly cannot be instantiated in this runtime.
 * Both agree to ~1e-15 relative (tested in src/pricer/wasm and test/var).
 */
export const defaultPricer: ContractPricerFactory = (contracts, d, maxPaths) => {
  try {
    return wasmPricer(contracts, d, maxPaths);
  } catch (e) {
    if (e instanceof RiskInputError) throw e;
    return black76BatchPricer(contracts, d, maxPaths);
  }
};
