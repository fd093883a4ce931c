import { RiskInputError } from '../../errors.ts';
import type { Black76BatchInput, Black76BatchOutput } from '../../pricer/black76-batch.ts';
import { black76Batch } from '../../pricer/black76-batch.ts';
import { black76BatchSimd } from '../../pricer/wasm/black76-simd.ts';
import type { OptionContracts } from '../compile/types.ts';
import type { OptionValuation } from './option-valuation.ts';
import { ExactOptionValuation, subsetContracts } from './option-valuation.ts';
import type { ContractPricerFactory } from './pricer.ts';

/** Options of {@link OptionGridValuation}. */
export interface OptionGridOptions {
  /** Per token, the range [lo, hi] of ln g the grid covers (paths outside are priced exactly). */
  lo: Float64Array;
  hi: Float64Array;
  /** Grid steps per unit of the smallest total vol s = sigma sqrt(T - h/365) of a token's contracts (default 32). */
  resolution?: number;
  /** Most cells per token (default 16384); contracts needing a finer grid are priced exactly. */
  maxCells?: number;
  /** Measure the interpolation error at every cell midpoint against exact prices (default true). */
  check?: boolean;
  /** Kernel of the exact parts (default `defaultPricer`: WebAssembly SIMD). */
  pricerFactory?: ContractPricerFactory;
}

/** The grid of one token: cubic pieces of the option P&L of its contracts, total and per account. */
interface TokenGrid {
  token: number;
  y0: number;
  invStep: number;
  cells: number;
  /** Functions: 0 = total, then one per account in `accounts`. */
  functions: number;
  accounts: Int32Array;
  /** cells x functions x 4 polynomial coefficients in t = (y - y_j)/step. */
  coef: Float64Array;
  /** Exact pricing of the token's gridded contracts for paths off the grid. */
  fallback: ExactOptionValuation;
  /** Largest |interpolated - exact| of the total at the cell midpoints, USD. */
  midpointError: number;
  /** Gridded contracts. */
  contracts: number;
}

/** What a grid valuation reports. */
export interface OptionGridReport {
  /** Per token with a grid: cells, contracts on it, step in ln g, largest midpoint error (USD). */
  tokens: {
    token: number;
    /** Token symbol, when the caller names it (the run spec does). */
    symbol?: string;
    cells: number;
    contracts: number;
    step: number;
    maxMidpointError: number;
  }[];
  /** Contracts priced exactly on every path (expiring within the horizon, or too short-dated for the grid). */
  exactContracts: number;
}

/**
 * Option revaluation by "grid Monte Carlo" (Pritsker, "Evaluating Value at Risk methodologies:
 * accuracy versus computational time", J. Financial Services Research 12, 1997): under the spec's
 * semantics an option's value depends on its own token's move only (forward F g, vols kept,
 * expiry shortened), so the P&L of all options on token i, in total and per account, is a
 * function f_i(y) of y = ln g_i alone. Each f_i is evaluated by full revaluation of every contract
 * (Black-76 price and delta, `black76BatchSimd`) at the nodes y_j = lo + j step, with its exact derivative
 * sum Q Delta F e^y, and interpolated by cubic Hermite pieces: the interpolation error is
 * <= step^4 / 384 max |f''''| (de Boor, A Practical Guide to Splines, 2001, ch. IV), and with
 * step = s_min / 32 (s_min the smallest total vol of the token's contracts) it is ~1e-10 of the
 * options' notional or less; the largest error at the cell midpoints is measured against exact
 * prices when the grid is built and reported. Paths beyond the grid and contracts that expire
 * within the horizon (kinked intrinsic payoff) or need a finer grid than `maxCells` are priced
 * exactly. The cost per path is then O(tokens x accounts), independent of the number of contracts.
 */
export class OptionGridValuation implements OptionValuation {
  readonly mode = 'grid' as const;
  readonly kernel: string;
  readonly report: OptionGridReport;
  private readonly d: number;
  private readonly grids: TokenGrid[];
  private readonly exact: ExactOptionValuation | null;
  private readonly scratchG: Float64Array;
  private readonly scratchLogG: Float64Array;
  private scratchRow: Float64Array;

