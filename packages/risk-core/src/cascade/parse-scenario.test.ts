import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import { parseCascadeScenario } from './parse-scenario.ts';

const minimal = () => ({
  prices: { BTC: 100_000, ETH: 4_000, USDC: 1 },
  shock: { BTC: -0.1 },
});

describe('parseCascadeScenario', () => {
  it('bands spread evenly; HF buckets become positions with debt = collateral x LT / HF', () => {
    const s = parseCascadeScenario({
      ...minimal(),
      impact: { default: { model: 'sqrt', depthUsd: 1e8 }, ETH: { model: 'linear', depthUsd: 5e7 } },
      perps: [
        {
          venue: 'v',
          token: 'BTC',
          side: 'long',
          band: { from: 95_000, to: 85_000, count: 3, notionalUsd: 3e6 },
        },
      ],
      lending: [
        {
          protocol: 'aave-v3',
          collateral: 'ETH',
          debt: 'USDC',
          liquidationThreshold: 0.8,
          liquidationBonus: 1.05,
          hfBuckets: [[1.25, 1e6]],
        },
      ],
    });
    expect(s.perps[0]?.levels).toEqual([95_000, 90_000, 85_000]);
    expect(s.perps[0]?.notionalUsd).toEqual([1e6, 1e6, 1e6]);
    expect(s.lending[0]?.positions[0]?.collateralAmount).toBeCloseTo(250, 12);
    expect(s.lending[0]?.positions[0]?.debtAmount).toBeCloseTo(640_000, 6);
    expect(s.impact.BTC).toEqual({ model: 'sqrt', depthUsd: 1e8 });
    expect(s.impact.ETH).toEqual({ model: 'linear', depthUsd: 5e7 });
    expect(s.impact.USDC).toBeUndefined(); // stablecoins never get the default
    expect(s.options.maxRounds).toBe(50);
  });

  it('an embedded portfolio: its errors are reported under portfolio.', () => {
    expect(() =>
      parseCascadeScenario({
        ...minimal(),
        portfolio: {
          valuationTime: '2026-01-01T00:00:00Z',
          market: { spot: { BTC: 1 } },
          positions: [{ id: 'x', account: 'a', kind: 'spot', underlying: 'BTC', quantity: 'ten' }],
        },
      }),
    ).toThrow(/^portfolio\.positions\[0\]\.quantity: position "x".*"ten"/);
  });

  it('invalid input: RiskInputError naming field and value', () => {
    const cases: [unknown, RegExp][] = [
      [{ ...minimal(), prices: { BTC: -1 } }, /^prices\.BTC: .*-1/],
      [
        { ...minimal(), perps: [{ venue: 'v', token: 'BTC', side: 'up', levels: [[1, 1]] }] },
        /^perps\[0\]\.side: .*"up"/,
      ],
      [
        { ...minimal(), perps: [{ venue: 'v', token: 'BTC', side: 'long', levels: [[1, -5]] }] },
        /^perps\[0\]\.levels\[0\]\[1\]: .*-5/,
      ],
      [
        {
          ...minimal(),
          lending: [
            {
              protocol: 'p',
              collateral: 'SOL',
              debt: 'USDC',
              liquidationThreshold: 0.8,
              liquidationBonus: 1.05,
              positions: [],
            },
          ],
        },
        /^lending\[0\]\.collateral: .*"SOL"/,
      ],
      [
        {
          ...minimal(),
          lending: [
            {
              protocol: 'p',
              collateral: 'ETH',
              debt: 'USDC',
              liquidationThreshold: 0.8,
              liquidationBonus: 0.9,
              positions: [],
            },
          ],
        },
        /^lending\[0\]\.liquidationBonus: .*0\.9/,
      ],
      [{ ...minimal(), options: { maxRounds: 2.5 } }, /^options\.maxRounds: .*2\.5/],
      [{ ...minimal(), impact: { BTC: { model: 'cubic', depthUsd: 1 } } }, /^impact\.BTC\.model: .*"cubic"/],
      [{ ...minimal(), portfolio: 'book.json' }, /^portfolio: .*"book\.json"/],
    ];
    for (const [raw, re] of cases) {
      expect(() => parseCascadeScenario(raw)).toThrow(RiskInputError);
      expect(() => parseCascadeScenario(raw)).toThrow(re);
    }
  });
});
