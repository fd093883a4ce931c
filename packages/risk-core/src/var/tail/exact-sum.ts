/**
 * Exact floating-point summation: the running sum is held as a non-overlapping expansion of
 * doubles (Shewchuk, "Adaptive precision floating-point arithmetic and fast robust geometric
 * predicates", Discrete Comput. Geom. 18, 1997, GROW-EXPANSION with zero elimination, built on
 * Knuth's TwoSum), and `value()` rounds the exact sum once, to nearest-even (the final step of
 * Python's `math.fsum`). The result is therefore independent of the order and grouping of the
 * additions, which is what makes distributed sums (ES, contributions, moments) merge bit-for-bit.
 *
 * Inputs must be finite and the exact partial sums must stay below ~1e308 (the tail machinery
 * bounds |loss| <= 1e150).
 */
export class ExactSum {
  private readonly partials: number[];

  /** @param partials a serialized expansion from {@link ExactSum.toJSON} (trusted; default empty). */
  constructor(partials: readonly number[] = []) {
    this.partials = partials.slice();
  }

  /** Adds x exactly. */
  add(x: number): void {
    const p = this.partials;
    let i = 0;
    let v = x;
    for (let j = 0; j < p.length; j++) {
      let y = p[j] as number;
      if (Math.abs(v) < Math.abs(y)) {
        const t = v;
        v = y;
        y = t;
      }
      const hi = v + y;
      const lo = y - (hi - v);
      if (lo !== 0) p[i++] = lo;
      v = hi;
    }
    // Never through length 0: V8 then drops the backing store and the push allocates a new one. The
    // length is set only when it shrinks (setting it is a runtime call even when unchanged; a running
    // sum of many similar terms usually keeps its number of partials).
    const n = p.length;
    if (i < n) {
      p[i] = v;
      if (i + 1 < n) p.length = i + 1;
    } else p.push(v);
  }

  /** Resets to 0. */
  clear(): void {
    this.partials.length = 0;
  }

  /** Adds another exact sum (exactly). */
  addSum(other: ExactSum): void {
    for (const q of other.partials) this.add(q);
  }

  /** The exact sum rounded to the nearest double (ties to even). */
  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    n--;
    let hi = p[n] as number;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      n--;
      const y = p[n] as number;
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    // Round-half-even correction: if the rest below `lo` has the same sign, the exact sum is not a tie.
    if (n > 0 && ((lo < 0 && (p[n - 1] as number) < 0) || (lo > 0 && (p[n - 1] as number) > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
    return hi;
  }

  /** The expansion, for serialization (JSON arrays of numbers round-trip exactly). */
  toJSON(): number[] {
    return this.partials.slice();
  }
}
