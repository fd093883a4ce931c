import type { CompiledPortfolio } from '../compile/types.ts';
import { FusedOptionValuation } from './fused-option-valuation.ts';
import type { OptionValuation } from './option-valuation.ts';

/**
 * Paths per block of the default (fused) exact valuation: its buffers are per token and per column,
 * not per contract, so blocks can be long (fewer per-contract set-ups per path). Even.
 */
export const FUSED_BLOCK_PATHS = 1024;

/** Paths per block for a `ContractPricer`: about 16k contract prices per pricing call, even (antithetic pairs). */
export function defaultBlockPaths(contracts: number): number {
  const b = Math.max(2, Math.min(1024, Math.floor(16_384 / Math.max(1, contracts))));
  return b - (b % 2);
}

/**
 * Full revaluation of a compiled portfolio on blocks of scenarios: from the log gross returns
 * y = ln g of every path it writes the loss (-P&L, USD) and its contributions, per token (the P&L
 * of the terms attributed to each token) then per account; both sets add up to the loss (up to
 * rounding). Buffers are allocated once; {@link PortfolioRevaluer.evaluate} allocates nothing.
 * The result of a path depends on that path's returns only (not on the block it is evaluated in).
 */
export class PortfolioRevaluer {
  readonly compiled: CompiledPortfolio;
  /** Simulated tokens d. */
  readonly dimension: number;
  /** Components per path: d tokens then the accounts. */
  readonly components: number;
  readonly maxPaths: number;
  /** How option P&L is obtained (exact pricing or grid). */
  readonly options: OptionValuation;
  private readonly g: Float64Array;
  private readonly u: Float64Array;

  /**
   * @param compiled from `compilePortfolio`.
   * @param options option valuation for blocks of `maxPaths` (default: exact,
   *   `FusedOptionValuation`).
   * @param maxPaths largest block (default {@link FUSED_BLOCK_PATHS} for the default valuation,
   *   else {@link defaultBlockPaths}).
   */
  constructor(
    compiled: CompiledPortfolio,
    options?: (contracts: CompiledPortfolio['options'], d: number, maxPaths: number) => OptionValuation,
    maxPaths?: number,
  ) {
    this.compiled = compiled;
    this.dimension = compiled.tokens.length;
    this.components = this.dimension + compiled.accounts.length;
    this.maxPaths = maxPaths ?? (options ? defaultBlockPaths(compiled.options.count) : FUSED_BLOCK_PATHS);
    const n = this.maxPaths * this.dimension;
    this.g = new Float64Array(n);
    this.u = new Float64Array(n);
    this.options = options
      ? options(compiled.options, this.dimension, this.maxPaths)
      : new FusedOptionValuation(compiled.options, this.dimension, this.maxPaths);
  }

  /**
   * Revalues `paths` scenarios (<= maxPaths).
   * @param logG ln g per path and token (paths x d, row-major): spot and every forward of token i
   *   move by g_i = exp(logG[p d + i]).
   * @param loss out: loss per path (USD, positive = money lost).
   * @param contributions out: paths x components, row-major (tokens then accounts), in loss units.
   */
  evaluate(logG: Float64Array, paths: number, loss: Float64Array, contributions: Float64Array): void {
    const d = this.dimension;
    const k = this.components;
    const cp = this.compiled;
    const { g, u } = this;
    for (let i = 0; i < paths * d; i++) {
      // u = g - 1 without cancellation for small moves; g = 1 + u (within an ulp of e^y).
      const v = Math.expm1(logG[i] as number);
      u[i] = v;
      g[i] = 1 + v;
    }
    const lin = cp.linear;
    const la = cp.linearByAccount;
    const nla = la.coefficient.length;
    for (let p = 0; p < paths; p++) {
      const row = p * k;
      const acc = row + d;
      const ur = p * d;
      for (let j = 0; j < k; j++) contributions[row + j] = 0;
      for (let i = 0; i < d; i++) contributions[row + i] = (lin[i] as number) * (u[ur + i] as number);
      for (let e = 0; e < nla; e++) {
        const a = acc + (la.account[e] as number);
        contributions[a] =
          (contributions[a] as number) +
          (la.coefficient[e] as number) * (u[ur + (la.token[e] as number)] as number);
      }
    }
    this.options.addPnl(g, logG, paths, contributions, k);
    for (let p = 0; p < paths; p++) {
      const row = p * k;
      this.exotics(p, row, contributions);
      let total = 0;
      for (let i = 0; i < d; i++) total += contributions[row + i] as number;
      loss[p] = -total;
      for (let j = 0; j < k; j++) contributions[row + j] = -(contributions[row + j] as number);
    }
  }

  /** Quanto and leveraged-token terms of path p (rare kinds, kept out of the main loop). */
  private exotics(p: number, row: number, out: Float64Array): void {
    const d = this.dimension;
    const { u } = this;
    const q = this.compiled.quanto;
    for (let j = 0; j < q.count; j++) {
      const x = q.priceToken[j] as number;
      const c = q.coinToken[j] as number;
      const ux = x < 0 ? 0 : (u[p * d + x] as number);
      const uc = c < 0 ? 0 : (u[p * d + c] as number);
      // a g_X g_C - b g_C - (a - b) = a (u_X + u_C + u_X u_C) - b u_C
      const pnl = (q.a[j] as number) * (ux + uc + ux * uc) - (q.b[j] as number) * uc;
      const t = row + (x < 0 ? c : x);
      if (x >= 0 || c >= 0) out[t] = (out[t] as number) + pnl;
      const a = row + d + (q.account[j] as number);
      out[a] = (out[a] as number) + pnl;
    }
    const l = this.compiled.leveraged;
    for (let j = 0; j < l.count; j++) {
      const t = l.token[j] as number;
      const m = 1 + (l.leverage[j] as number) * (u[p * d + t] as number);
      const pnl = (l.value[j] as number) * (Math.max(m, 0) - 1);
      out[row + t] = (out[row + t] as number) + pnl;
      const a = row + d + (l.account[j] as number);
      out[a] = (out[a] as number) + pnl;
    }
  }
}

/**
 * Losses and contributions of `n` scenarios held in memory (historical simulation, tests), revalued
 * block by block.
 * @param logG n x d log gross returns.
 */
export function revalueScenarios(
  revaluer: PortfolioRevaluer,
  logG: Float64Array,
  n: number,
): { loss: Float64Array; contributions: Float64Array; components: number } {
  const d = revaluer.dimension;
  const k = revaluer.components;
  const loss = new Float64Array(n);
  const contributions = new Float64Array(n * k);
  for (let s = 0; s < n; s += revaluer.maxPaths) {
    const m = Math.min(revaluer.maxPaths, n - s);
    revaluer.evaluate(
      logG.subarray(s * d, (s + m) * d),
      m,
      loss.subarray(s, s + m),
      contributions.subarray(s * k, (s + m) * k),
    );
  }
  return { loss, contributions, components: k };
}
