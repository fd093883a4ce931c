import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PositionExposure, TokenLeg } from '../exposure/types.ts';
import { aggregateExposures } from './aggregate.ts';

function leg(token: string, deltaTokens: number, price: number, extra: Partial<TokenLeg> = {}): TokenLeg {
  return {
    token,
    quantityTokens: deltaTokens,
    notionalUsd: Math.abs(deltaTokens) * price,
    deltaTokens,
    deltaUsd: deltaTokens * price,
    gamma: 0,
    cashGammaUsd: 0,
    vegaUsd: 0,
    thetaUsd: 0,
    marketValueUsd: deltaTokens * price,
    ...extra,
  };
}

function position(
  id: string,
  account: string,
  legs: TokenLeg[],
  bucket: PositionExposure['bucket'] = 'perp/spot',
) {
  return {
    id,
    account,
    venue: account.split('-')[0] ?? account,
    fund: 'f1',
    kind: 'spot',
    bucket,
    legs,
    marketValueUsd: legs.reduce((a, l) => a + l.marketValueUsd, 0),
  } satisfies PositionExposure;
}

const book: PositionExposure[] = [
  position('a', 'deribit-main', [leg('BTC', 2, 100)]),
  position('b', 'deribit-main', [leg('BTC', -3, 100, { vegaUsd: 5 })], '7-30d'),
  position('c', 'binance-um', [leg('ETH', 10, 10), leg('USDC', -50, 1)]),
];

describe('aggregateExposures', () => {
  it('nets per token and keeps gross per leg (hand sums)', () => {
    const [all] = aggregateExposures(book, [], (t) => t === 'USDC');
    const btc = all?.tokens.find((t) => t.token === 'BTC');
    expect(btc).toMatchObject({
      deltaTokens: -1,
      deltaUsd: -100,
      grossDeltaUsd: 500,
      notionalUsd: 500,
      vegaUsd: 5,
    });
    expect(all?.positions).toBe(3);
    // Non-stable USD totals: BTC -100 + ETH 100 = 0 net; gross 500 + 100.
    expect(all?.usd).toMatchObject({ netDeltaUsd: 0, grossDeltaUsd: 600, marketValueUsd: -50 });
  });

  it('groups by account then token', () => {
    const groups = aggregateExposures(book, ['account', 'underlying']);
    expect(groups.map((g) => [g.key.account, g.key.underlying, g.tokens.length])).toEqual([
      ['deribit-main', 'BTC', 1],
      ['binance-um', 'ETH', 1],
      ['binance-um', 'USDC', 1],
    ]);
  });

  it('groups by expiry bucket and venue', () => {
    expect(aggregateExposures(book, ['bucket']).map((g) => [g.key.bucket, g.positions])).toEqual([
      ['perp/spot', 2],
      ['7-30d', 1],
    ]);
    expect(aggregateExposures(book, ['venue']).map((g) => g.key.venue)).toEqual(['deribit', 'binance']);
  });

  it('property: summing the groups of any dimension gives the portfolio totals', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            account: fc.constantFrom('x', 'y', 'z'),
            token: fc.constantFrom('BTC', 'ETH'),
            delta: fc.integer({ min: -1000, max: 1000 }),
          }),
          { maxLength: 30 },
        ),
        fc.constantFrom('account' as const, 'underlying' as const, 'bucket' as const, 'fund' as const),
        (rows, dim) => {
          const exps = rows.map((r, i) => position(`p${i}`, r.account, [leg(r.token, r.delta, 7)]));
          const total = aggregateExposures(exps, [])[0]?.usd.netDeltaUsd ?? 0;
          const parts = aggregateExposures(exps, [dim]).reduce((a, g) => a + g.usd.netDeltaUsd, 0);
          expect(parts).toBe(total);
          expect(total).toBe(rows.reduce((a, r) => a + r.delta * 7, 0));
        },
      ),
    );
  });
});
