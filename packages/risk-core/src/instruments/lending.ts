import { RiskInputError } from '../errors.ts';
import type { TokenRisk } from './exposure-types.ts';
import { linearTokenRisk } from './exposure-types.ts';
import { requireNonNegative, requirePositive } from './guards.ts';

/** A supplied (collateral) asset of an Aave-style lending account. */
export interface LendingSupplyInput {
  token: string;
  /** Tokens supplied, >= 0. */
  amount: number;
  /** USD price, > 0. */
  price: number;
  /** Liquidation threshold `LT` in [0, 1] (Aave v3 WETH e.g. 0.83). */
  liquidationThreshold: number;
}

/** A borrowed (debt) asset of an Aave-style lending account. */
export interface LendingBorrowInput {
  token: string;
  /** Tokens owed, >= 0. */
  amount: number;
  /** USD price, > 0. */
  price: number;
}

/** One token leg of a lending account: supply is long the token, borrow is short. */
export interface LendingLeg extends TokenRisk {
  token: string;
  marketValueUsd: number;
}

/** Exposure of a lending account. */
export interface LendingExposure {
  /** One leg per distinct token, supply minus borrow. */
  legs: LendingLeg[];
  /** `sum supply x P - sum debt x P`, USD. */
  marketValueUsd: number;
  collateralUsd: number;
  debtUsd: number;
  /** `HF`; `Infinity` when there is no debt. */
  healthFactor: number;
  /** `HF < 1`. */
  liquidatable: boolean;
}

/**
 * Aave-style health factor (DESIGN; aave.com/docs/developers/liquidations):
 * `HF = sum(collateral_i x P_i x LT_i) / sum(debt_j x P_j)`; `Infinity` without debt.
 *
 * @throws RiskInputError for negative/non-finite amounts, non-positive prices, LT outside [0, 1].
 */
export function healthFactor(
  supplies: readonly LendingSupplyInput[],
  borrows: readonly LendingBorrowInput[],
): number {
  let weighted = 0;
  supplies.forEach((s, i) => {
    weighted += supplyUsd(s, i) * requireThreshold(s.liquidationThreshold, i);
  });
  let debt = 0;
  borrows.forEach((b, i) => {
    debt += borrowUsd(b, i);
  });
  return debt === 0 ? Number.POSITIVE_INFINITY : weighted / debt;
}

/**
 * Exposure of an Aave-style lending account: each supply is a long position in its token, each
 * borrow a short one (`deltaTokens = supplied - borrowed` per token, no gamma/vega/theta); market
 * value = collateral - debt (USD); health factor per `healthFactor`.
 *
 * @throws RiskInputError as `healthFactor`.
 */
export function lendingExposure(
  supplies: readonly LendingSupplyInput[],
  borrows: readonly LendingBorrowInput[],
): LendingExposure {
  const net = new Map<string, { amount: number; price: number }>();
  const add = (token: string, amount: number, price: number) => {
    const prev = net.get(token);
    net.set(token, { amount: (prev?.amount ?? 0) + amount, price });
  };
  let collateralUsd = 0;
  let debtUsd = 0;
  supplies.forEach((s, i) => {
    collateralUsd += supplyUsd(s, i);
    add(s.token, s.amount, s.price);
  });
  borrows.forEach((b, i) => {
    debtUsd += borrowUsd(b, i);
    add(b.token, -b.amount, b.price);
  });
  const legs = [...net.entries()].map(([token, { amount, price }]) => ({
    token,
    ...linearTokenRisk(amount, price),
    marketValueUsd: amount * price,
  }));
  const hf = healthFactor(supplies, borrows);
  return {
    legs,
    marketValueUsd: collateralUsd - debtUsd,
    collateralUsd,
    debtUsd,
    healthFactor: hf,
    liquidatable: hf < 1,
  };
}

function supplyUsd(s: LendingSupplyInput, i: number): number {
  return (
    requireNonNegative(`supplies[${i}].amount`, s.amount) * requirePositive(`supplies[${i}].price`, s.price)
  );
}

function borrowUsd(b: LendingBorrowInput, i: number): number {
  return (
    requireNonNegative(`borrows[${i}].amount`, b.amount) * requirePositive(`borrows[${i}].price`, b.price)
  );
}

function requireThreshold(value: number, i: number): number {
  const field = `supplies[${i}].liquidationThreshold`;
  requireNonNegative(field, value);
  if (value > 1) throw new RiskInputError('OUT_OF_DOMAIN', field, value, 'must be in [0, 1]');
  return value;
}
