import type { MarketView } from '../exposure/market-view.ts';
import { healthFactor } from '../instruments/lending.ts';
import type { LendingPosition } from '../portfolio/types.ts';
import type { AaveAccountInput, AaveLiquidationResult, AaveSupplyInput } from './aave-liquidation.ts';
import { aaveLiquidationCall } from './aave-liquidation.ts';
import type { AaveParams } from './aave-params.ts';
import { AAVE_V3_3_PARAMS, FULL_LIQUIDATION_PARAMS } from './aave-params.ts';
import { lendingTriggerPrices } from './lending-triggers.ts';
import type { LendingLiquidationSpec } from './parse-margin.ts';
import type { LendingLiquidationDetails, LiquidationAmounts } from './types.ts';

/** Liquidation bonus assumed when a supply gives none (Aave v3 Ethereum WETH/WBTC: 1.05). */
export const DEFAULT_LIQUIDATION_BONUS = 1.05;

/** Relative nudge past a trigger price so that HF is strictly below 1. */
const PAST_TRIGGER = 1e-9;

/**
 * A document's lending position as an Aave account at the view's prices: one reserve per token
 * (amounts of repeated tokens added, threshold and bonus of the first entry).
 */
export function lendingAccount(
  p: LendingPosition,
  view: MarketView,
  spec: LendingLiquidationSpec | undefined,
): { account: AaveAccountInput; bonusAssumed: boolean } {
  let bonusAssumed = false;
  const supplies = new Map<string, AaveSupplyInput>();
  p.supplies.forEach((s, i) => {
    const prev = supplies.get(s.token);
    if (prev) {
      prev.amount += s.amount;
      return;
    }
    const given = spec?.liquidationBonuses[i];
    if (given === undefined) bonusAssumed = true;
    supplies.set(s.token, {
      token: s.token,
      amount: s.amount,
      price: view.spot(s.token),
      liquidationThreshold: s.liquidationThreshold,
      liquidationBonus: given ?? DEFAULT_LIQUIDATION_BONUS,
    });
  });
  const borrows = new Map<string, { token: string; amount: number; price: number }>();
  for (const b of p.borrows) {
    const prev = borrows.get(b.token);
    if (prev) prev.amount += b.amount;
    else borrows.set(b.token, { token: b.token, amount: b.amount, price: view.spot(b.token) });
  }
  return { account: { supplies: [...supplies.values()], borrows: [...borrows.values()] }, bonusAssumed };
}

/** Liquidation parameters of a lending position (`liquidationRules`, `liquidationProtocolFee`). */
export function lendingParams(spec: LendingLiquidationSpec | undefined): AaveParams {
  const base = spec?.rules === 'full' ? FULL_LIQUIDATION_PARAMS : AAVE_V3_3_PARAMS;
  return { ...base, protocolFee: spec?.protocolFee ?? base.protocolFee };
}

function largest<T extends { amount: number; price: number }>(list: readonly T[], ok: (x: T) => boolean) {
  let best: T | undefined;
  for (const x of list) if (ok(x) && (!best || x.amount * x.price > best.amount * best.price)) best = x;
  return best;
}

/**
 * The largest liquidation call that does not revert: the maximum allowed, or, when that leaves
 * dust, the amount that leaves exactly the minimum leftover.
 */
export function largestValidCall(
  account: AaveAccountInput,
  collateralToken: string,
  debtToken: string,
  params: AaveParams,
): AaveLiquidationResult {
  const first = aaveLiquidationCall(account, { collateralToken, debtToken }, params);
  if (first.allowed || first.closeFactor === 0) return first;
  const coll = account.supplies.find((s) => s.token === collateralToken);
  const debt = account.borrows.find((b) => b.token === debtToken);
  if (!coll || !debt) return first;
  const cover = Math.min(
    debt.amount - params.minLeftoverUsd / debt.price,
    (coll.amount * coll.price - params.minLeftoverUsd) / (debt.price * coll.liquidationBonus),
  );
  if (!(cover > 0)) return first;
  return aaveLiquidationCall(account, { collateralToken, debtToken, debtToCover: cover }, params);
}

