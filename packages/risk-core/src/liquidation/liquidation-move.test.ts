import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { liquidationDistance } from './distance.ts';
import { liquidationMoves } from './liquidation-move.ts';
import type { MarginAccount, MarginContract } from './margin-account.ts';
import { marginState } from './margin-account.ts';
import { flatMarginTiers, resolveMarginTiers } from './margin-tiers.ts';

/** Venues publish liquidation prices rounded to the cent. */
const CENT = 0.005;
/**
 * Binance's COIN-M calculator output (33,599.40) is 0.019 USD below the exact formula value
 * (33,599.419); we attribute it to the calculator's internal rounding (5.5e-7 relative).
 */
const BINANCE_CALCULATOR_USD = 0.05;
/** Root of a piecewise-linear function solved in closed form: a few ulps of the price. */
const ROOT_REL = 1e-9;

const contract = (
  c: Partial<MarginContract> & Pick<MarginContract, 'id' | 'size' | 'entryPrice' | 'markPrice'>,
) =>
  ({
    underlying: 'BTC',
    settlement: 'linear',
    tiers: flatMarginTiers(0.005),
    basis: 'mark',
    ...c,
  }) as MarginContract;

const priceAt = (mark: number, move: number | null) => (move === null ? null : mark * (1 + move));

describe('Binance USDⓈ-M cross margin: the FAQ worked example', () => {
  // Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts" (b3c689c1f50a44cabb3a84e663b81d93),
  // example reproduced in freqtrade tests/exchange/test_binance.py ("From calc example"):
  // wallet 1,535,443.01 USDT; BTCUSDT long 109.488 @ 32,481.98 (mark 31,967.27, MMR 2.5%, cum 16,300);
  // ETHUSDT long 3,683.979 @ 1,456.84 (mark 1,335.18, MMR 10%, cum 135,365).
  // Published liquidation prices: BTCUSDT 26,316.89, ETHUSDT 1,153.26.
  const btc = contract({
    id: 'btc',
    size: 109.488,
    entryPrice: 32_481.98,
    markPrice: 31_967.27,
    tiers: resolveMarginTiers(
      [{ notionalUpTo: Number.POSITIVE_INFINITY, maintenanceMarginRate: 0.025, maintenanceAmount: 16_300 }],
      't',
    ),
  });
  const eth = contract({
    id: 'eth',
    underlying: 'ETH',
    size: 3_683.979,
    entryPrice: 1_456.84,
    markPrice: 1_335.18,
    tiers: resolveMarginTiers(
      [{ notionalUpTo: Number.POSITIVE_INFINITY, maintenanceMarginRate: 0.1, maintenanceAmount: 135_365 }],
      't',
    ),
  });
  const account: MarginAccount = {
    collateral: [{ token: 'USDT', amount: 1_535_443.01 }],
    contracts: [btc, eth],
    prices: { USDT: 1 },
  };

  it('BTCUSDT 26,316.89 and ETHUSDT 1,153.26 (other contract held at its mark)', () => {
    const b = liquidationMoves(account, 'BTC');
    const e = liquidationMoves(account, 'ETH');
    expect(Math.abs((priceAt(btc.markPrice, b.down) as number) - 26_316.89)).toBeLessThan(CENT);
    expect(Math.abs((priceAt(eth.markPrice, e.down) as number) - 1_153.26)).toBeLessThan(CENT);
    expect(b.up).toBeNull();
  });

  it('same BTC price with the full 2021 BTCUSDT bracket table (the 2.5% bracket applies at 26,316.89)', () => {
    const full = {
      ...btc,
      tiers: resolveMarginTiers(
        [50e3, 250e3, 1e6, 10e6, 20e6, 50e6, 100e6, 200e6, 300e6, 500e6].map((cap, i) => ({
          notionalUpTo: cap,
          maintenanceMarginRate: [0.004, 0.005, 0.01, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5][i] as number,
        })),
        't',
      ),
    };
    const b = liquidationMoves({ ...account, contracts: [full, eth] }, 'BTC');
    expect(Math.abs((priceAt(btc.markPrice, b.down) as number) - 26_316.89)).toBeLessThan(CENT);
  });

  it('at the liquidation price equity equals maintenance margin', () => {
    const b = liquidationMoves(account, 'BTC');
    const s = marginState(account, (t) => (t === 'BTC' ? 1 + (b.down as number) : 1));
    expect(Math.abs(s.equityUsd - s.maintenanceUsd)).toBeLessThan(1e-6 * s.maintenanceUsd);
  });
});

