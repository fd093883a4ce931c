import { RiskInputError } from '../errors.ts';
import type { LendingBorrowInput, LendingSupplyInput } from '../instruments/lending.ts';
import { healthFactor } from '../instruments/lending.ts';
import { requireFinite } from '../math/guards.ts';
import type { AaveParams } from './aave-params.ts';
import { AAVE_V3_3_PARAMS } from './aave-params.ts';

/** A collateral reserve with its liquidation bonus (Aave: 1.05 = 5% extra collateral seized). */
export interface AaveSupplyInput extends LendingSupplyInput {
  /** >= 1. */
  liquidationBonus: number;
}

/** An Aave-style account: one entry per reserve (token). */
export interface AaveAccountInput {
  supplies: readonly AaveSupplyInput[];
  borrows: readonly LendingBorrowInput[];
}

/** Which reserves a liquidation call targets. */
export interface AaveLiquidationRequest {
  collateralToken: string;
  debtToken: string;
  /** Debt tokens the liquidator offers; default: as much as allowed. */
  debtToCover?: number;
}

/** Outcome of one `liquidationCall`. */
export interface AaveLiquidationResult {
  /** False when the call would revert (HF >= 1, or it would leave dust: `MUST_NOT_LEAVE_DUST`). */
  allowed: boolean;
  reason?: string;
  healthFactorBefore: number;
  /** Share of the reserve debt that may be repaid: 0.5 or 1 (v3.3 rules). */
  closeFactor: number;
  /** Debt tokens repaid. */
  debtRepaid: number;
  debtRepaidUsd: number;
  /** Collateral tokens taken from the borrower (liquidator's share + protocol fee). */
  collateralTaken: number;
  /** Collateral tokens the liquidator receives (`debt x Pd / Pc x bonus` minus the fee). */
  collateralToLiquidator: number;
  /** Collateral tokens to the treasury: `protocolFee x bonus part`. */
  protocolFee: number;
  collateralTakenUsd: number;
  /** Debt burned as a reserve deficit when no collateral is left (v3.3 bad debt), USD. */
  badDebtUsd: number;
  healthFactorAfter: number;
  /** The account after the call (bad debt removed). */
  after: AaveAccountInput;
}

/** Relative tolerance under which a collateral amount counts as the whole reserve. */
const SNAP = 1e-12;

function reserveTotals(account: AaveAccountInput) {
  let collateralUsd = 0;
  let debtUsd = 0;
  for (const s of account.supplies) collateralUsd += s.amount * s.price;
  for (const b of account.borrows) debtUsd += b.amount * b.price;
  return { collateralUsd, debtUsd };
}

function one<T extends { token: string }>(list: readonly T[], token: string, field: string): T {
  const found = list.filter((x) => x.token === token);
  if (found.length !== 1) {
    throw new RiskInputError(
      found.length === 0 ? 'MISSING_FIELD' : 'MALFORMED_DOCUMENT',
      field,
      token,
      found.length === 0 ? 'no such reserve in the account' : 'one entry per reserve token expected',
    );
  }
  return found[0] as T;
}

/**
 * Largest debt of `debtToken` one call may repay (aave-v3-origin v3.3 `executeLiquidationCall`):
 * the whole reserve debt, unless the collateral reserve and the debt reserve are both worth at
 * least `minBaseMaxCloseFactorUsd` and HF > `fullCloseFactorHealthFactor`: then at most
 * `closeFactor x total debt` (USD, whole position, v3.3 2.1) converted to the debt token.
 */
export function aaveMaxLiquidatableDebt(
  account: AaveAccountInput,
  request: Pick<AaveLiquidationRequest, 'collateralToken' | 'debtToken'>,
  params: AaveParams = AAVE_V3_3_PARAMS,
): { maxDebt: number; closeFactor: number } {
  const coll = one(account.supplies, request.collateralToken, 'collateralToken');
  const debt = one(account.borrows, request.debtToken, 'debtToken');
  const hf = healthFactor(account.supplies, account.borrows);
  const { debtUsd } = reserveTotals(account);
  const reserveDebtUsd = debt.amount * debt.price;
  if (
    coll.amount * coll.price >= params.minBaseMaxCloseFactorUsd &&
    reserveDebtUsd >= params.minBaseMaxCloseFactorUsd &&
    hf > params.fullCloseFactorHealthFactor
  ) {
    const capUsd = params.closeFactor * debtUsd;
    if (reserveDebtUsd > capUsd) return { maxDebt: capUsd / debt.price, closeFactor: params.closeFactor };
  }
  return { maxDebt: debt.amount, closeFactor: 1 };
}

