import type { OptionContracts } from '../compile/types.ts';
import { defaultPricer } from './default-pricer.ts';
import type { ContractPricer, ContractPricerFactory } from './pricer.ts';

/**
 * How the revaluation engine gets the option P&L of a block of paths. Implementations add, for
 * every path p < paths, the USD P&L of each contract to its token's slot `rows[p k + token]` and
 * to its accounts' slots `rows[p k + d + account]` (k components per row, d tokens).
 */
export interface OptionValuation {
  /** `exact` (every contract priced on every path) or `grid` (see `OptionGridValuation`). */
  readonly mode: 'exact' | 'grid';
  readonly kernel: string;
  addPnl(g: Float64Array, logG: Float64Array, paths: number, rows: Float64Array, k: number): void;
}

/** The contracts `indices` of `o` as a set of their own (same CSR account split). */
export function subsetContracts(o: OptionContracts, indices: readonly number[]): OptionContracts {
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
    const out = make(indices.length);
    indices.forEach((c, i) => {
      out[i] = a[c] as number;
    });
    return out;
  };
  const f64 = (n: number) => new Float64Array(n);
  const accountStart = new Int32Array(indices.length + 1);
  const account: number[] = [];
  const accountQuantity: number[] = [];
  indices.forEach((c, i) => {
    for (let e = o.accountStart[c] as number; e < (o.accountStart[c + 1] as number); e++) {
      account.push(o.account[e] as number);
      accountQuantity.push(o.accountQuantity[e] as number);
    }
    accountStart[i + 1] = account.length;
  });
  return {
    count: indices.length,
    token: pick(o.token, (n) => new Int32Array(n)),
    isCall: pick(o.isCall, (n) => new Uint8Array(n)),
    forward: pick(o.forward, f64),
    strike: pick(o.strike, f64),
    expiryYears: pick(o.expiryYears, f64),
    horizonExpiryYears: pick(o.horizonExpiryYears, f64),
    vol: pick(o.vol, f64),
    rate: o.rate,
    basePrice: pick(o.basePrice, f64),
    quantity: pick(o.quantity, f64),
    accountStart,
    account: Int32Array.from(account),
    accountQuantity: Float64Array.from(accountQuantity),
    labels: indices.map((c) => o.labels[c] as string),
  };
}

/**
 * Exact option revaluation: every distinct contract is priced on every path by a
 * {@link ContractPricer} (full revaluation, the spec's semantics), P&L = Q (V(F g, T - h/365) - V(F, T)).
 * Default kernel: `defaultPricer` (WebAssembly SIMD price-only engine).
 */
export class ExactOptionValuation implements OptionValuation {
  readonly mode = 'exact' as const;
  readonly kernel: string;
  private readonly o: OptionContracts;
  private readonly d: number;
  private readonly pricer: ContractPricer;
  private readonly prices: Float64Array;

  constructor(
    contracts: OptionContracts,
    d: number,
    maxPaths: number,
    pricerFactory: ContractPricerFactory = defaultPricer,
  ) {
    this.o = contracts;
    this.d = d;
    this.pricer = pricerFactory(contracts, d, maxPaths);
    this.kernel = this.pricer.name;
    this.prices = new Float64Array(contracts.count * maxPaths);
  }

  addPnl(g: Float64Array, logG: Float64Array, paths: number, rows: Float64Array, k: number): void {
    const o = this.o;
    const nc = o.count;
    if (nc === 0) return;
    const prices = this.prices;
    this.pricer.price(g, logG, paths, prices);
    const d = this.d;
    for (let p = 0; p < paths; p++) {
      const row = p * k;
      const pr = p * nc;
      for (let c = 0; c < nc; c++) {
        const dv = (prices[pr + c] as number) - (o.basePrice[c] as number);
        const t = row + (o.token[c] as number);
        rows[t] = (rows[t] as number) + (o.quantity[c] as number) * dv;
        const end = o.accountStart[c + 1] as number;
        for (let e = o.accountStart[c] as number; e < end; e++) {
          const a = row + d + (o.account[e] as number);
          rows[a] = (rows[a] as number) + (o.accountQuantity[e] as number) * dv;
        }
      }
    }
  }
}
