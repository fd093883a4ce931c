import type { AaveParams } from './aave-params.ts';

/** Result slots of `aavePairLiquidation` (reused across calls: no allocation in the cascade loop). */
export interface PairLiquidationOut {
  /** Debt tokens repaid. */
  repaid: number;
  /** Collateral tokens taken from the borrower (liquidator's share + protocol fee). */
  taken: number;
  /** Collateral tokens to the protocol treasury. */
  fee: number;
  /** Debt tokens burned as bad debt (no collateral left). */
  badDebt: number;
  /** Close factor applied (share of the debt repayable). */
  closeFactor: number;
}

/**
 * The largest valid Aave v3.3 liquidation call on a one-collateral, one-debt account, in plain
 * numbers (the cascade's inner loop). Same rules as `aaveLiquidationCall` with the maximum
 * `debtToCover`; when that would leave dust (reverts on chain), the liquidator repays less so that
 * exactly `minLeftoverUsd` of debt or collateral remains (the largest call that does not revert).
 *
 * @param c collateral tokens; @param d debt tokens; @param pc, pd USD prices (> 0);
 * @param lt liquidation threshold; @param bonus liquidation bonus (>= 1).
 * @returns false when nothing can be liquidated (HF >= 1, empty account, no valid amount).
 */
export function aavePairLiquidation(
  c: number,
  d: number,
  pc: number,
  pd: number,
  lt: number,
  bonus: number,
  params: AaveParams,
  out: PairLiquidationOut,
): boolean {
  out.repaid = 0;
  out.taken = 0;
  out.fee = 0;
  out.badDebt = 0;
  out.closeFactor = 0;
  if (!(d > 0) || !(c > 0)) return false;
  const collUsd = c * pc;
  const debtUsd = d * pd;
  const hf = (collUsd * lt) / debtUsd;
  if (!(hf < 1)) return false;
  let closeFactor = 1;
  if (
    collUsd >= params.minBaseMaxCloseFactorUsd &&
    debtUsd >= params.minBaseMaxCloseFactorUsd &&
    hf > params.fullCloseFactorHealthFactor
  ) {
    closeFactor = params.closeFactor;
  }
  let repaid = closeFactor * d;
  let taken = (repaid * pd * bonus) / pc;
  if (taken > c) {
    taken = c;
    repaid = (c * pc) / (pd * bonus);
  }
  if (repaid < d && taken < c) {
    const leftover = params.minLeftoverUsd;
    if ((d - repaid) * pd < leftover || (c - taken) * pc < leftover) {
      repaid = Math.min(repaid, d - leftover / pd, (collUsd - leftover) / (pd * bonus));
      if (!(repaid > 0)) return false;
      taken = (repaid * pd * bonus) / pc;
    }
  }
  out.repaid = repaid;
  out.taken = taken;
  out.fee = (taken - taken / bonus) * params.protocolFee;
  out.closeFactor = closeFactor;
  if (taken >= c && repaid < d) out.badDebt = d - repaid;
  return true;
}
