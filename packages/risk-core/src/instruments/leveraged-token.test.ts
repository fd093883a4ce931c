import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskInputError } from '../errors.ts';
import {
  leveragedTokenExposure,
  leveragedTokenNavAfterMove,
  leveragedTokenRebalance,
} from './leveraged-token.ts';

/** Closed-form arithmetic on a few doubles. */
const REL = 1e-12;

describe('leveraged tokens', () => {
  it('exposure h n L USD: 1,000 BTC3L at NAV 10 = 30,000 USD of BTC = 0.5 BTC at 60,000', () => {
    const e = leveragedTokenExposure({ holding: 1_000, nav: 10, leverage: 3, price: 60_000 });
    expect(e.deltaUsd).toBeCloseTo(30_000, 9);
    expect(e.deltaTokens).toBeCloseTo(0.5, 12);
    expect(e.marketValueUsd).toBe(10_000);
  });

  it('a short token (L = -3) is short the underlying', () => {
    const e = leveragedTokenExposure({ holding: 1_000, nav: 10, leverage: -3, price: 60_000 });
    expect(e.deltaUsd).toBeCloseTo(-30_000, 9);
  });

  it('rebalance h n L (L-1) r, checked against the explicit before/after computation', () => {
    // Long 3x, +10%: exposure 30,000 -> 33,000; NAV 10,000 -> 13,000; target 39,000; buy 6,000.
    expect(leveragedTokenRebalance({ holding: 1_000, nav: 10, leverage: 3, move: 0.1 })).toBeCloseTo(
      6_000,
      9,
    );
    // Short 1x, +10%: exposure -10,000 -> -11,000; NAV -> 9,000; target -9,000; buy 2,000 (same sign as move).
    expect(leveragedTokenRebalance({ holding: 1_000, nav: 10, leverage: -1, move: 0.1 })).toBeCloseTo(
      2_000,
      9,
    );
  });

  it('NAV after a move n (1 + L r), floored at zero', () => {
    expect(leveragedTokenNavAfterMove(10, 3, 0.1)).toBeCloseTo(13, 12);
    expect(leveragedTokenNavAfterMove(10, 3, -0.5)).toBe(0);
  });

  it('rejects zero leverage and negative NAV', () => {
    expect(() => leveragedTokenExposure({ holding: 1, nav: 1, leverage: 0, price: 1 })).toThrow(
      RiskInputError,
    );
    expect(() => leveragedTokenExposure({ holding: 1, nav: -1, leverage: 3, price: 1 })).toThrow(/^nav: /);
    expect(() => leveragedTokenRebalance({ holding: 1, nav: 1, leverage: 3, move: -1 })).toThrow(/^move: /);
  });

  it('property: rebalance = target exposure after - exposure after (independent derivation); same sign as move', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0.01, max: 1e3, noNaN: true }),
        fc.constantFrom(-3, -2, -1, 2, 3, 5),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        (h, n, L, r) => {
          const navAfter = n * (1 + L * r);
          const explicit = L * h * navAfter - h * n * L * (1 + r);
          const trade = leveragedTokenRebalance({ holding: h, nav: n, leverage: L, move: r });
          expect(Math.abs(trade - explicit)).toBeLessThanOrEqual(REL * h * n * L * L + 1e-9);
          if (h > 1e-6 && Math.abs(r) > 1e-9) expect(Math.sign(trade)).toBe(Math.sign(r));
        },
      ),
    );
  });
});
