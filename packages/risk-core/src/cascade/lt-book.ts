import { leveragedTokenRebalance } from '../instruments/leveraged-token.ts';
import type { RoundAcc } from './round-acc.ts';
import { recordTrade } from './round-acc.ts';
import type { LeveragedTokenProduct } from './types.ts';

/** Leveraged-token supply state: outstanding NAV and the price of the last rebalance. */
export interface LtBook {
  token: Int32Array;
  leverage: Float64Array;
  outstanding: Float64Array;
  refPrice: Float64Array;
  threshold: Float64Array;
}

/** Supply state at the pre-shock prices (the last rebalance point). */
export function buildLtBook(
  products: readonly LeveragedTokenProduct[],
  tokenIndex: ReadonlyMap<string, number>,
  prices: Float64Array,
): LtBook {
  const n = products.length;
  const book: LtBook = {
    token: new Int32Array(n),
    leverage: new Float64Array(n),
    outstanding: new Float64Array(n),
    refPrice: new Float64Array(n),
    threshold: new Float64Array(n),
  };
  products.forEach((p, i) => {
    const t = tokenIndex.get(p.underlying) as number;
    book.token[i] = t;
    book.leverage[i] = p.leverage;
    book.outstanding[i] = p.outstandingUsd;
    book.refPrice[i] = prices[t] as number;
    book.threshold[i] = p.rebalanceThreshold;
  });
  return book;
}

/**
 * Issuers rebalance every product whose underlying moved by at least its threshold since its
 * last rebalance (every move when the threshold is 0): trade `outstanding x L (L - 1) r` USD
 * (`leveragedTokenRebalance`; a wiped-out product sells what is left), NAV `x (1 + L r)`.
 */
export function rebalanceLeveragedTokens(book: LtBook, prices: Float64Array, acc: RoundAcc): void {
  for (let i = 0; i < book.token.length; i++) {
    const nav = book.outstanding[i] as number;
    if (!(nav > 0)) continue;
    const t = book.token[i] as number;
    const price = prices[t] as number;
    const move = price / (book.refPrice[i] as number) - 1;
    if (move === 0 || Math.abs(move) < (book.threshold[i] as number)) continue;
    const L = book.leverage[i] as number;
    const after = nav * (1 + L * move);
    const tradeUsd =
      after > 0 ? leveragedTokenRebalance({ holding: 1, nav, leverage: L, move }) : -nav * L * (1 + move);
    book.outstanding[i] = Math.max(0, after);
    book.refPrice[i] = price;
    acc.rebalanceUsd[t] = (acc.rebalanceUsd[t] as number) + tradeUsd;
    recordTrade(acc, t, tradeUsd / price, price);
  }
}
