import type { Black76BatchInput, Black76BatchOutput } from '../../pricer/black76-batch.ts';
import { black76Batch } from '../../pricer/black76-batch.ts';
import type { OptionContracts } from '../compile/types.ts';

/**
 * The option pricing step of the revaluation engine, behind one small interface so that the
 * kernel can be swapped (scalar/batch JavaScript Black-76, a WebAssembly SIMD kernel) without
 * touching the engine. Prices every distinct contract on every path of a block.
 */
export interface ContractPricer {
  /** Kernel name, reported in results and benchmarks. */
  readonly name: string;
  /** Largest number of paths per call. */
  readonly maxPaths: number;
  /**
   * Writes `out[p * C + c]` = Black-76 USD price per unit of contract c (C = contracts.count) at the
   * forward `F_c g[p * d + token_c]`, the horizon expiry `max(T_c - h/365, 0)`, its kept vol and
   * the document's rate, for paths p < `paths`.
   *
   * @param g gross returns per path and token (paths x d, row-major).
   * @param logG ln g, same layout (kernels working in log-moneyness use it instead of a log).
   */
  price(g: Float64Array, logG: Float64Array, paths: number, out: Float64Array): void;
}

/** Builds a pricer for the contracts of a compiled portfolio (`d` simulated tokens). */
export type ContractPricerFactory = (
  contracts: OptionContracts,
  d: number,
  maxPaths: number,
) => ContractPricer;

/**
 * {@link ContractPricer} on `black76Batch` (the project's accurate JavaScript kernel; it also
 * computes the greeks, which are discarded). The per-contract inputs (call flag, strike, horizon
 * expiry, vol) are laid out once for `maxPaths` paths; each call only fills the forwards.
 */
export const black76BatchPricer: ContractPricerFactory = (contracts, d, maxPaths) => {
  const c = contracts.count;
  const n = c * maxPaths;
  const isCall = new Uint8Array(n);
  const strike = new Float64Array(n);
  const expiryYears = new Float64Array(n);
  const vol = new Float64Array(n);
  const forward = new Float64Array(n);
  for (let p = 0; p < maxPaths; p++) {
    isCall.set(contracts.isCall, p * c);
    strike.set(contracts.strike, p * c);
    expiryYears.set(contracts.horizonExpiryYears, p * c);
    vol.set(contracts.vol, p * c);
  }
  const input: Black76BatchInput = { isCall, forward, strike, expiryYears, vol, rate: contracts.rate };
  const delta = new Float64Array(n);
  const gamma = new Float64Array(n);
  const vega = new Float64Array(n);
  const theta = new Float64Array(n);
  let output: Black76BatchOutput | null = null;
  const token = contracts.token;
  const f0 = contracts.forward;
  return {
    name: 'black76Batch (js)',
    maxPaths,
    price(g, _logG, paths, out) {
      for (let p = 0; p < paths; p++) {
        const row = p * d;
        const base = p * c;
        for (let k = 0; k < c; k++)
          forward[base + k] = (f0[k] as number) * (g[row + (token[k] as number)] as number);
      }
      if (output?.price !== out) output = { price: out, delta, gamma, vega, theta };
      black76Batch(input, output, 0, paths * c);
    },
  };
};
