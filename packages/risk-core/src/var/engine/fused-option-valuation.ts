import { black76 } from '../../pricer/black76.ts';
import type { Black76BatchInput, Black76BatchOutput } from '../../pricer/black76-batch.ts';
import { black76Batch } from '../../pricer/black76-batch.ts';
import { createBlack76Instance } from '../../pricer/wasm/instance.ts';
import { inKernelPriceRange, inKernelStdDevRange } from '../../pricer/wasm/kernel-domain.ts';
import type { OptionContracts } from '../compile/types.ts';
import type { OptionValuation } from './option-valuation.ts';

/** Doubles per contract record of the kernel (assembly/option-pnl.ts OPTION_PNL_RECORD). */
const RECORD = 8;
/**
 * Largest |y| = |ln g| the kernel takes: F = F0 e^y then stays within [1e-144, 1e144] for the kernel's
 * F0 in [1e-100, 1e100], inside the domain where its exp/erfcx phases are exact to a few ulp (the
 * same bounds as black76Prices, assembly/constants.ts). Paths beyond (or NaN) are priced by `black76`.
 */
export const FUSED_MAX_ABS_LOG_MOVE = 100;

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/**
 * Exact option revaluation fused into one WebAssembly SIMD kernel (assembly/option-pnl.ts): every
 * distinct contract is priced by Black-76 on every path (full revaluation, the spec's semantics:
 * forward F0 g, kept vol, expiry T - h/365) and Q (V - V0) is added, per contract and for all paths of
 * the block at once, to column accumulators per token and per account, then added to the rows.
 * Work is grouped by contract (contract-major, the contract's constants ln(F0/K), F0/K, s = sigma
 * sqrt T', 1/s, e^{-rT'} K computed once), the log moneyness is ln(F0/K) + y (no logarithm per
 * contract and path), and nothing is allocated per block. Contracts outside the kernel's domain
 * (expiring within the horizon: T' = 0; extreme strikes or vols) are priced by `black76Batch`, paths
 * with |ln g| > FUSED_MAX_ABS_LOG_MOVE by `black76`; a path's result never depends on its block.
 * One WebAssembly instance per valuation (so per thread).
 */
export class FusedOptionValuation implements OptionValuation {
  readonly mode = 'exact' as const;
  readonly kernel = 'black76 fused contract-major revaluation (wasm simd)';
  private readonly o: OptionContracts;
  private readonly d: number;
  private readonly stride: number;
  private readonly kernelContracts: number;
  private readonly run: (paths: number) => void;
  private readonly ys: Float64Array;
  private readonly gs: Float64Array;
  private readonly columns: Float64Array;
  /** Component (row slot) of each column. */
  private readonly component: Int32Array;
  /** Tokens with options in the kernel. */
  private readonly kernelTokens: Int32Array;
  /** Contract of each slot: the kernel's contracts, then those priced by black76Batch. */
  private readonly slotContract: Int32Array;
  private readonly entryStart: Int32Array;
  private readonly entryColumn: Int32Array;
  private readonly entryWeight: Float64Array;
  private readonly batchIn: Black76BatchInput & {
    isCall: Uint8Array;
    forward: Float64Array;
    strike: Float64Array;
    expiryYears: Float64Array;
    vol: Float64Array;
  };
  private readonly batchOut: Black76BatchOutput;
  private readonly badPaths: Int32Array;

