import type { LendingEvent } from './types.ts';

/**
 * Per-round accumulators, indexed by token and by protocol (perp venues, lending protocols and
 * fund accounts share one index space). Reset at the start of every round; no allocation per event.
 */
export interface RoundAcc {
  /** Net tokens traded (+ buy). */
  netTokens: Float64Array;
  soldUsd: Float64Array;
  boughtUsd: Float64Array;
  rebalanceUsd: Float64Array;
  lendingSoldTokens: Float64Array;
  /** USD liquidated per token (perps: underlying; lending: collateral taken; fund: contract notional). */
  liquidatedByToken: Float64Array;
  liquidatedByProtocol: Float64Array;
  badDebtByProtocol: Float64Array;
  perpUsd: number;
  lendingUsd: number;
  fundUsd: number;
  debtRepaidUsd: number;
  perpCount: number;
  lendingCount: number;
  fundCount: number;
  fundLiquidated: string[];
  events: { perpLevels: number[]; lending: LendingEvent[] } | null;
}

/** Accumulators for `tokens` tokens and `protocols` protocols. */
export function createRoundAcc(tokens: number, protocols: number, recordEvents: boolean): RoundAcc {
  return {
    netTokens: new Float64Array(tokens),
    soldUsd: new Float64Array(tokens),
    boughtUsd: new Float64Array(tokens),
    rebalanceUsd: new Float64Array(tokens),
    lendingSoldTokens: new Float64Array(tokens),
    liquidatedByToken: new Float64Array(tokens),
    liquidatedByProtocol: new Float64Array(protocols),
    badDebtByProtocol: new Float64Array(protocols),
    perpUsd: 0,
    lendingUsd: 0,
    fundUsd: 0,
    debtRepaidUsd: 0,
    perpCount: 0,
    lendingCount: 0,
    fundCount: 0,
    fundLiquidated: [],
    events: recordEvents ? { perpLevels: [], lending: [] } : null,
  };
}

/** Clears the accumulators for a new round. */
export function resetRoundAcc(acc: RoundAcc, recordEvents: boolean): void {
  for (const a of [
    acc.netTokens,
    acc.soldUsd,
    acc.boughtUsd,
    acc.rebalanceUsd,
    acc.lendingSoldTokens,
    acc.liquidatedByToken,
    acc.liquidatedByProtocol,
    acc.badDebtByProtocol,
  ]) {
    a.fill(0);
  }
  acc.perpUsd = 0;
  acc.lendingUsd = 0;
  acc.fundUsd = 0;
  acc.debtRepaidUsd = 0;
  acc.perpCount = 0;
  acc.lendingCount = 0;
  acc.fundCount = 0;
  acc.fundLiquidated = [];
  acc.events = recordEvents ? { perpLevels: [], lending: [] } : null;
}

/** Records a market trade of `tokens` (+ buy, - sell) of token `t` at `price`. */
export function recordTrade(acc: RoundAcc, t: number, tokens: number, price: number): void {
  acc.netTokens[t] = (acc.netTokens[t] as number) + tokens;
  if (tokens > 0) acc.boughtUsd[t] = (acc.boughtUsd[t] as number) + tokens * price;
  else acc.soldUsd[t] = (acc.soldUsd[t] as number) - tokens * price;
}