  constructor(contracts: OptionContracts, d: number, maxPaths: number, options: OptionGridOptions) {
    this.d = d;
    const resolution = options.resolution ?? 32;
    const maxCells = options.maxCells ?? 16_384;
    const exactSet: number[] = [];
    this.grids = [];
    for (let i = 0; i < d; i++) {
      const mine: number[] = [];
      for (let c = 0; c < contracts.count; c++) if (contracts.token[c] === i) mine.push(c);
      if (mine.length === 0) continue;
      const lo = options.lo[i] as number;
      const hi = options.hi[i] as number;
      const s = (c: number) =>
        (contracts.vol[c] as number) * Math.sqrt(contracts.horizonExpiryYears[c] as number);
      const live = mine.filter((c) => s(c) > 0);
      exactSet.push(...mine.filter((c) => !(s(c) > 0)));
      if (live.length === 0) continue;
      const sMin = Math.min(...live.map(s));
      const step = Math.max(sMin / resolution, (hi - lo) / maxCells);
      const gridded = live.filter((c) => s(c) >= step * resolution * (1 - 1e-12));
      exactSet.push(...live.filter((c) => !(s(c) >= step * resolution * (1 - 1e-12))));
      if (gridded.length === 0) continue;
      this.grids.push(
        buildGrid(
          subsetContracts(contracts, gridded),
          i,
          d,
          lo,
          hi,
          step,
          options.pricerFactory,
          options.check ?? true,
        ),
      );
    }
    exactSet.sort((a, b) => a - b);
    this.exact =
      exactSet.length > 0
        ? new ExactOptionValuation(subsetContracts(contracts, exactSet), d, maxPaths, options.pricerFactory)
        : null;
    this.kernel = `grid(cubic Hermite) + ${this.exact?.kernel ?? this.grids[0]?.fallback.kernel ?? 'none'}`;
    this.scratchG = new Float64Array(d);
    this.scratchLogG = new Float64Array(d);
    this.scratchRow = new Float64Array(0);
    this.report = {
      tokens: this.grids.map((g) => ({
        token: g.token,
        cells: g.cells,
        contracts: g.contracts,
        step: 1 / g.invStep,
        maxMidpointError: g.midpointError,
      })),
      exactContracts: exactSet.length,
    };
  }

  addPnl(g: Float64Array, logG: Float64Array, paths: number, rows: Float64Array, k: number): void {
    if (this.exact !== null) this.exact.addPnl(g, logG, paths, rows, k);
    const d = this.d;
    for (const grid of this.grids) {
      const { token, y0, invStep, cells, functions, accounts, coef } = grid;
      for (let p = 0; p < paths; p++) {
        const u = ((logG[p * d + token] as number) - y0) * invStep;
        const j = Math.floor(u);
        const row = p * k;
        if (!(j >= 0 && j < cells)) {
          this.offGrid(grid, g, logG, p, rows, k);
          continue;
        }
        const t = u - j;
        let base = j * functions * 4;
        const total =
          (coef[base] as number) +
          t *
            ((coef[base + 1] as number) + t * ((coef[base + 2] as number) + t * (coef[base + 3] as number)));
        rows[row + token] = (rows[row + token] as number) + total;
        for (let f = 1; f < functions; f++) {
          base += 4;
          const v =
            (coef[base] as number) +
            t *
              ((coef[base + 1] as number) +
                t * ((coef[base + 2] as number) + t * (coef[base + 3] as number)));
          const a = row + d + (accounts[f - 1] as number);
          rows[a] = (rows[a] as number) + v;
        }
      }
    }
  }

  /** Exact pricing of one token's gridded contracts on path p (beyond the grid). */
  private offGrid(
    grid: TokenGrid,
    g: Float64Array,
    logG: Float64Array,
    p: number,
    rows: Float64Array,
    k: number,
  ): void {
    const d = this.d;
    for (let i = 0; i < d; i++) {
      this.scratchG[i] = g[p * d + i] as number;
      this.scratchLogG[i] = logG[p * d + i] as number;
    }
    if (this.scratchRow.length !== k) this.scratchRow = new Float64Array(k);
    this.scratchRow.fill(0);
    grid.fallback.addPnl(this.scratchG, this.scratchLogG, 1, this.scratchRow, k);
    for (let j = 0; j < k; j++)
      rows[p * k + j] = (rows[p * k + j] as number) + (this.scratchRow[j] as number);
  }
}

/**
 * Price and delta for the grid nodes: the WebAssembly SIMD batch kernel (`black76BatchSimd`, within
 * 1e-13 of the forward scale of `black76Batch`), or `black76Batch` where WebAssembly is unavailable.
 */
function priceBatch(input: Black76BatchInput, out: Black76BatchOutput, end: number): void {
  try {
    black76BatchSimd(input, out, 0, end);
  } catch (e) {
    if (e instanceof RiskInputError) throw e;
    black76Batch(input, out, 0, end);
  }
}

/** Elements per pricing call of the grid build (bounds its memory). */
const BUILD_BLOCK = 16_384;

/**
 * Calls `visit(j, value, slope, m)` for blocks of the points y_j with the unit P&L
 * V(F e^y, T') - V(F, T) of every contract (value[(j - j0) m + c]) and its y-derivative
 * Delta F e^y, priced by `black76Batch` (price and forward delta), BUILD_BLOCK prices at a time.
 */