  /**
   * @param contracts the compiled portfolio's contracts.
   * @param d simulated tokens.
   * @param maxPaths largest block.
   */
  constructor(contracts: OptionContracts, d: number, maxPaths: number) {
    this.o = contracts;
    this.d = d;
    const stride = maxPaths + (maxPaths % 2);
    this.stride = stride;
    const n = contracts.count;
    // Columns: one per token with options, one per account holding options.
    const columnOf = new Map<number, number>();
    const components: number[] = [];
    const column = (component: number) => {
      let j = columnOf.get(component);
      if (j === undefined) {
        j = components.length;
        columnOf.set(component, j);
        components.push(component);
      }
      return j;
    };
    // Per contract: s = sigma sqrt T' and DK = e^{-r T'} K (the kernel's record, and its domain).
    const sOf = new Float64Array(n);
    const dkOf = new Float64Array(n);
    const fast: number[] = [];
    const scalar: number[] = [];
    for (let c = 0; c < n; c++) {
      const T = contracts.horizonExpiryYears[c] as number;
      const K = contracts.strike[c] as number;
      const s = (contracts.vol[c] as number) * Math.sqrt(T);
      const DK = Math.exp(-contracts.rate * T) * K;
      sOf[c] = s;
      dkOf[c] = DK;
      const inKernel =
        inKernelPriceRange(contracts.forward[c] as number) &&
        inKernelPriceRange(K) &&
        inKernelStdDevRange(s) &&
        DK > 0 &&
        DK < Number.POSITIVE_INFINITY;
      (inKernel ? fast : scalar).push(c);
    }
    // Entries (column, weight) per contract: its token's column with Q, then its accounts.
    const entryStart = new Int32Array(n + 1);
    const entryColumn: number[] = [];
    const entryWeight: number[] = [];
    const order = [...fast, ...scalar];
    order.forEach((c, i) => {
      entryColumn.push(column(contracts.token[c] as number));
      entryWeight.push(contracts.quantity[c] as number);
      for (let e = contracts.accountStart[c] as number; e < (contracts.accountStart[c + 1] as number); e++) {
        entryColumn.push(column(d + (contracts.account[e] as number)));
        entryWeight.push(contracts.accountQuantity[e] as number);
      }
      entryStart[i + 1] = entryColumn.length;
    });
    this.entryStart = entryStart;
    this.entryColumn = Int32Array.from(entryColumn);
    this.entryWeight = Float64Array.from(entryWeight);
    this.kernelContracts = fast.length;
    this.slotContract = Int32Array.from(order);
    this.component = Int32Array.from(components);
    this.kernelTokens = Int32Array.from(new Set(fast.map((c) => contracts.token[c] as number)));
    const ncol = Math.max(1, components.length);
    const ne = Math.max(1, entryColumn.length);

    // Linear memory: records, ys, gs, weights, columns (16-byte aligned), then the i32 arrays.
    const recordBytes = align16(Math.max(1, fast.length) * RECORD * 8);
    const pathBytes = align16(d * stride * 8);
    const weightBytes = align16(ne * 8);
    const columnBytes = align16(ncol * stride * 8);
    const startBytes = align16((fast.length + 1) * 4);
    const colIdxBytes = align16(ne * 4);
    const instance = createBlack76Instance(
      recordBytes + 2 * pathBytes + weightBytes + columnBytes + startBytes + colIdxBytes + 64,
    );
    const buffer = instance.memory.buffer;
    const recordsAt = align16(instance.heapBase);
    const ysAt = recordsAt + recordBytes;
    const gsAt = ysAt + pathBytes;
    const weightsAt = gsAt + pathBytes;
    const columnsAt = weightsAt + weightBytes;
    const startAt = columnsAt + columnBytes;
    const colIdxAt = startAt + startBytes;
    const records = new Float64Array(buffer, recordsAt, fast.length * RECORD);
    fast.forEach((c, i) => {
      const F0 = contracts.forward[c] as number;
      const K = contracts.strike[c] as number;
      const s = sOf[c] as number;
      const r = i * RECORD;
      records[r] = Math.log(F0 / K);
      records[r + 1] = F0 / K;
      records[r + 2] = s;
      records[r + 3] = 1 / s;
      records[r + 4] = dkOf[c] as number;
      records[r + 5] = contracts.isCall[c] as number;
      records[r + 6] = contracts.basePrice[c] as number;
      records[r + 7] = contracts.token[c] as number;
    });
    this.ys = new Float64Array(buffer, ysAt, d * stride);
    this.gs = new Float64Array(buffer, gsAt, d * stride);
    this.columns = new Float64Array(buffer, columnsAt, ncol * stride);
    new Float64Array(buffer, weightsAt, entryWeight.length).set(entryWeight);
    new Int32Array(buffer, startAt, fast.length + 1).set(entryStart.subarray(0, fast.length + 1));
    new Int32Array(buffer, colIdxAt, entryColumn.length).set(entryColumn);
    const exports = instance.exports;
    const count = fast.length;
    this.run = (paths) =>
      exports.optionPnl(count, paths, stride, recordsAt, ysAt, gsAt, startAt, colIdxAt, weightsAt, columnsAt);

    const f64 = () => new Float64Array(maxPaths);
    this.batchIn = {
      isCall: new Uint8Array(maxPaths),
      forward: f64(),
      strike: f64(),
      expiryYears: f64(),
      vol: f64(),
      rate: contracts.rate,
    };
    this.batchOut = { price: f64(), delta: f64(), gamma: f64(), vega: f64(), theta: f64() };
    this.badPaths = new Int32Array(maxPaths);
  }

