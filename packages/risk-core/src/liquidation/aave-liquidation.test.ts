import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AaveAccountInput } from './aave-liquidation.ts';
import { aaveLiquidationCall, aaveMaxLiquidatableDebt } from './aave-liquidation.ts';
import type { PairLiquidationOut } from './aave-pair.ts';
import { aavePairLiquidation } from './aave-pair.ts';
import { AAVE_V3_3_PARAMS, validateAaveParams } from './aave-params.ts';

/** Amounts computed with a handful of double operations. */
const REL = 1e-12;

const usd = (token: string, amount: number, lt = 0.8, bonus = 1.05) => ({
  token,
  amount,
  price: 1,
  liquidationThreshold: lt,
  liquidationBonus: bonus,
});

describe('Aave v3.3 close factor (aave-v3-origin docs/3.3/Aave-v3.3-features.md, LiquidationLogic.sol)', () => {
  it('2.1: the 50% close factor applies to the whole position: 3k GHO of 9k debt is liquidatable at once', () => {
    // 3k GHO + 3k USDC + 3k DAI debt, 9k ETH collateral; LT 0.97 puts HF at 0.97 (> 0.95).
    const account: AaveAccountInput = {
      supplies: [
        { token: 'ETH', amount: 3, price: 3_000, liquidationThreshold: 0.97, liquidationBonus: 1.05 },
      ],
      borrows: [
        { token: 'GHO', amount: 3_000, price: 1 },
        { token: 'USDC', amount: 3_000, price: 1 },
        { token: 'DAI', amount: 3_000, price: 1 },
      ],
    };
    const { maxDebt } = aaveMaxLiquidatableDebt(account, { collateralToken: 'ETH', debtToken: 'GHO' });
    expect(maxDebt).toBe(3_000);
    // A single 9k debt reserve is capped at 50% of the total.
    const single = { ...account, borrows: [{ token: 'GHO', amount: 9_000, price: 1 }] };
    const capped = aaveMaxLiquidatableDebt(single, { collateralToken: 'ETH', debtToken: 'GHO' });
    expect(capped).toEqual({ maxDebt: 4_500, closeFactor: 0.5 });
  });

  it('2.2: threshold 1,000 USD, 1,200 collateral A, 900 debt B, HF 0.96 -> 100% of debt B', () => {
    const params = { ...AAVE_V3_3_PARAMS, minBaseMaxCloseFactorUsd: 1_000, minLeftoverUsd: 500 };
    const account: AaveAccountInput = {
      supplies: [usd('A', 1_200, (0.96 * 900) / 1_200)],
      borrows: [{ token: 'B', amount: 900, price: 1 }],
    };
    expect(aaveMaxLiquidatableDebt(account, { collateralToken: 'A', debtToken: 'B' }, params).maxDebt).toBe(
      900,
    );
  });

  it('HF <= 0.95 allows 100%; just above, 50% (CLOSE_FACTOR_HF_THRESHOLD = 0.95e18, inclusive)', () => {
    const at = (hf: number): AaveAccountInput => ({
      supplies: [usd('ETH', 100_000, hf / 2)],
      borrows: [{ token: 'USDC', amount: 50_000, price: 1 }],
    });
    const req = { collateralToken: 'ETH', debtToken: 'USDC' };
    expect(aaveMaxLiquidatableDebt(at(0.95), req).closeFactor).toBe(1);
    expect(aaveMaxLiquidatableDebt(at(0.9501), req).closeFactor).toBe(0.5);
    // Below 2,000 USD of collateral or debt: 100% at any HF < 1.
    const small = {
      supplies: [usd('ETH', 1_999, 0.99)],
      borrows: [{ token: 'USDC', amount: 1_990, price: 1 }],
    };
    expect(aaveMaxLiquidatableDebt(small, req).closeFactor).toBe(1);
  });

  it('2.3 dust: 400 A + 1,000 B collateral, 900 A + 400 B debt, HF 0.94, leftover 500', () => {
    // "liquidate up to 400e8 of debt A or 100% of debt A"; with bonus 1 and unit prices the
    // collateral taken equals the debt repaid.
    const params = { ...AAVE_V3_3_PARAMS, minBaseMaxCloseFactorUsd: 1_000, minLeftoverUsd: 500 };
    const lt = (0.94 * 1_300) / 1_400;
    const account: AaveAccountInput = {
      supplies: [usd('A', 400, lt, 1), usd('B', 1_000, lt, 1)],
      borrows: [
        { token: 'A', amount: 900, price: 1 },
        { token: 'B', amount: 400, price: 1 },
      ],
    };
    const call = (debtToCover: number) =>
      aaveLiquidationCall(account, { collateralToken: 'B', debtToken: 'A', debtToCover }, params);
    expect(call(400).allowed).toBe(true);
    expect(call(450).allowed).toBe(false);
    expect(call(450).reason).toContain('MUST_NOT_LEAVE_DUST');
    expect(call(900).allowed).toBe(true);
    // "liquidate 100% of debt B" with collateral A (400 for 400).
    expect(aaveLiquidationCall(account, { collateralToken: 'A', debtToken: 'B' }, params).debtRepaid).toBe(
      400,
    );
  });
});

