import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { volatilityDecay } from './decay.ts';
import { issuerRebalanceFlows } from './issuer-flows.ts';
import { effectiveLeverage, moveAtLeverage } from './leverage-drift.ts';
import { leveragedTokenNavPath } from './nav-path.ts';

/** Published NAVs are rounded to the cent. */
const CENT = 0.005;
/** FTX quotes the rebalance moves rounded ("roughly 11.15%", "6.7%"): half a tenth of a point. */
const FTX_ROUNDING = 0.0005;
/** A few double operations per step. */
const REL = 1e-12;

describe('leveraged token NAV path and rebalancing', () => {
  it('Binance BTCUP/BTCDOWN, 10% threshold: 10,000 -> 10,300 -> 11,000 -> 12,000', () => {
    // Binance leveraged tokens FAQ "What if BTC moves 40% within a day?" (standard price refreshed
    // on every 10% move): BTCUP 109 / 130 / 165.45, BTCDOWN 91 / 70 / 50.91.
    const prices = [10_000, 10_300, 11_000, 12_000];
    const up = leveragedTokenNavPath({
      prices,
      nav: 100,
      leverage: 3,
      rule: { kind: 'threshold', move: 0.1 },
    });
    const down = leveragedTokenNavPath({
      prices,
      nav: 100,
      leverage: -3,
      rule: { kind: 'threshold', move: 0.1 },
    });
    const published = { up: [100, 109, 130, 165.45], down: [100, 91, 70, 50.91] };
    for (let i = 0; i < prices.length; i++) {
      expect(Math.abs((up.nav[i] as number) - (published.up[i] as number))).toBeLessThan(CENT);
      expect(Math.abs((down.nav[i] as number) - (published.down[i] as number))).toBeLessThan(CENT);
    }
    expect(up.rebalances.map((r) => r.step)).toEqual([2]);
  });

  it('FTX ETHBULL: NAV 200, exposure 600, ETH +5% -> NAV 230, leverage ~2.74x, buys $60', () => {
    // FTX leveraged token docs (as republished by Poloniex, "FTX Leveraged Token Pricing, Value and Rebalancing").
    const p = leveragedTokenNavPath({
      prices: [1, 1.05],
      nav: 200,
      leverage: 3,
      rule: { kind: 'every-step' },
    });
    expect(p.nav[1]).toBeCloseTo(230, 10);
    expect(p.rebalances[0]?.tradeUsd).toBeCloseTo(60, 10);
    expect(p.exposureUsd[1]).toBeCloseTo(690, 10);
    expect(effectiveLeverage(3, 0.05)).toBeCloseTo(630 / 230, 12);
    expect(Math.round(effectiveLeverage(3, 0.05) * 100) / 100).toBe(2.74);
  });

  it('FTX: leverage 33% above target (4x) at about -11.15% for BULL and +6.7% for BEAR', () => {
    // FTX docs "How Do Leveraged Tokens Rebalance": "roughly 11.15% for BULL tokens, 6.7% for BEAR tokens".
    expect(Math.abs(moveAtLeverage(3, 4) - -0.1115)).toBeLessThan(FTX_ROUNDING);
    expect(Math.abs(moveAtLeverage(-3, -4) - 0.067)).toBeLessThan(FTX_ROUNDING);
    expect(effectiveLeverage(3, moveAtLeverage(3, 4))).toBeCloseTo(4, 12);
    expect(() => moveAtLeverage(3, 2)).toThrow(/^drifted: /);
  });

  it('volatility decay: +10% then -10% costs a 3x token 9% while the underlying loses 1%', () => {
    const d = volatilityDecay([100, 110, 99], 3, { kind: 'every-step' });
    expect(d.underlyingReturn).toBeCloseTo(-0.01, 14);
    expect(d.tokenReturn).toBeCloseTo(1.3 * 0.7 - 1, 14);
    expect(d.leveragedUnderlyingReturn).toBeCloseTo(-0.03, 14);
    expect(d.decay).toBeCloseTo(-0.06, 14);
    // Never rebalanced: no decay, the NAV is linear in the price.
    expect(volatilityDecay([100, 110, 99], 3, { kind: 'at', steps: [] }).decay).toBeCloseTo(0, 14);
  });

  it('property: every-step NAV = n0 prod(1 + L r_i); exposure after each rebalance = L x NAV', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.15, max: 0.15, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(-3, -2, -1, 2, 3),
        (returns, L) => {
          const prices = [100];
          for (const r of returns) prices.push((prices[prices.length - 1] as number) * (1 + r));
          const p = leveragedTokenNavPath({ prices, nav: 10, leverage: L, rule: { kind: 'every-step' } });
          let expected = 10;
          for (let i = 1; i < prices.length; i++) {
            expected = Math.max(
              0,
              expected * (1 + L * ((prices[i] as number) / (prices[i - 1] as number) - 1)),
            );
            expect(Math.abs((p.nav[i] as number) - expected)).toBeLessThanOrEqual(REL * 10 * i + 1e-12);
            expect(Math.abs((p.exposureUsd[i] as number) - L * (p.nav[i] as number))).toBeLessThanOrEqual(
              1e-9,
            );
          }
        },
      ),
    );
  });

  it('property: decay under daily rebalancing is <= 0 on a path that returns to its start (L > 1)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 1, maxLength: 10 }),
        (rs) => {
          const prices = [100];
          for (const r of rs) prices.push((prices[prices.length - 1] as number) * (1 + r));
          prices.push(100);
          expect(volatilityDecay(prices, 3, { kind: 'every-step' }).decay).toBeLessThanOrEqual(1e-12);
        },
      ),
    );
  });

  it('rejects invalid paths naming the field', () => {
    expect(() =>
      leveragedTokenNavPath({ prices: [100, -1], nav: 1, leverage: 3, rule: { kind: 'every-step' } }),
    ).toThrow(/^prices\[1\]: /);
    expect(() =>
      leveragedTokenNavPath({ prices: [100], nav: 1, leverage: 0, rule: { kind: 'every-step' } }),
    ).toThrow(RiskInputError);
  });
});

describe('issuer rebalance flows', () => {
  it('long and short products both trade with the move: 3x and -3x on 100M after -5%', () => {
    const flows = issuerRebalanceFlows(
      [
        { underlying: 'BTC', leverage: 3, outstandingUsd: 100e6, name: 'BTC3L' },
        { underlying: 'BTC', leverage: -3, outstandingUsd: 100e6, name: 'BTC3S' },
        { underlying: 'ETH', leverage: 3, outstandingUsd: 50e6 },
      ],
      { BTC: -0.05 },
    );
    expect(flows).toHaveLength(1);
    const [btc] = flows;
    // 3 x 2 x -5% = -30% of 100M; -3 x -4 x -5% = -60% of 100M.
    expect(btc?.byProduct.map((p) => p.tradeUsd)).toEqual([
      expect.closeTo(-30e6, 3),
      expect.closeTo(-60e6, 3),
    ]);
    expect(btc?.netUsd).toBeCloseTo(-90e6, 3);
    expect(btc?.sellUsd).toBeCloseTo(90e6, 3);
  });

  it('a wiped-out product sells its remaining exposure only', () => {
    const [f] = issuerRebalanceFlows([{ underlying: 'SOL', leverage: 3, outstandingUsd: 1e6 }], {
      SOL: -0.5,
    });
    expect(f?.netUsd).toBeCloseTo(-1.5e6, 6);
    expect(() => issuerRebalanceFlows([{ underlying: 'SOL', leverage: 3, outstandingUsd: -1 }], {})).toThrow(
      /^supply\[0\]\.outstandingUsd/,
    );
  });
});
