import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePortfolio } from '../../src/portfolio/parse-document.ts';
import { PhiloxStream } from '../../src/rng/stream.ts';
import { compilePortfolio } from '../../src/var/compile/compile.ts';
import { OptionGridValuation } from '../../src/var/engine/option-grid.ts';
import { ExactOptionValuation } from '../../src/var/engine/option-valuation.ts';
import { black76BatchPricer } from '../../src/var/engine/pricer.ts';
import { PortfolioRevaluer, revalueScenarios } from '../../src/var/engine/revaluer.ts';
import { wasmPricer } from '../../src/var/engine/wasm-pricer.ts';
import { allKindsDoc, BENCH_FIXTURE, readJson, referencePnl } from './helpers.ts';

/**
 * Compiled P&L vs the exposure layer's full revaluation (independent code path: market views,
 * per-kind instrument functions, Black-76 scalar): agreement to 1e-9 of the gross delta (USD),
 * i.e. rounding only.
 */
const REVALUATION_TOL = 1e-9;
/** Grid pricing vs exact pricing: 1e-9 of the options' gross notional sum |Q| F. */
const GRID_TOL = 1e-9;
/**
 * The WebAssembly SIMD price-only engine vs the JavaScript Black-76 batch kernel: 1e-13 of the
 * forward (the kernels' documented agreement, docs/pricing.md).
 */
const KERNEL_TOL = 1e-13;
/** Components (tokens, accounts) add up to the loss up to rounding. */
const SUM_TOL = 1e-9;

function lossOf(rv: PortfolioRevaluer, logG: number[]): { loss: number; contributions: Float64Array } {
  const out = revalueScenarios(rv, Float64Array.from(logG), 1);
  return { loss: out.loss[0] as number, contributions: out.contributions };
}

describe('compilePortfolio: full revaluation of every kind', () => {
  const doc = allKindsDoc();
  const h = 1;
  const compiled = compilePortfolio(doc, { horizonDays: h });
  const rv = new PortfolioRevaluer(compiled);
  const gross = Array.from(compiled.linear).reduce((s, v) => s + Math.abs(v), 0) + 1e6;

  it('has the non-stable tokens, the accounts, and collapses nothing it should not', () => {
    expect(compiled.tokens).toEqual(['BTC', 'ETH', 'SOL']);
    expect(compiled.accounts).toContain('aave-eth');
    // btc-call-inv, sol-put-lin, btc-put-12h, eth-call-2d: 4 live contracts (expired-call is settled).
    expect(compiled.options.count).toBe(4);
    expect(compiled.quanto.count).toBe(1);
    expect(compiled.leveraged.count).toBe(2);
  });

  it('matches the exposure layer at the horizon for random joint moves (property)', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.double({ min: -0.5, max: 0.5, noNaN: true }),
          fc.double({ min: -0.5, max: 0.5, noNaN: true }),
          fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        ),
        ([x, y, z]) => {
          const { loss, contributions } = lossOf(rv, [x, y, z]);
          const ref = referencePnl(doc, { BTC: Math.exp(x), ETH: Math.exp(y), SOL: Math.exp(z) }, h);
          expect(Math.abs(-loss - ref)).toBeLessThanOrEqual(REVALUATION_TOL * gross);
          const d = compiled.tokens.length;
          const tokens = Array.from(contributions.subarray(0, d)).reduce((s, v) => s + v, 0);
          const accounts = Array.from(contributions.subarray(d)).reduce((s, v) => s + v, 0);
          expect(Math.abs(tokens - loss)).toBeLessThanOrEqual(SUM_TOL * gross);
          expect(Math.abs(accounts - loss)).toBeLessThanOrEqual(SUM_TOL * gross);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a leveraged token floors at zero on a move beyond -1/L (3x long, -40%)', () => {
    const only = parsePortfolio({
      valuationTime: '2026-11-24T08:00:00Z',
      market: { spot: { BTC: 100 } },
      positions: [
        {
          id: 'l',
          account: 'a',
          kind: 'leveraged-token',
          underlying: 'BTC',
          leverage: 3,
          nav: 10,
          quantity: 5,
        },
      ],
    });
    const r = new PortfolioRevaluer(compilePortfolio(only, { horizonDays: 1 }));
    // Value 50 USD, NAV 10 (1 + 3 (-0.4)) < 0 -> 0: the whole 50 is lost, no more.
    expect(lossOf(r, [Math.log(0.6)]).loss).toBeCloseTo(50, 12);
    expect(referencePnl(only, { BTC: 0.6 }, 1)).toBeCloseTo(-50, 12);
  });

  it('collapses positions on one contract into one priced contract with quantities per account', () => {
    const raw = readJson(BENCH_FIXTURE) as { positions: unknown[] };
    const big = parsePortfolio(raw);
    const c = compilePortfolio(big, { horizonDays: 1 });
    expect(big.positions.filter((p) => p.kind === 'option').length).toBe(640);
    expect(c.options.count).toBe(330);
    // Summed quantity of each contract = sum over its accounts.
    for (let k = 0; k < c.options.count; k++) {
      let s = 0;
      for (let e = c.options.accountStart[k] as number; e < (c.options.accountStart[k + 1] as number); e++) {
        s += c.options.accountQuantity[e] as number;
      }
      expect(s).toBeCloseTo(c.options.quantity[k] as number, 9);
    }
  });
});

