/**
 * Max-heap of integer items keyed by a float (typed arrays, grows by doubling). Used for the
 * lending positions of one collateral/debt pair keyed by their trigger price ratio, so each
 * round pops only the positions that became liquidatable: O(log n) per event, no rescan.
 */
export interface MaxHeap {
  size: number;
  items: Int32Array;
  keys: Float64Array;
}

/** An empty heap with room for `capacity` items. */
export function createHeap(capacity: number): MaxHeap {
  const c = Math.max(4, capacity);
  return { size: 0, items: new Int32Array(c), keys: new Float64Array(c) };
}

/** Adds `item` with `key`. */
export function heapPush(h: MaxHeap, item: number, key: number): void {
  if (h.size === h.items.length) {
    const items = new Int32Array(h.items.length * 2);
    const keys = new Float64Array(h.keys.length * 2);
    items.set(h.items);
    keys.set(h.keys);
    h.items = items;
    h.keys = keys;
  }
  let i = h.size++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((h.keys[parent] as number) >= key) break;
    h.items[i] = h.items[parent] as number;
    h.keys[i] = h.keys[parent] as number;
    i = parent;
  }
  h.items[i] = item;
  h.keys[i] = key;
}

/** Largest key, or -Infinity when empty. */
export function heapTopKey(h: MaxHeap): number {
  return h.size === 0 ? Number.NEGATIVE_INFINITY : (h.keys[0] as number);
}

/** Removes and returns the item with the largest key (-1 when empty). */
export function heapPop(h: MaxHeap): number {
  if (h.size === 0) return -1;
  const top = h.items[0] as number;
  const n = --h.size;
  const item = h.items[n] as number;
  const key = h.keys[n] as number;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && (h.keys[r] as number) > (h.keys[l] as number) ? r : l;
    if ((h.keys[c] as number) <= key) break;
    h.items[i] = h.items[c] as number;
    h.keys[i] = h.keys[c] as number;
    i = c;
  }
  h.items[i] = item;
  h.keys[i] = key;
  return top;
}