function unitPnl(
  o: OptionContracts,
  ys: Float64Array,
  visit: (j0: number, count: number, value: Float64Array, slope: Float64Array) => void,
): void {
  const m = o.count;
  const per = Math.max(1, Math.floor(BUILD_BLOCK / m));
  const n = per * m;
  const forward = new Float64Array(n);
  const isCall = new Uint8Array(n);
  const strike = new Float64Array(n);
  const expiryYears = new Float64Array(n);
  const vol = new Float64Array(n);
  for (let j = 0; j < per; j++) {
    isCall.set(o.isCall, j * m);
    strike.set(o.strike, j * m);
    expiryYears.set(o.horizonExpiryYears, j * m);
    vol.set(o.vol, j * m);
  }
  const out = {
    price: new Float64Array(n),
    delta: new Float64Array(n),
    gamma: new Float64Array(n),
    vega: new Float64Array(n),
    theta: new Float64Array(n),
  };
  const value = new Float64Array(n);
  const slope = new Float64Array(n);
  for (let j0 = 0; j0 < ys.length; j0 += per) {
    const count = Math.min(per, ys.length - j0);
    for (let j = 0; j < count; j++) {
      const e = Math.exp(ys[j0 + j] as number);
      for (let c = 0; c < m; c++) forward[j * m + c] = (o.forward[c] as number) * e;
    }
    priceBatch({ isCall, forward, strike, expiryYears, vol, rate: o.rate }, out, count * m);
    for (let i = 0; i < count * m; i++) {
      value[i] = (out.price[i] as number) - (o.basePrice[i % m] as number);
      slope[i] = (out.delta[i] as number) * (forward[i] as number);
    }
    visit(j0, count, value, slope);
  }
}

function buildGrid(
  o: OptionContracts,
  token: number,
  d: number,
  lo: number,
  hi: number,
  step: number,
  pricerFactory: ContractPricerFactory | undefined,
  check: boolean,
): TokenGrid {
  const cells = Math.max(1, Math.ceil((hi - lo) / step));
  const m = o.count;
  const accountList = [...new Set(Array.from(o.account))].sort((a, b) => a - b);
  const slotOf = new Map(accountList.map((a, f) => [a, f + 1]));
  const slot = Int32Array.from(o.account, (a) => slotOf.get(a) as number);
  const functions = 1 + accountList.length;
  const nodes = Float64Array.from({ length: cells + 1 }, (_, j) => lo + j * step);
  // f[j * functions + fn], df/dy likewise.
  const f = new Float64Array((cells + 1) * functions);
  const df = new Float64Array((cells + 1) * functions);
  unitPnl(o, nodes, (j0, count, value, slope) => {
    for (let jj = 0; jj < count; jj++) {
      const j = j0 + jj;
      for (let c = 0; c < m; c++) {
        const v = value[jj * m + c] as number;
        const s = slope[jj * m + c] as number;
        const q = o.quantity[c] as number;
        f[j * functions] = (f[j * functions] as number) + q * v;
        df[j * functions] = (df[j * functions] as number) + q * s;
        for (let e = o.accountStart[c] as number; e < (o.accountStart[c + 1] as number); e++) {
          const idx = j * functions + (slot[e] as number);
          const qa = o.accountQuantity[e] as number;
          f[idx] = (f[idx] as number) + qa * v;
          df[idx] = (df[idx] as number) + qa * s;
        }
      }
    }
  });
  const coef = new Float64Array(cells * functions * 4);
  for (let j = 0; j < cells; j++) {
    for (let fn = 0; fn < functions; fn++) {
      const f0 = f[j * functions + fn] as number;
      const f1 = f[(j + 1) * functions + fn] as number;
      const m0 = step * (df[j * functions + fn] as number);
      const m1 = step * (df[(j + 1) * functions + fn] as number);
      const b = (j * functions + fn) * 4;
      coef[b] = f0;
      coef[b + 1] = m0;
      coef[b + 2] = 3 * (f1 - f0) - 2 * m0 - m1;
      coef[b + 3] = 2 * (f0 - f1) + m0 + m1;
    }
  }
  const grid = (error: number): TokenGrid => ({
    token,
    y0: lo,
    invStep: 1 / step,
    cells,
    functions,
    accounts: Int32Array.from(accountList),
    coef,
    fallback: new ExactOptionValuation(o, d, 1, pricerFactory),
    midpointError: error,
    contracts: m,
  });
  // A posteriori check of the total at the cell midpoints (t = 1/2); NaN when not requested.
  if (!check) return grid(Number.NaN);
  const mids = Float64Array.from({ length: cells }, (_, j) => lo + (j + 0.5) * step);
  let midpointError = 0;
  unitPnl(o, mids, (j0, count, exactMid) => {
    for (let jj = 0; jj < count; jj++) {
      const j = j0 + jj;
      let exact = 0;
      for (let c = 0; c < m; c++) exact += (o.quantity[c] as number) * (exactMid[jj * m + c] as number);
      const b = j * functions * 4;
      const interp =
        (coef[b] as number) +
        0.5 * ((coef[b + 1] as number) + 0.5 * ((coef[b + 2] as number) + 0.5 * (coef[b + 3] as number)));
      midpointError = Math.max(midpointError, Math.abs(interp - exact));
    }
  });
  return grid(midpointError);
}
