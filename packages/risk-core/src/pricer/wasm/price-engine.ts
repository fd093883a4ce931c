import { RiskInputError } from '../../errors.ts';
import { black76Range } from '../black76-kernel.ts';
import type { Black76WasmInstance } from './instance.ts';
import { createBlack76Instance } from './instance.ts';
import { inKernelPriceRange, inKernelStdDevRange, KERNEL_MAX_PRICE } from './kernel-domain.ts';

/*
 * Price-only Black-76 for Monte Carlo full revaluation on the WebAssembly SIMD kernel
 * (assembly/black76.ts black76Prices). Layout, for a VaR engine that groups its work by distinct
 * contract: the engine owns two contract-major matrices in the kernel's linear memory,
 *   forwards[c * stride + p]   the forward of contract c on path p (written by the caller, in place)
 *   prices[c * stride + p]     its discounted Black-76 price (written by price())
 * with `stride` = maxPaths rounded up to even. Per-contract constants (strike, s = sigma sqrt T, 1/s,
 * discount, call/put) are computed once by setContracts; price() then streams each contract's paths
 * through the kernel. No allocation and no copy per call: the views stay valid for the engine's
 * lifetime (its memory never grows). One engine per thread (each has its own instance).
 */

/** Per-contract inputs of the engine (index c = contract). */
export interface Black76Contracts {
  /** 1 for a call, 0 for a put. */
  readonly isCall: ArrayLike<number>;
  /** Strikes K (> 0, quote currency per unit of underlying). */
  readonly strike: ArrayLike<number>;
  /** Times to expiry in years ACT/365 from the revaluation date (>= 0; 0 prices the intrinsic value). */
  readonly expiryYears: ArrayLike<number>;
  /** Black volatilities (> 0, decimal). */
  readonly vol: ArrayLike<number>;
  /** Discount factors e^{-rT} to the revaluation date (finite, > 0). */
  readonly discount: ArrayLike<number>;
}

/** Capacity of an engine. */
export interface Black76PriceEngineOptions {
  /** Largest number of distinct contracts (>= 1). */
  readonly maxContracts: number;
  /** Largest number of paths per contract (>= 1). */
  readonly maxPaths: number;
}

/** See {@link createBlack76PriceEngine}. */
export interface Black76PriceEngine {
  readonly maxContracts: number;
  readonly maxPaths: number;
  /** Doubles per contract row of `forwards` and `prices` (maxPaths rounded up to even). */
  readonly stride: number;
  /** Contract-major forwards, `forwards[c * stride + p]`; the caller writes them in place. */
  readonly forwards: Float64Array;
  /** Contract-major prices, `prices[c * stride + p]`, written by {@link Black76PriceEngine.price}. */
  readonly prices: Float64Array;
  /** Number of contracts set by the last {@link Black76PriceEngine.setContracts}. */
  readonly contractCount: number;
  /**
   * Validates and stores the contracts (count defaults to `strike.length`).
   * @throws {RiskInputError} naming `<field>[c]` for the first invalid contract, or `contracts` when
   * count exceeds maxContracts.
   */
  setContracts(contracts: Black76Contracts, count?: number): void;
  /**
   * Prices paths 0 <= p < `paths` of every contract set: prices[c * stride + p] = discount_c x Black-76
   * undiscounted value at forwards[c * stride + p] (DESIGN.md conventions, Black 1976).
   * @throws {RiskInputError} `INVALID_NUMBER` / `OUT_OF_DOMAIN` naming `forwards[c * stride + p]` for a
   * forward that is not finite and > 0; `OUT_OF_DOMAIN` (`paths`) for paths outside [0, maxPaths].
   */
  price(paths: number): void;
}

/** Contract record of the kernel (assembly/black76.ts black76Prices): 8 doubles. */
const RECORD = 8;

function requireCount(field: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 1 && value <= 2 ** 26)) {
    throw new RiskInputError('OUT_OF_DOMAIN', field, value, 'must be an integer in [1, 2^26]');
  }
}

function bad(field: string, c: number, value: number, rule: string): never {
  throw new RiskInputError(
    Number.isFinite(value) ? 'OUT_OF_DOMAIN' : 'INVALID_NUMBER',
    `${field}[${c}]`,
    value,
    rule,
  );
}

/** Scalar path of one contract (or one path): reusable single-element arrays for black76Range. */
class ScalarPath {
  readonly isCall = new Uint8Array(1);
  readonly forward = new Float64Array(1);
  readonly strike = new Float64Array(1);
  readonly expiry = new Float64Array(1);
  readonly vol = new Float64Array(1);
  readonly out = [
    new Float64Array(1),
    new Float64Array(1),
    new Float64Array(1),
    new Float64Array(1),
    new Float64Array(1),
  ];

  /** Undiscounted Black-76 price (rate 0) of the contract at forward F. */
  undiscounted(call: number, F: number, K: number, T: number, v: number): number {
    this.isCall[0] = call;
    this.forward[0] = F;
    this.strike[0] = K;
    this.expiry[0] = T;
    this.vol[0] = v;
    const [p, d, g, ve, th] = this.out as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    black76Range(
      this.isCall,
      this.forward,
      this.strike,
      this.expiry,
      this.vol,
      null,
      0,
      p,
      d,
      g,
      ve,
      th,
      0,
      1,
    );
    return p[0] as number;
  }
}

/**
 * An allocation-free price-only Black-76 engine on the WebAssembly SIMD kernel, sized for
 * `maxContracts` x `maxPaths` (memory: 16 bytes x maxContracts x stride plus ~100 kB).
 * @throws {RiskInputError} `OUT_OF_DOMAIN` for a capacity that is not an integer in [1, 2^26] or whose
 * matrices exceed 1 GiB.
 */