describe('Binance COIN-M (inverse) cross margin', () => {
  it('calculator: 101 BTC wallet, long 100,000 BTCUSD (100 USD) @ 45,000 -> 33,599.40', () => {
    // dev.binance.vision thread 6292 ("Coin-margined futures liquidation price calculation help"):
    // the Binance calculator shows 33,599.40. Bracket of a ~300 BTC position: MMR 12.5%, maintenance
    // amount 11.605 BTC (Binance FAQ "How to Calculate Liquidation Price of COIN-M Futures Contracts").
    const account: MarginAccount = {
      collateral: [{ token: 'BTC', amount: 101 }],
      contracts: [
        contract({
          id: 'inv',
          settlement: 'inverse',
          size: 100_000 * 100,
          entryPrice: 45_000,
          markPrice: 45_000,
          tiers: resolveMarginTiers(
            [
              {
                notionalUpTo: Number.POSITIVE_INFINITY,
                maintenanceMarginRate: 0.125,
                maintenanceAmount: 11.605,
              },
            ],
            't',
          ),
        }),
      ],
      prices: { BTC: 45_000 },
    };
    const m = liquidationMoves(account, 'BTC');
    expect(Math.abs((priceAt(45_000, m.down) as number) - 33_599.4)).toBeLessThan(BINANCE_CALCULATOR_USD);
  });
});

describe('isolated margin, maintenance on entry value (Bybit, BitMEX examples)', () => {
  it('Bybit USDT perpetual: long 1 BTC @ 20,000, 50x (IM 400), MMR 0.5% -> 19,700', () => {
    // Bybit help "Liquidation Price (USDT Contract)", Example 1 (Long): IM 400, MM 100, LP 19,700.
    const account: MarginAccount = {
      collateral: [{ token: 'USD', amount: 400 }],
      contracts: [contract({ id: 'l', size: 1, entryPrice: 20_000, markPrice: 20_000, basis: 'entry' })],
      prices: {},
    };
    expect(priceAt(20_000, liquidationMoves(account, 'BTC').down)).toBeCloseTo(19_700, 6);
  });

  it("Bybit inverse (UTA isolated): long 60,000 USD @ 50,000, 10x, MMR 0.5%: Bybit's formula", () => {
    // Bybit help "Liquidation Price Calculation under Isolated Mode (Unified Trading Account)":
    // position value 60,000 / 50,000 = 1.2 BTC, IM 1.2 / 10 = 0.12 BTC, MM 1.2 x 0.5% = 0.006 BTC,
    // LP(long) = contracts / (position value + IM - MM) = 60,000 / 1.314.
    const account: MarginAccount = {
      collateral: [{ token: 'BTC', amount: 0.12 }],
      contracts: [
        contract({
          id: 'i',
          settlement: 'inverse',
          size: 60_000,
          entryPrice: 50_000,
          markPrice: 50_000,
          basis: 'entry',
        }),
      ],
      prices: { BTC: 50_000 },
    };
    const lp = priceAt(50_000, liquidationMoves(account, 'BTC').down) as number;
    expect(Math.abs(lp / (60_000 / 1.314) - 1)).toBeLessThan(ROOT_REL);
  });

  it('BitMEX ETHUSDT: 10,000 USDT wallet, 20 contracts @ 1,000, MM 1% -> liquidation 510, bankruptcy 500', () => {
    // BitMEX "Isolated and Cross Margin Examples" (app/isolatedMarginExamples), "Karen" example.
    const account: MarginAccount = {
      collateral: [{ token: 'USDT', amount: 10_000 }],
      contracts: [
        contract({
          id: 'k',
          underlying: 'ETH',
          size: 20,
          entryPrice: 1_000,
          markPrice: 1_000,
          tiers: flatMarginTiers(0.01),
          basis: 'entry',
        }),
      ],
      prices: { USDT: 1 },
    };
    expect(priceAt(1_000, liquidationMoves(account, 'ETH').down)).toBeCloseTo(510, 9);
    expect(priceAt(1_000, liquidationMoves(account, 'ETH', 'bankruptcy').down)).toBeCloseTo(500, 9);
  });
});

