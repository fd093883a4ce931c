import type { PairLiquidationOut } from '../liquidation/aave-pair.ts';
import type { AaveParams } from '../liquidation/aave-params.ts';
import { AAVE_V3_3_PARAMS } from '../liquidation/aave-params.ts';
import type { FundBook } from './fund-book.ts';
import { buildFundBook, fundProtocols, triggerFund } from './fund-book.ts';
import { impactLogMove } from './impact.ts';
import { buildLendingBook, triggerLending } from './lending-book.ts';
import { buildLtBook, rebalanceLeveragedTokens } from './lt-book.ts';
import { buildPerpBooks, triggerPerpBook } from './perp-book.ts';
import type { RoundAcc } from './round-acc.ts';
import { createRoundAcc, resetRoundAcc } from './round-acc.ts';
import type { CascadeResult, CascadeRound, CascadeScenario, ImpactModel, TokenFlow } from './types.ts';
import { validateScenario } from './validate.ts';

const NO_IMPACT: ImpactModel = { model: 'none' };

function record(tokens: readonly string[], values: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  tokens.forEach((t, i) => {
    out[t] = values[i] as number;
  });
  return out;
}

function nonZero(names: readonly string[], values: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  names.forEach((n, i) => {
    const v = values[i] as number;
    if (v !== 0) out[n] = v;
  });
  return out;
}

function roundRecord(
  round: number,
  tokens: readonly string[],
  protocols: readonly string[],
  before: Float64Array,
  after: Float64Array,
  acc: RoundAcc,
): CascadeRound {
  const flows: Record<string, TokenFlow> = {};
  let rebalanceUsd = 0;
  tokens.forEach((t, i) => {
    const sold = acc.soldUsd[i] as number;
    const bought = acc.boughtUsd[i] as number;
    rebalanceUsd += acc.rebalanceUsd[i] as number;
    if (sold === 0 && bought === 0) return;
    flows[t] = {
      soldUsd: sold,
      boughtUsd: bought,
      netTokens: acc.netTokens[i] as number,
      rebalanceUsd: acc.rebalanceUsd[i] as number,
      lendingSoldTokens: acc.lendingSoldTokens[i] as number,
    };
  });
  const badDebtByProtocol = nonZero(protocols, acc.badDebtByProtocol);
  return {
    round,
    prices: record(tokens, before),
    pricesAfter: record(tokens, after),
    liquidatedUsd: acc.perpUsd + acc.lendingUsd + acc.fundUsd,
    byProtocol: nonZero(protocols, acc.liquidatedByProtocol),
    byKind: { perp: acc.perpUsd, lending: acc.lendingUsd, fund: acc.fundUsd },
    byToken: nonZero(tokens, acc.liquidatedByToken),
    debtRepaidUsd: acc.debtRepaidUsd,
    badDebtUsd: Object.values(badDebtByProtocol).reduce((a, b) => a + b, 0),
    badDebtByProtocol,
    rebalanceUsd,
    flows,
    counts: { perpLevels: acc.perpCount, lendingPositions: acc.lendingCount, fundPositions: acc.fundCount },
    fundLiquidated: acc.fundLiquidated,
    ...(acc.events ? { events: acc.events } : {}),
  };
}

function add(target: Record<string, number>, source: Record<string, number>): void {
  for (const [k, v] of Object.entries(source)) target[k] = (target[k] ?? 0) + v;
}

/**
 * Inter-protocol liquidation cascade (docs/cascade-format.md). Deterministic.
 *
 * 1. Shock: `P_s = P_0 (1 + shock)`.
 * 2. Each round, at the current prices: perpetual levels reached are liquidated (longs sold, shorts
 *    bought; sorted books with cursors), lending positions with HF < 1 are liquidated with their
 *    protocol's rules (per-pair heaps; collateral sold, debt token bought, bad debt when the
 *    collateral runs out), the fund's margin accounts and lending positions are checked, and
 *    leveraged-token issuers rebalance (`L (L - 1) r` of their NAV).
 * 3. The round's net flow per token adds to its cumulative flow since the shock, which sets the
 *    price through the impact model: `P = P_s exp(impact(cumulative) + spillovers)`.
 * 4. Repeat until a round has no liquidation and trades less than `flowToleranceUsd`, or
 *    `maxRounds`. Amplification = final move / shock.
 *
 * Each round costs O(log n + triggered) per book: levels and positions not reached are not visited.
 *
 * @throws RiskInputError naming the field for an invalid scenario (`validateScenario`).
 */