function amounts(
  account: AaveAccountInput,
  r: AaveLiquidationResult,
  collateralToken: string,
  debtToken: string,
): LiquidationAmounts {
  const prices: Record<string, number> = {};
  for (const s of account.supplies) prices[s.token] = s.price;
  for (const b of account.borrows) prices[b.token] = b.price;
  return {
    collateralToken,
    debtToken,
    prices,
    healthFactor: r.healthFactorBefore,
    closeFactor: r.closeFactor,
    debtRepaid: r.debtRepaid,
    debtRepaidUsd: r.debtRepaidUsd,
    collateralTaken: r.collateralTaken,
    collateralTakenUsd: r.collateralTakenUsd,
    bonusUsd: r.collateralTakenUsd - r.debtRepaidUsd,
    badDebtUsd: r.badDebtUsd,
    healthFactorAfter: r.healthFactorAfter,
  };
}

function withPrice(account: AaveAccountInput, token: string, price: number): AaveAccountInput {
  return {
    supplies: account.supplies.map((s) => (s.token === token ? { ...s, price } : s)),
    borrows: account.borrows.map((b) => (b.token === token ? { ...b, price } : b)),
  };
}

/**
 * Lending liquidation details of a document position: health factor, trigger price per token
 * (`lendingTriggerPrices`), the nearest non-stable trigger, and the largest liquidation call
 * just past it and now (when HF < 1), with the position's rules (Aave v3.3 by default).
 *
 * @throws RiskInputError for invalid legs or missing prices.
 */
export function lendingDetails(
  p: LendingPosition,
  view: MarketView,
  spec: LendingLiquidationSpec | undefined,
): LendingLiquidationDetails {
  const { account, bonusAssumed } = lendingAccount(p, view, spec);
  const params = lendingParams(spec);
  const hf = healthFactor(account.supplies, account.borrows);
  const triggers = lendingTriggerPrices(account.supplies, account.borrows);
  const ranked = triggers
    .filter((t) => t.move !== null)
    .sort((a, b) => Math.abs(a.move as number) - Math.abs(b.move as number));
  const nearest = ranked.find((t) => !view.isStable(t.token)) ?? ranked[0];
  const bestDebt = largest(account.borrows, (b) => b.amount > 0);
  const bestColl = largest(account.supplies, (s) => s.amount > 0 && s.liquidationThreshold > 0);
  let atTrigger: LiquidationAmounts | null = null;
  if (nearest && nearest.triggerPrice !== null && bestDebt && bestColl && hf >= 1) {
    const isCollateral = nearest.role !== 'debt';
    const moved = withPrice(
      account,
      nearest.token,
      nearest.triggerPrice * (isCollateral ? 1 - PAST_TRIGGER : 1 + PAST_TRIGGER),
    );
    const collToken = isCollateral ? nearest.token : bestColl.token;
    const r = largestValidCall(moved, collToken, bestDebt.token, params);
    if (r.allowed) atTrigger = amounts(moved, r, collToken, bestDebt.token);
  }
  let now: LiquidationAmounts | null = null;
  if (hf < 1 && bestDebt && bestColl) {
    const r = largestValidCall(account, bestColl.token, bestDebt.token, params);
    if (r.allowed) now = amounts(account, r, bestColl.token, bestDebt.token);
  }
  let collateralUsd = 0;
  let debtUsd = 0;
  for (const s of account.supplies) collateralUsd += s.amount * s.price;
  for (const b of account.borrows) debtUsd += b.amount * b.price;
  return {
    ...(p.protocol === undefined ? {} : { protocol: p.protocol }),
    rules: spec?.rules ?? 'aave-v3.3',
    healthFactor: hf,
    collateralUsd,
    debtUsd,
    triggers,
    triggerToken: nearest?.token ?? null,
    atTrigger,
    now,
    bonusAssumed,
  };
}