export function createBlack76PriceEngine(options: Black76PriceEngineOptions): Black76PriceEngine {
  const { maxContracts, maxPaths } = options;
  requireCount('maxContracts', maxContracts);
  requireCount('maxPaths', maxPaths);
  const stride = maxPaths + (maxPaths % 2);
  const matrixBytes = maxContracts * stride * 8;
  if (matrixBytes > 2 ** 30) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'maxContracts',
      maxContracts,
      'maxContracts x maxPaths x 8 bytes must be <= 1 GiB',
    );
  }
  const recordBytes = maxContracts * RECORD * 8;
  const fallbackBytes = (maxPaths + 2) * 4;
  const instance: Black76WasmInstance = createBlack76Instance(
    recordBytes + 2 * matrixBytes + fallbackBytes + 256,
  );
  const buffer = instance.memory.buffer;
  const recordsAt = instance.heapBase;
  const forwardsAt = recordsAt + recordBytes;
  const pricesAt = forwardsAt + matrixBytes;
  const fallbackAt = pricesAt + matrixBytes;
  const records = new Float64Array(buffer, recordsAt, maxContracts * RECORD);
  const forwards = new Float64Array(buffer, forwardsAt, maxContracts * stride);
  const prices = new Float64Array(buffer, pricesAt, maxContracts * stride);
  const fallback = new Int32Array(buffer, fallbackAt, maxPaths + 2);
  // Scalar parameters of each contract (for its fallback paths).
  const params = new Float64Array(maxContracts * 5); // isCall, K, T, vol, D
  const scalar = new ScalarPath();
  let contractCount = 0;

  function scalarPrice(c: number, index: number): void {
    const F = forwards[index] as number;
    if (!(F > 0 && F < Number.POSITIVE_INFINITY)) bad('forwards', index, F, 'must be a finite number > 0');
    const q = c * 5;
    const u = scalar.undiscounted(
      params[q] as number,
      F,
      params[q + 1] as number,
      params[q + 2] as number,
      params[q + 3] as number,
    );
    prices[index] = (params[q + 4] as number) * u;
  }

  return {
    maxContracts,
    maxPaths,
    stride,
    forwards,
    prices,
    get contractCount() {
      return contractCount;
    },
    setContracts(contracts: Black76Contracts, count: number = contracts.strike.length): void {
      if (!(Number.isInteger(count) && count >= 0 && count <= maxContracts)) {
        throw new RiskInputError(
          'OUT_OF_DOMAIN',
          'contracts',
          count,
          `count must be an integer in [0, ${maxContracts}]`,
        );
      }
      const { isCall, strike, expiryYears, vol, discount } = contracts;
      for (const [field, array] of [
        ['isCall', isCall],
        ['strike', strike],
        ['expiryYears', expiryYears],
        ['vol', vol],
        ['discount', discount],
      ] as const) {
        if (array.length < count) {
          throw new RiskInputError('OUT_OF_DOMAIN', `${field}.length`, array.length, `must be >= ${count}`);
        }
      }
      for (let c = 0; c < count; c++) {
        const call = isCall[c] as number;
        const K = strike[c] as number;
        const T = expiryYears[c] as number;
        const v = vol[c] as number;
        const D = discount[c] as number;
        if (call !== 0 && call !== 1) bad('isCall', c, call, 'must be 1 (call) or 0 (put)');
        if (!(K > 0 && K < Number.POSITIVE_INFINITY)) bad('strike', c, K, 'must be a finite number > 0');
        if (!(T >= 0 && T < Number.POSITIVE_INFINITY))
          bad('expiryYears', c, T, 'must be a finite number >= 0');
        if (!(v > 0 && v < Number.POSITIVE_INFINITY)) bad('vol', c, v, 'must be a finite number > 0');
        if (!(D > 0 && D < Number.POSITIVE_INFINITY)) bad('discount', c, D, 'must be a finite number > 0');
        const s = v * Math.sqrt(T);
        const fast = inKernelPriceRange(K) && inKernelStdDevRange(s) && D <= KERNEL_MAX_PRICE;
        const r = c * RECORD;
        records[r] = fast ? 1 : 0;
        records[r + 1] = call;
        records[r + 2] = K;
        records[r + 3] = 0;
        records[r + 4] = s;
        records[r + 5] = 1 / s;
        records[r + 6] = D;
        records[r + 7] = 0;
        params.set([call, K, T, v, D], c * 5);
      }
      contractCount = count;
    },
    price(paths: number): void {
      if (!(Number.isInteger(paths) && paths >= 0 && paths <= maxPaths)) {
        throw new RiskInputError('OUT_OF_DOMAIN', 'paths', paths, `must be an integer in [0, ${maxPaths}]`);
      }
      if (paths === 0 || contractCount === 0) return;
      const k = instance.exports;
      // One contract per kernel call, so that each call's fallback list fits maxPaths entries.
      for (let c = 0; c < contractCount; c++) {
        const row = c * stride;
        if (records[c * RECORD] !== 1) {
          for (let p = 0; p < paths; p++) scalarPrice(c, row + p);
          continue;
        }
        if (paths % 2 === 1) forwards[row + paths] = forwards[row + paths - 1] as number; // pad lane
        const count = k.black76Prices(
          1,
          paths,
          stride,
          recordsAt + c * RECORD * 8,
          forwardsAt + row * 8,
          pricesAt + row * 8,
          fallbackAt,
        );
        for (let j = 0; j < count; j++) {
          const p = fallback[j] as number;
          if (p < paths) scalarPrice(c, row + p);
        }
      }
    },
  };
}