export function simulateCascade(scenario: CascadeScenario): CascadeResult {
  validateScenario(scenario);
  const { options } = scenario;
  const tokens = Object.keys(scenario.prices).sort();
  const tokenIndex = new Map(tokens.map((t, i) => [t, i]));
  const n = tokens.length;
  const stable = new Uint8Array(n);
  for (const s of scenario.stablecoins) {
    const i = tokenIndex.get(s);
    if (i !== undefined) stable[i] = 1;
  }
  const fund: FundBook | undefined = scenario.fund
    ? buildFundBook(scenario.fund.document, scenario.fund.margin, scenario.prices)
    : undefined;
  const protocols: string[] = [];
  const protocolIndex = new Map<string, number>();
  const register = (name: string) => {
    if (!protocolIndex.has(name)) {
      protocolIndex.set(name, protocols.length);
      protocols.push(name);
    }
  };
  for (const g of scenario.perps) register(g.venue);
  for (const g of scenario.lending) register(g.protocol);
  if (fund) for (const p of fundProtocols(fund)) register(p);
  const params: AaveParams[] = protocols.map((p) => scenario.lendingProtocols[p] ?? AAVE_V3_3_PARAMS);

  const p0 = new Float64Array(n);
  const shocked = new Float64Array(n);
  const impact: ImpactModel[] = [];
  tokens.forEach((t, i) => {
    p0[i] = scenario.prices[t] as number;
    shocked[i] = (p0[i] as number) * (1 + (scenario.shock[t] ?? 0));
    impact.push(stable[i] ? NO_IMPACT : (scenario.impact[t] ?? NO_IMPACT));
  });
  const spill = scenario.spillover.map((s) => ({
    from: tokenIndex.get(s.from) as number,
    to: tokenIndex.get(s.to) as number,
    beta: s.beta,
  }));
  const prices = Float64Array.from(shocked);
  const cumFlowUsd = new Float64Array(n);
  const ownLog = new Float64Array(n);

  const perpBooks = buildPerpBooks(scenario.perps, tokenIndex, protocolIndex);
  const lending = buildLendingBook(scenario.lending, tokenIndex, protocolIndex);
  const lt = buildLtBook(scenario.leveragedTokens, tokenIndex, p0);
  const acc = createRoundAcc(n, protocols.length, options.recordEvents);
  const out: PairLiquidationOut = { repaid: 0, taken: 0, fee: 0, badDebt: 0, closeFactor: 0 };
  const factor = (token: string) => {
    const i = tokenIndex.get(token);
    return i === undefined ? 1 : (prices[i] as number) / (p0[i] as number);
  };

  const rounds: CascadeRound[] = [];
  let termination: CascadeResult['termination'] = 'stable';
  for (let round = 1; ; round++) {
    if (round > options.maxRounds) {
      termination = 'round-limit';
      break;
    }
    resetRoundAcc(acc, options.recordEvents);
    for (const book of perpBooks) triggerPerpBook(book, prices[book.token] as number, acc);
    triggerLending(lending, prices, params, acc, options.reLiquidation, protocols, tokens, out);
    if (fund) triggerFund(fund, factor, tokenIndex, protocolIndex, acc, options.reLiquidation);
    rebalanceLeveragedTokens(lt, prices, acc);
    let traded = 0;
    for (let i = 0; i < n; i++) traded += (acc.soldUsd[i] as number) + (acc.boughtUsd[i] as number);
    if (acc.perpCount + acc.lendingCount + acc.fundCount === 0 && traded < options.flowToleranceUsd) break;
    const before = Float64Array.from(prices);
    for (let i = 0; i < n; i++) {
      if (stable[i]) continue;
      cumFlowUsd[i] = (cumFlowUsd[i] as number) + (acc.netTokens[i] as number) * (p0[i] as number);
      ownLog[i] = impactLogMove(impact[i] as ImpactModel, cumFlowUsd[i] as number);
    }
    const log = Float64Array.from(ownLog);
    for (const s of spill)
      if (!stable[s.to]) log[s.to] = (log[s.to] as number) + s.beta * (ownLog[s.from] as number);
    for (let i = 0; i < n; i++) prices[i] = (shocked[i] as number) * Math.exp(log[i] as number);
    rounds.push(roundRecord(round, tokens, protocols, before, prices, acc));
  }

  const amplification: Record<string, number | null> = {};
  let lead: string | null = null;
  tokens.forEach((t, i) => {
    const s = scenario.shock[t] ?? 0;
    amplification[t] = s === 0 ? null : ((prices[i] as number) / (p0[i] as number) - 1) / s;
    if (s !== 0 && (lead === null || Math.abs(s) > Math.abs(scenario.shock[lead] ?? 0))) lead = t;
  });
  const totals: CascadeResult['totals'] = {
    liquidatedUsd: 0,
    byProtocol: {},
    byKind: { perp: 0, lending: 0, fund: 0 },
    byToken: {},
    badDebtUsd: 0,
    debtRepaidUsd: 0,
    rebalanceUsd: 0,
    perpLevels: 0,
    lendingPositions: 0,
  };
  const fundLiquidated: CascadeResult['fundLiquidated'] = [];
  for (const r of rounds) {
    totals.liquidatedUsd += r.liquidatedUsd;
    add(totals.byProtocol, r.byProtocol);
    totals.byKind.perp += r.byKind.perp;
    totals.byKind.lending += r.byKind.lending;
    totals.byKind.fund += r.byKind.fund;
    add(totals.byToken, r.byToken);
    totals.badDebtUsd += r.badDebtUsd;
    totals.debtRepaidUsd += r.debtRepaidUsd;
    totals.rebalanceUsd += r.rebalanceUsd;
    totals.perpLevels += r.counts.perpLevels;
    totals.lendingPositions += r.counts.lendingPositions;
    for (const id of r.fundLiquidated) fundLiquidated.push({ id, round: r.round });
  }
  return {
    ...(scenario.name === undefined ? {} : { name: scenario.name }),
    initialPrices: record(tokens, p0),
    shockedPrices: record(tokens, shocked),
    finalPrices: record(tokens, prices),
    rounds,
    termination,
    amplification,
    leadAmplification: lead === null ? null : (amplification[lead] ?? null),
    totals,
    fundLiquidated,
  };
}
