/**
 * Benchmark inputs drawn like `make_inputs` of shared/bench/reference_numpy.py (same distributions; a
 * seeded xoshiro128** generator instead of numpy's PCG64, so not the same numbers):
 * F log-uniform on [100, 150000], K = F exp(U(ln 0.5, ln 2)), T log-uniform on [1/365, 2] years,
 * vol uniform on [0.2, 1.5], r = 0.03, call with probability 1/2.
 */

/** xoshiro128** (Blackman & Vigna 2018), 32-bit state words; `next53` gives a double in [0, 1). */
export function xoshiro128(seed: number): () => number {
  // splitmix32 to spread the seed over the state.
  let z = seed >>> 0;
  const split = (): number => {
    z = (z + 0x9e3779b9) >>> 0;
    let x = z;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    return (x ^ (x >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next32 = (): number => {
    const result = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return result;
  };
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

/** Structure-of-arrays option inputs, optionally backed by SharedArrayBuffers (for worker threads). */
export interface BenchInputs {
  readonly n: number;
  readonly isCall: Uint8Array;
  readonly forward: Float64Array;
  readonly strike: Float64Array;
  readonly expiryYears: Float64Array;
  readonly vol: Float64Array;
  readonly rate: Float64Array;
}

export function f64(n: number, shared: boolean): Float64Array {
  return new Float64Array(shared ? new SharedArrayBuffer(n * 8) : new ArrayBuffer(n * 8));
}

export function makeInputs(n: number, seed: number, shared: boolean): BenchInputs {
  const u = xoshiro128(seed);
  const isCall = new Uint8Array(shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n));
  const forward = f64(n, shared);
  const strike = f64(n, shared);
  const expiryYears = f64(n, shared);
  const vol = f64(n, shared);
  const rate = f64(n, shared);
  const [lf0, lf1] = [Math.log(100), Math.log(150000)];
  const [lk0, lk1] = [Math.log(0.5), Math.log(2)];
  const [lt0, lt1] = [Math.log(1 / 365), Math.log(2)];
  for (let i = 0; i < n; i++) {
    const F = Math.exp(lf0 + (lf1 - lf0) * u());
    forward[i] = F;
    strike[i] = F * Math.exp(lk0 + (lk1 - lk0) * u());
    expiryYears[i] = Math.exp(lt0 + (lt1 - lt0) * u());
    vol[i] = 0.2 + 1.3 * u();
    rate[i] = 0.03;
    isCall[i] = u() < 0.5 ? 1 : 0;
  }
  return { n, isCall, forward, strike, expiryYears, vol, rate };
}
