import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import {
  maintenanceMargin,
  marginTierFor,
  nextMaintenanceAmount,
  resolveMarginTiers,
} from './margin-tiers.ts';

/** Published amounts are exact to the cent / satoshi; the recurrence is a few double operations. */
const AMOUNT_TOL = 1e-9;

/**
 * Binance USDⓈ-M BTCUSDT brackets as published on 2021-03-18 (notional cap, MMR), the ones the
 * Binance FAQ examples use; amounts left to the recurrence.
 */
const BTCUSDT_2021 = [
  { notionalUpTo: 50_000, maintenanceMarginRate: 0.004 },
  { notionalUpTo: 250_000, maintenanceMarginRate: 0.005 },
  { notionalUpTo: 1_000_000, maintenanceMarginRate: 0.01 },
  { notionalUpTo: 10_000_000, maintenanceMarginRate: 0.025 },
  { notionalUpTo: 20_000_000, maintenanceMarginRate: 0.05 },
  { notionalUpTo: 50_000_000, maintenanceMarginRate: 0.1 },
  { notionalUpTo: 100_000_000, maintenanceMarginRate: 0.125 },
  { notionalUpTo: 200_000_000, maintenanceMarginRate: 0.15 },
  { notionalUpTo: 300_000_000, maintenanceMarginRate: 0.25 },
  { notionalUpTo: 500_000_000, maintenanceMarginRate: 0.5 },
];

describe('maintenance margin brackets', () => {
  it('Binance FAQ (USDⓈ-M): Level 3 amount = 250,000 x (1% - 0.5%) + 50 = 1,300 USDT', () => {
    // Source: Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts".
    expect(nextMaintenanceAmount(50, 250_000, 0.005, 0.01)).toBeCloseTo(1_300, 9);
  });

  it('Binance FAQ (COIN-M): BTCUSD Level 5 amount = 50 BTC x (5% - 2.5%) + 0.56 BTC = 1.81 BTC', () => {
    // Source: Binance FAQ "How to Calculate Liquidation Price of COIN-M Futures Contracts".
    expect(nextMaintenanceAmount(0.56, 50, 0.025, 0.05)).toBeCloseTo(1.81, 12);
  });

  it('Binance FAQ: a 264,000 USDT BTCUSDT position has MMR 1%; 500,000 USDT has amount 1,300', () => {
    const tiers = resolveMarginTiers(BTCUSDT_2021, 'tiers');
    expect(marginTierFor(tiers, 264_000).maintenanceMarginRate).toBe(0.01);
    expect(Math.abs(marginTierFor(tiers, 500_000).maintenanceAmount - 1_300)).toBeLessThan(AMOUNT_TOL);
  });

  it('Binance FAQ (COIN-M): 100 BTCUSD contracts (100 USD) at mark 25,000 = 0.4 BTC, MM 0.0016 BTC', () => {
    // Level 1 of BTCUSD: MMR 0.4%, amount 0 (same FAQ, "Maintenance Margin Amount formula" example).
    const tiers = resolveMarginTiers([{ notionalUpTo: 5, maintenanceMarginRate: 0.004 }], 't');
    const notional = (100 * 100) / 25_000;
    expect(notional).toBe(0.4);
    expect(maintenanceMargin(tiers, notional)).toBeCloseTo(0.0016, 15);
  });

  it('the catalog BTCUSDT amounts (derived by hand in packages/db) equal the recurrence', () => {
    const catalog = JSON.parse(
      readFileSync(new URL('../../../db/data/instruments.json', import.meta.url), 'utf8'),
    ) as { instruments: { venue: string; symbol: string; marginTiers?: Required<MarginTierJson>[] }[] };
    const btc = catalog.instruments.find((i) => i.venue === 'Binance USD-M' && i.symbol === 'BTCUSDT');
    const published = btc?.marginTiers ?? [];
    expect(published.length).toBe(BTCUSDT_2021.length);
    const derived = resolveMarginTiers(BTCUSDT_2021, 'tiers');
    published.forEach((t, i) => {
      expect(t.notionalUpTo).toBe(BTCUSDT_2021[i]?.notionalUpTo);
      expect(Math.abs(t.maintenanceAmount - (derived[i]?.maintenanceAmount ?? Number.NaN))).toBeLessThan(
        AMOUNT_TOL,
      );
    });
  });

  it('property: with derived amounts MM(N) is continuous at every cap and non-decreasing', () => {
    const tiers = resolveMarginTiers(BTCUSDT_2021, 'tiers');
    for (const t of tiers.slice(0, -1)) {
      const cap = t.notionalUpTo;
      const left = maintenanceMargin(tiers, cap);
      const right = maintenanceMargin(tiers, cap * (1 + 1e-12));
      expect(Math.abs(right - left)).toBeLessThanOrEqual(1e-9 * cap);
    }
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 6e8, noNaN: true }),
        fc.double({ min: 0, max: 6e8, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(maintenanceMargin(tiers, hi)).toBeGreaterThanOrEqual(maintenanceMargin(tiers, lo) - 1e-6);
        },
      ),
    );
  });

  it('rejects bad tables naming the field and value', () => {
    expect(() => resolveMarginTiers([], 'p.marginTiers')).toThrow(RiskInputError);
    expect(() =>
      resolveMarginTiers(
        [
          { notionalUpTo: 100, maintenanceMarginRate: 0.01 },
          { notionalUpTo: 50, maintenanceMarginRate: 0.02 },
        ],
        'p.marginTiers',
      ),
    ).toThrow(/^p\.marginTiers\[1\]\.notionalUpTo: .*\(got 50\)/);
    expect(() => resolveMarginTiers([{ notionalUpTo: 1, maintenanceMarginRate: 1.5 }], 'x')).toThrow(
      /x\[0\]\.maintenanceMarginRate/,
    );
    expect(() =>
      resolveMarginTiers(
        [
          { notionalUpTo: 1, maintenanceMarginRate: 0.01, maintenanceAmount: 0 },
          { notionalUpTo: 2, maintenanceMarginRate: 0.02 },
        ],
        'x',
      ),
    ).toThrow(/x\[1\]\.maintenanceAmount/);
  });
});

interface MarginTierJson {
  notionalUpTo: number;
  maintenanceMarginRate: number;
  maintenanceAmount: number;
}