describe('closed forms and properties', () => {
  it('linear isolated, mark basis: long P = (E - W/q) / (1 - r), short P = (E + W/q) / (1 + r)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        fc.double({ min: 0.001, max: 0.1, noNaN: true }),
        fc.boolean(),
        (entry, qty, initialMargin, rate, long) => {
          const q = long ? qty : -qty;
          const w = initialMargin * qty * entry;
          const account: MarginAccount = {
            collateral: [{ token: 'USD', amount: w }],
            contracts: [
              contract({
                id: 'x',
                size: q,
                entryPrice: entry,
                markPrice: entry,
                tiers: flatMarginTiers(rate),
              }),
            ],
            prices: {},
          };
          const m = liquidationMoves(account, 'BTC');
          if (initialMargin <= rate) {
            expect(m.down === 0 || m.up === 0).toBe(true);
            return;
          }
          const expected = long ? (entry - w / qty) / (1 - rate) : (entry + w / qty) / (1 + rate);
          const got = priceAt(entry, long ? m.down : m.up);
          if (long && expected <= 0) expect(got).toBeNull();
          else expect(Math.abs((got as number) / expected - 1)).toBeLessThan(ROOT_REL);
        },
      ),
    );
  });

  it('inverse isolated, mark basis, coin margin W: long P = Q (1 + r) / (W + Q / E)', () => {
    // Coin equity W + Q (1/E - 1/P) = MM = (Q/P) r  =>  P = Q (1 + r) / (W + Q/E).
    fc.assert(
      fc.property(
        fc.double({ min: 100, max: 1e5, noNaN: true }),
        fc.double({ min: 1e3, max: 1e7, noNaN: true }),
        fc.double({ min: 0.02, max: 1, noNaN: true }),
        fc.double({ min: 0.001, max: 0.01, noNaN: true }),
        (entry, face, lev, rate) => {
          const w = (face / entry) * lev;
          const account: MarginAccount = {
            collateral: [{ token: 'BTC', amount: w }],
            contracts: [
              contract({
                id: 'x',
                settlement: 'inverse',
                size: face,
                entryPrice: entry,
                markPrice: entry,
                tiers: flatMarginTiers(rate),
              }),
            ],
            prices: { BTC: entry },
          };
          const got = priceAt(entry, liquidationMoves(account, 'BTC').down) as number;
          expect(Math.abs(got / ((face * (1 + rate)) / (w + face / entry)) - 1)).toBeLessThan(ROOT_REL);
        },
      ),
    );
  });

  it('property: more collateral never brings the liquidation price closer; the cushion is positive before it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 1e5, noNaN: true }),
        fc.double({ min: -50, max: 50, noNaN: true }).filter((q) => Math.abs(q) > 0.01),
        fc.double({ min: 0.02, max: 0.6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (price, q, margin, extra) => {
          const tiers = resolveMarginTiers(
            [
              { notionalUpTo: 50_000, maintenanceMarginRate: 0.004 },
              { notionalUpTo: 250_000, maintenanceMarginRate: 0.005 },
              { notionalUpTo: Number.POSITIVE_INFINITY, maintenanceMarginRate: 0.01 },
            ],
            't',
          );
          const mk = (w: number): MarginAccount => ({
            collateral: [{ token: 'USD', amount: w }],
            contracts: [contract({ id: 'x', size: q, entryPrice: price, markPrice: price, tiers })],
            prices: {},
          });
          const w = margin * Math.abs(q) * price;
          const a = liquidationMoves(mk(w), 'BTC');
          const b = liquidationMoves(mk(w * (1 + extra)), 'BTC');
          const side = q > 0 ? 'down' : 'up';
          const ma = a[side];
          const mb = b[side];
          if (ma === null) expect(mb).toBeNull();
          else if (mb !== null) expect(Math.abs(mb)).toBeGreaterThanOrEqual(Math.abs(ma) - 1e-12);
          if (ma !== null && ma !== 0) {
            for (const f of [0.25, 0.5, 0.9]) {
              const s = marginState(mk(w), (t) => (t === 'BTC' ? 1 + ma * f : 1));
              expect(s.equityUsd).toBeGreaterThan(s.maintenanceUsd);
            }
          }
        },
      ),
    );
  });

  it('distance: (liq / current - 1) and liq - current', () => {
    const d = liquidationDistance(100_000, 80_000);
    expect(d.pct).toBeCloseTo(-0.2, 15);
    expect(d.usd).toBe(-20_000);
    expect(d.direction).toBe('down');
    expect(() => liquidationDistance(0, 1)).toThrow(/^current: /);
  });
});