describe('option grid vs exact pricing (grid Monte Carlo, Pritsker 1997)', () => {
  const doc = parsePortfolio(readJson(BENCH_FIXTURE));
  const compiled = compilePortfolio(doc, { horizonDays: 1 });
  const d = compiled.tokens.length;
  const cov = (doc.market.covariance as { daily: number[][] }).daily;
  const sd = compiled.tokens.map((_, i) => Math.sqrt(cov[i]?.[i] as number));
  const o = compiled.options;
  let notional = 0;
  for (let c = 0; c < o.count; c++) notional += Math.abs(o.quantity[c] as number) * (o.forward[c] as number);

  it('agrees with exact pricing on random paths, on and beyond the grid, and reports a tiny midpoint error', () => {
    const lo = Float64Array.from(sd, (s) => -5 * s);
    const hi = Float64Array.from(sd, (s) => 5 * s);
    const grid = new PortfolioRevaluer(
      compiled,
      (cs, dim, max) => new OptionGridValuation(cs, dim, max, { lo, hi }),
      64,
    );
    const exact = new PortfolioRevaluer(
      compiled,
      (cs, dim, max) => new ExactOptionValuation(cs, dim, max),
      64,
    );
    const rng = new PhiloxStream(99, 0);
    const n = 512;
    const logG = new Float64Array(n * d);
    // Up to 7 sd: some paths fall beyond the +-5 sd grid and are priced exactly.
    for (let i = 0; i < n * d; i++) logG[i] = 2.5 * rng.normal() * (sd[i % d] as number);
    const a = revalueScenarios(grid, logG, n);
    const b = revalueScenarios(exact, logG, n);
    let worst = 0;
    for (let p = 0; p < n; p++)
      worst = Math.max(worst, Math.abs((a.loss[p] as number) - (b.loss[p] as number)));
    expect(worst).toBeLessThanOrEqual(GRID_TOL * notional);
    const k = grid.components;
    for (let j = 0; j < n * k; j++) {
      expect(Math.abs((a.contributions[j] as number) - (b.contributions[j] as number))).toBeLessThanOrEqual(
        GRID_TOL * notional,
      );
    }
    const report = (grid.options as OptionGridValuation).report;
    expect(report.tokens).toHaveLength(5);
    for (const t of report.tokens) expect(t.maxMidpointError).toBeLessThanOrEqual(GRID_TOL * notional);
  });
});

describe('option pricing kernels behind ContractPricer', () => {
  it('the WebAssembly price-only engine and black76Batch agree on every contract and path', () => {
    const compiled = compilePortfolio(parsePortfolio(readJson(BENCH_FIXTURE)), { horizonDays: 1 });
    const o = compiled.options;
    const d = compiled.tokens.length;
    const paths = 40;
    const rng = new PhiloxStream(5, 0);
    const g = Float64Array.from({ length: paths * d }, () => Math.exp(0.08 * rng.normal()));
    const logG = g.map(Math.log);
    const a = new Float64Array(paths * o.count);
    const b = new Float64Array(paths * o.count);
    wasmPricer(o, d, paths).price(g, logG, paths, a);
    black76BatchPricer(o, d, paths).price(g, logG, paths, b);
    for (let p = 0; p < paths; p++) {
      for (let c = 0; c < o.count; c++) {
        const f = (o.forward[c] as number) * (g[p * d + (o.token[c] as number)] as number);
        expect(Math.abs((a[p * o.count + c] as number) - (b[p * o.count + c] as number))).toBeLessThanOrEqual(
          KERNEL_TOL * f,
        );
      }
    }
  });
});