  addPnl(g: Float64Array, logG: Float64Array, paths: number, rows: Float64Array, k: number): void {
    const o = this.o;
    if (o.count === 0 || paths === 0) return;
    const { d, stride, ys, gs, columns } = this;
    columns.fill(0);
    // Token-major y and g of the kernel's tokens; paths with a move beyond the bound are set aside.
    let bad = 0;
    const badPaths = this.badPaths;
    for (let p = 0; p < paths; p++) {
      let ok = true;
      for (let i = 0; i < this.kernelTokens.length; i++) {
        const t = this.kernelTokens[i] as number;
        if (!(Math.abs(logG[p * d + t] as number) <= FUSED_MAX_ABS_LOG_MOVE)) ok = false;
      }
      if (!ok) badPaths[bad++] = p;
      for (let i = 0; i < this.kernelTokens.length; i++) {
        const t = this.kernelTokens[i] as number;
        ys[t * stride + p] = ok ? (logG[p * d + t] as number) : 0;
        gs[t * stride + p] = ok ? (g[p * d + t] as number) : 1;
      }
    }
    if (paths % 2 === 1) {
      for (let i = 0; i < this.kernelTokens.length; i++) {
        const t = this.kernelTokens[i] as number;
        ys[t * stride + paths] = 0;
        gs[t * stride + paths] = 1;
      }
    }
    if (this.kernelContracts > 0) this.run(paths);
    this.scalarContracts(g, paths);
    for (let b = 0; b < bad; b++) this.scalarPath(g, badPaths[b] as number);
    const component = this.component;
    for (let j = 0; j < component.length; j++) {
      const slot = component[j] as number;
      const col = j * stride;
      for (let p = 0; p < paths; p++) {
        const r = p * k + slot;
        rows[r] = (rows[r] as number) + (columns[col + p] as number);
      }
    }
  }

  /** Contracts outside the kernel's domain, all paths of the block, by `black76Batch`. */
  private scalarContracts(g: Float64Array, paths: number): void {
    const o = this.o;
    const { d, stride, columns, batchIn, batchOut } = this;
    const price = batchOut.price;
    for (let slot = this.kernelContracts; slot < o.count; slot++) {
      const c = this.slotContract[slot] as number;
      const t = o.token[c] as number;
      const F0 = o.forward[c] as number;
      batchIn.isCall.fill(o.isCall[c] as number, 0, paths);
      batchIn.strike.fill(o.strike[c] as number, 0, paths);
      batchIn.expiryYears.fill(o.horizonExpiryYears[c] as number, 0, paths);
      batchIn.vol.fill(o.vol[c] as number, 0, paths);
      for (let p = 0; p < paths; p++) batchIn.forward[p] = F0 * (g[p * d + t] as number);
      black76Batch(batchIn, batchOut, 0, paths);
      const base = o.basePrice[c] as number;
      for (let e = this.entryStart[slot] as number; e < (this.entryStart[slot + 1] as number); e++) {
        const col = (this.entryColumn[e] as number) * stride;
        const w = this.entryWeight[e] as number;
        for (let p = 0; p < paths; p++)
          columns[col + p] = (columns[col + p] as number) + w * ((price[p] as number) - base);
      }
    }
  }

  /**
   * A path with a move beyond FUSED_MAX_ABS_LOG_MOVE: its lanes are recomputed from zero, every
   * contract by `black76` at F0 g (which throws RiskInputError for a forward that over/underflowed).
   */
  private scalarPath(g: Float64Array, p: number): void {
    const o = this.o;
    const { d, stride, columns } = this;
    for (let j = 0; j < this.component.length; j++) columns[j * stride + p] = 0;
    for (let slot = 0; slot < o.count; slot++) {
      const c = this.slotContract[slot] as number;
      const v = black76({
        type: o.isCall[c] === 1 ? 'call' : 'put',
        forward: (o.forward[c] as number) * (g[p * d + (o.token[c] as number)] as number),
        strike: o.strike[c] as number,
        expiryYears: o.horizonExpiryYears[c] as number,
        vol: o.vol[c] as number,
        rate: o.rate,
      }).price;
      const dv = v - (o.basePrice[c] as number);
      for (let e = this.entryStart[slot] as number; e < (this.entryStart[slot + 1] as number); e++) {
        const at = (this.entryColumn[e] as number) * stride + p;
        columns[at] = (columns[at] as number) + (this.entryWeight[e] as number) * dv;
      }
    }
  }
}
