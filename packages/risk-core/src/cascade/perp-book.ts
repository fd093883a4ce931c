import type { RoundAcc } from './round-acc.ts';
import { recordTrade } from './round-acc.ts';
import type { PerpLevels } from './types.ts';

/**
 * Perpetual liquidation levels of one token and side, sorted in trigger order (longs: highest
 * level first, shorts: lowest first) with a cursor: a round consumes the levels the price has
 * crossed, O(triggered), and never visits a level twice.
 */
export interface PerpBook {
  token: number;
  /** +1 long (liquidated on a fall: sells), -1 short (on a rise: buys). */
  side: 1 | -1;
  levels: Float64Array;
  tokens: Float64Array;
  venue: Int32Array;
  /** Index of the level in the flattened input (groups in order, levels in order). */
  id: Int32Array;
  /** Next level not yet liquidated. */
  next: number;
}

/**
 * Builds one book per (token, side) from the input groups.
 * @param tokenIndex token -> index; @param protocolIndex venue -> protocol index.
 */
export function buildPerpBooks(
  groups: readonly PerpLevels[],
  tokenIndex: ReadonlyMap<string, number>,
  protocolIndex: ReadonlyMap<string, number>,
): PerpBook[] {
  const raw = new Map<
    string,
    { token: number; side: 1 | -1; levels: number[]; tokens: number[]; venue: number[]; id: number[] }
  >();
  let id = 0;
  for (const g of groups) {
    const token = tokenIndex.get(g.token) as number;
    const side = g.side === 'long' ? 1 : -1;
    const key = `${token}:${side}`;
    let r = raw.get(key);
    if (!r) {
      r = { token, side, levels: [], tokens: [], venue: [], id: [] };
      raw.set(key, r);
    }
    const venue = protocolIndex.get(g.venue) as number;
    for (let i = 0; i < g.levels.length; i++) {
      const level = g.levels[i] as number;
      r.levels.push(level);
      r.tokens.push((g.notionalUsd[i] as number) / level);
      r.venue.push(venue);
      r.id.push(id++);
    }
  }
  const books: PerpBook[] = [];
  for (const r of [...raw.values()].sort((a, b) => a.token - b.token || b.side - a.side)) {
    const n = r.levels.length;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const lv = Float64Array.from(r.levels);
    // Longs: descending levels; shorts: ascending; ties by input order (deterministic).
    order.sort((a, b) => r.side * ((lv[b] as number) - (lv[a] as number)) || a - b);
    const book: PerpBook = {
      token: r.token,
      side: r.side,
      levels: new Float64Array(n),
      tokens: new Float64Array(n),
      venue: new Int32Array(n),
      id: new Int32Array(n),
      next: 0,
    };
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      book.levels[k] = lv[i] as number;
      book.tokens[k] = r.tokens[i] as number;
      book.venue[k] = r.venue[i] as number;
      book.id[k] = r.id[i] as number;
    }
    books.push(book);
  }
  return books;
}

/**
 * Liquidates every level of `book` that the price `price` has reached (long: `price <= level`;
 * short: `price >= level`). The exchange closes them at the market: longs sell, shorts buy their
 * tokens (`notional / level`), recorded at `price`.
 */
export function triggerPerpBook(book: PerpBook, price: number, acc: RoundAcc): void {
  const n = book.levels.length;
  let k = book.next;
  const t = book.token;
  let tokens = 0;
  while (k < n) {
    const level = book.levels[k] as number;
    if (book.side === 1 ? price > level : price < level) break;
    const q = book.tokens[k] as number;
    const usd = q * price;
    const v = book.venue[k] as number;
    acc.liquidatedByProtocol[v] = (acc.liquidatedByProtocol[v] as number) + usd;
    tokens += q;
    acc.perpCount++;
    acc.events?.perpLevels.push(book.id[k] as number);
    k++;
  }
  if (k === book.next) return;
  book.next = k;
  const usd = tokens * price;
  acc.perpUsd += usd;
  acc.liquidatedByToken[t] = (acc.liquidatedByToken[t] as number) + usd;
  recordTrade(acc, t, -book.side * tokens, price);
}