describe('Aave liquidation amounts', () => {
  it('collateral = debt x Pd / Pc x bonus; the protocol fee takes its share of the bonus part', () => {
    // 1,000 USDC repaid against ETH at 2,000, bonus 1.05, fee 10%: 0.525 ETH taken,
    // bonus part 0.025 ETH, fee 0.0025 ETH, liquidator 0.5225 ETH.
    const account: AaveAccountInput = {
      supplies: [
        { token: 'ETH', amount: 10, price: 2_000, liquidationThreshold: 0.8, liquidationBonus: 1.05 },
      ],
      borrows: [{ token: 'USDC', amount: 17_000, price: 1 }],
    };
    const r = aaveLiquidationCall(
      account,
      { collateralToken: 'ETH', debtToken: 'USDC', debtToCover: 1_000 },
      { ...AAVE_V3_3_PARAMS, protocolFee: 0.1 },
    );
    expect(r.allowed).toBe(true);
    expect(r.collateralTaken).toBeCloseTo(0.525, 14);
    expect(r.protocolFee).toBeCloseTo(0.0025, 14);
    expect(r.collateralToLiquidator).toBeCloseTo(0.5225, 14);
  });

  it('collateral exhausted: repay collateral / bonus, the rest is bad debt (v3.3 deficit)', () => {
    const account: AaveAccountInput = {
      supplies: [{ token: 'ETH', amount: 1, price: 1_000, liquidationThreshold: 0.8, liquidationBonus: 1.1 }],
      borrows: [{ token: 'USDC', amount: 1_500, price: 1 }],
    };
    const r = aaveLiquidationCall(account, { collateralToken: 'ETH', debtToken: 'USDC' });
    expect(r.collateralTaken).toBe(1);
    expect(r.debtRepaid).toBeCloseTo(1_000 / 1.1, 10);
    expect(r.badDebtUsd).toBeCloseTo(1_500 - 1_000 / 1.1, 10);
    expect(r.healthFactorAfter).toBe(Number.POSITIVE_INFINITY);
  });

  it('healthy accounts are not liquidatable', () => {
    const r = aaveLiquidationCall(
      { supplies: [usd('ETH', 10_000)], borrows: [{ token: 'USDC', amount: 1_000, price: 1 }] },
      { collateralToken: 'ETH', debtToken: 'USDC' },
    );
    expect(r.allowed).toBe(false);
  });

  it('property: HF after - HF before = r (HF - LT x bonus) / (B - r) (single collateral, fixed prices)', () => {
    // Independent identity: with W = C x LT, HF = W / B and W' = W - r bonus LT, B' = B - r:
    // HF' - HF = r (HF - LT bonus) / (B - r).
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 0.9, noNaN: true }),
        fc.double({ min: 1, max: 1.15, noNaN: true }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        fc.double({ min: 1e4, max: 1e8, noNaN: true }),
        fc.double({ min: 0.01, max: 0.49, noNaN: true }),
        (lt, bonus, hf, debt, share) => {
          const c = (hf * debt) / lt;
          const account: AaveAccountInput = {
            supplies: [
              {
                token: 'ETH',
                amount: c / 2_000,
                price: 2_000,
                liquidationThreshold: lt,
                liquidationBonus: bonus,
              },
            ],
            borrows: [{ token: 'USDC', amount: debt, price: 1 }],
          };
          const r = aaveLiquidationCall(account, {
            collateralToken: 'ETH',
            debtToken: 'USDC',
            debtToCover: share * debt,
          });
          // The identity is for partial liquidations (collateral left, no bad debt burned).
          if (!r.allowed || r.badDebtUsd > 0) return;
          const repaid = r.debtRepaidUsd;
          const expected = hf + (repaid * (hf - lt * bonus)) / (debt - repaid);
          expect(Math.abs(r.healthFactorAfter - expected)).toBeLessThan(1e-9 * Math.max(1, expected));
        },
      ),
    );
  });

  it('property: the pair core (cascade inner loop) = the general call with the same amount', () => {
    const out: PairLiquidationOut = { repaid: 0, taken: 0, fee: 0, badDebt: 0, closeFactor: 0 };
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e4, noNaN: true }),
        fc.double({ min: 100, max: 1e7, noNaN: true }),
        fc.double({ min: 100, max: 1e5, noNaN: true }),
        fc.double({ min: 0.5, max: 0.9, noNaN: true }),
        fc.double({ min: 1, max: 1.15, noNaN: true }),
        fc.double({ min: 0.3, max: 1.5, noNaN: true }),
        (c, _d, pc, lt, bonus, hf) => {
          const d = (c * pc * lt) / hf;
          const ok = aavePairLiquidation(c, d, pc, 1, lt, bonus, AAVE_V3_3_PARAMS, out);
          const account: AaveAccountInput = {
            supplies: [
              { token: 'X', amount: c, price: pc, liquidationThreshold: lt, liquidationBonus: bonus },
            ],
            borrows: [{ token: 'USDC', amount: d, price: 1 }],
          };
          if (!ok) {
            // Only healthy accounts, or calls that would revert on chain, give nothing.
            if (hf < 1)
              expect(aaveLiquidationCall(account, { collateralToken: 'X', debtToken: 'USDC' }).allowed).toBe(
                false,
              );
            return;
          }
          const r = aaveLiquidationCall(account, {
            collateralToken: 'X',
            debtToken: 'USDC',
            debtToCover: out.repaid,
          });
          expect(r.allowed).toBe(true);
          expect(Math.abs(r.debtRepaid - out.repaid)).toBeLessThanOrEqual(REL * d);
          expect(Math.abs(r.collateralTaken - out.taken)).toBeLessThanOrEqual(REL * c);
          expect(Math.abs(r.badDebtUsd - out.badDebt)).toBeLessThanOrEqual(REL * d);
        },
      ),
    );
  });

  it('parameters are validated naming the field', () => {
    expect(() => validateAaveParams({ ...AAVE_V3_3_PARAMS, closeFactor: 0 }, 'lending.protocols.x')).toThrow(
      /^lending\.protocols\.x\.closeFactor: .*\(got 0\)/,
    );
  });
});