/**
 * One Aave v3.3 `liquidationCall` at the given prices (aave-v3-origin `LiquidationLogic.sol`):
 * 1. repay `min(debtToCover, max)` of the debt reserve (`aaveMaxLiquidatableDebt`);
 * 2. take `repaid x Pd / Pc x bonus` collateral; if that exceeds the reserve, take all of it and
 *    repay `collateral x Pc / Pd / bonus` instead;
 * 3. protocol fee `protocolFee x (taken - taken / bonus)` goes to the treasury;
 * 4. a partial call must leave >= `minLeftoverUsd` of both reserves, else it reverts (dust rule);
 * 5. if no collateral is left at all, the remaining debt is burned as bad debt (deficit).
 *
 * @throws RiskInputError for invalid legs, unknown reserves, a bonus < 1 or a negative debtToCover.
 */
export function aaveLiquidationCall(
  account: AaveAccountInput,
  request: AaveLiquidationRequest,
  params: AaveParams = AAVE_V3_3_PARAMS,
): AaveLiquidationResult {
  const hf = healthFactor(account.supplies, account.borrows);
  const coll = one(account.supplies, request.collateralToken, 'collateralToken');
  const debt = one(account.borrows, request.debtToken, 'debtToken');
  const bonus = requireFinite('liquidationBonus', coll.liquidationBonus);
  if (bonus < 1) throw new RiskInputError('OUT_OF_DOMAIN', 'liquidationBonus', bonus, 'must be >= 1');
  const refuse = (reason: string, closeFactor = 0): AaveLiquidationResult => ({
    allowed: false,
    reason,
    healthFactorBefore: hf,
    closeFactor,
    debtRepaid: 0,
    debtRepaidUsd: 0,
    collateralTaken: 0,
    collateralToLiquidator: 0,
    protocolFee: 0,
    collateralTakenUsd: 0,
    badDebtUsd: 0,
    healthFactorAfter: hf,
    after: account,
  });
  if (!(hf < 1)) return refuse('health factor >= 1: not liquidatable');
  const { maxDebt, closeFactor } = aaveMaxLiquidatableDebt(account, request, params);
  const offered = request.debtToCover ?? Number.POSITIVE_INFINITY;
  if (!(offered >= 0)) throw new RiskInputError('OUT_OF_DOMAIN', 'debtToCover', offered, 'must be >= 0');
  let repaid = Math.min(offered, maxDebt);
  let taken = (repaid * debt.price * bonus) / coll.price;
  // Within rounding of the whole reserve: take all of it (no 1e-12 dust left behind).
  if (taken > coll.amount * (1 - SNAP)) {
    taken = coll.amount;
    repaid = (coll.amount * coll.price) / (debt.price * bonus);
  }
  const partial = repaid < debt.amount && taken < coll.amount;
  if (
    partial &&
    ((debt.amount - repaid) * debt.price < params.minLeftoverUsd ||
      (coll.amount - taken) * coll.price < params.minLeftoverUsd)
  ) {
    return refuse('would leave less than the minimum leftover (MUST_NOT_LEAVE_DUST)', closeFactor);
  }
  const fee = (taken - taken / bonus) * params.protocolFee;
  const supplies = account.supplies.map((s) =>
    s.token === coll.token ? { ...s, amount: Math.max(0, s.amount - taken) } : s,
  );
  let borrows = account.borrows.map((b) =>
    b.token === debt.token ? { ...b, amount: Math.max(0, b.amount - repaid) } : b,
  );
  const left = reserveTotals({ supplies, borrows });
  let badDebtUsd = 0;
  if (left.collateralUsd === 0 && left.debtUsd > 0) {
    badDebtUsd = left.debtUsd;
    borrows = borrows.map((b) => ({ ...b, amount: 0 }));
  }
  const after = { supplies, borrows };
  return {
    allowed: true,
    healthFactorBefore: hf,
    closeFactor,
    debtRepaid: repaid,
    debtRepaidUsd: repaid * debt.price,
    collateralTaken: taken,
    collateralToLiquidator: taken - fee,
    protocolFee: fee,
    collateralTakenUsd: taken * coll.price,
    badDebtUsd,
    healthFactorAfter: healthFactor(supplies, borrows),
    after,
  };
}
