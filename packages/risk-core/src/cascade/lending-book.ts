import type { PairLiquidationOut } from '../liquidation/aave-pair.ts';
import { aavePairLiquidation } from '../liquidation/aave-pair.ts';
import type { AaveParams } from '../liquidation/aave-params.ts';
import type { MaxHeap } from './heap.ts';
import { createHeap, heapPop, heapPush, heapTopKey } from './heap.ts';
import type { RoundAcc } from './round-acc.ts';
import { recordTrade } from './round-acc.ts';
import type { LendingGroup } from './types.ts';

/**
 * The lending population as typed arrays, one max-heap per collateral/debt pair keyed by the
 * trigger ratio `T = debt / (collateral x LT)`: a position is liquidatable when
 * `P_collateral / P_debt < T` (HF < 1), so a round pops exactly the liquidatable ones.
 */
export interface LendingBook {
  coll: Float64Array;
  debt: Float64Array;
  lt: Float64Array;
  bonus: Float64Array;
  protocol: Int32Array;
  collToken: Int32Array;
  debtToken: Int32Array;
  pairs: { c: number; d: number; heap: MaxHeap }[];
  /** Liquidation calls per event at most (Aave needs 1-3; guards against a pathological loop). */
  maxCallsPerEvent: number;
}

/** Flattens the groups (in order) into a book. */
export function buildLendingBook(
  groups: readonly LendingGroup[],
  tokenIndex: ReadonlyMap<string, number>,
  protocolIndex: ReadonlyMap<string, number>,
): LendingBook {
  const n = groups.reduce((a, g) => a + g.positions.length, 0);
  const book: LendingBook = {
    coll: new Float64Array(n),
    debt: new Float64Array(n),
    lt: new Float64Array(n),
    bonus: new Float64Array(n),
    protocol: new Int32Array(n),
    collToken: new Int32Array(n),
    debtToken: new Int32Array(n),
    pairs: [],
    maxCallsPerEvent: 16,
  };
  const pairIndex = new Map<string, number>();
  const counts: number[] = [];
  const pairOf = new Int32Array(n);
  let i = 0;
  for (const g of groups) {
    const c = tokenIndex.get(g.collateral) as number;
    const d = tokenIndex.get(g.debt) as number;
    const key = `${c}:${d}`;
    let p = pairIndex.get(key);
    if (p === undefined) {
      p = book.pairs.length;
      pairIndex.set(key, p);
      book.pairs.push({ c, d, heap: createHeap(0) });
      counts.push(0);
    }
    counts[p] = (counts[p] as number) + g.positions.length;
    for (const pos of g.positions) {
      book.coll[i] = pos.collateralAmount;
      book.debt[i] = pos.debtAmount;
      book.lt[i] = g.liquidationThreshold;
      book.bonus[i] = g.liquidationBonus;
      book.protocol[i] = protocolIndex.get(g.protocol) as number;
      book.collToken[i] = c;
      book.debtToken[i] = d;
      pairOf[i] = p;
      i++;
    }
  }
  book.pairs.forEach((pair, k) => {
    pair.heap = createHeap(counts[k] as number);
  });
  for (let j = 0; j < n; j++) {
    const d = book.debt[j] as number;
    const c = book.coll[j] as number;
    if (d > 0 && c > 0)
      heapPush(
        (book.pairs[pairOf[j] as number] as { heap: MaxHeap }).heap,
        j,
        d / (c * (book.lt[j] as number)),
      );
  }
  return book;
}

/**
 * Liquidates every lending position whose health factor is below 1 at `prices`: Aave v3.3 calls
 * (`aavePairLiquidation`, the position's protocol rules) until it is healthy again, its collateral
 * is gone (the rest is bad debt) or no valid call remains. Liquidators sell the collateral they
 * receive and buy the debt token they repaid. A partially liquidated position goes back into its
 * heap with its new trigger when `reLiquidation`; it can be liquidated again only after a further move.
 */
export function triggerLending(
  book: LendingBook,
  prices: Float64Array,
  params: readonly AaveParams[],
  acc: RoundAcc,
  reLiquidation: boolean,
  protocolNames: readonly string[],
  tokenNames: readonly string[],
  out: PairLiquidationOut,
): void {
  for (const pair of book.pairs) {
    const pc = prices[pair.c] as number;
    const pd = prices[pair.d] as number;
    const ratio = pc / pd;
    let sold = 0;
    let repaidTotal = 0;
    while (heapTopKey(pair.heap) > ratio) {
      const j = heapPop(pair.heap);
      let c = book.coll[j] as number;
      let d = book.debt[j] as number;
      const lt = book.lt[j] as number;
      const bonus = book.bonus[j] as number;
      const proto = book.protocol[j] as number;
      const p = params[proto] as AaveParams;
      let eventSold = 0;
      let eventRepaid = 0;
      let eventBad = 0;
      for (let call = 0; call < book.maxCallsPerEvent; call++) {
        if (!aavePairLiquidation(c, d, pc, pd, lt, bonus, p, out)) break;
        eventSold += out.taken - out.fee;
        eventRepaid += out.repaid;
        c -= out.taken;
        d -= out.repaid;
        if (out.badDebt > 0) {
          eventBad += out.badDebt;
          d = 0;
        }
        if (!(c > 0) || !(d > 0) || (c * pc * lt) / (d * pd) >= 1) break;
      }
      book.coll[j] = Math.max(0, c);
      book.debt[j] = Math.max(0, d);
      if (eventRepaid === 0 && eventBad === 0) continue; // no valid call: left alone
      acc.lendingCount++;
      const usd = eventSold * pc;
      acc.lendingUsd += usd;
      acc.liquidatedByToken[pair.c] = (acc.liquidatedByToken[pair.c] as number) + usd;
      acc.liquidatedByProtocol[proto] = (acc.liquidatedByProtocol[proto] as number) + usd;
      acc.badDebtByProtocol[proto] = (acc.badDebtByProtocol[proto] as number) + eventBad * pd;
      acc.debtRepaidUsd += eventRepaid * pd;
      sold += eventSold;
      repaidTotal += eventRepaid;
      acc.events?.lending.push({
        account: j,
        protocol: protocolNames[proto] as string,
        collateralToken: tokenNames[pair.c] as string,
        debtToken: tokenNames[pair.d] as string,
        collateralSold: eventSold,
        debtRepaid: eventRepaid,
        badDebtUsd: eventBad * pd,
      });
      if (reLiquidation && c > 0 && d > 0) heapPush(pair.heap, j, d / (c * lt));
    }
    if (sold > 0) {
      acc.lendingSoldTokens[pair.c] = (acc.lendingSoldTokens[pair.c] as number) + sold;
      recordTrade(acc, pair.c, -sold, pc);
    }
    if (repaidTotal > 0) recordTrade(acc, pair.d, repaidTotal, pd);
  }
}
