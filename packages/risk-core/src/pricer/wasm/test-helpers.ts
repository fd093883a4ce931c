import type { Black76BatchInput, Black76BatchOutput } from '../black76-batch.ts';

/** Zeroed outputs of length n. */
export function outputs(n: number): Black76BatchOutput {
  return {
    price: new Float64Array(n),
    delta: new Float64Array(n),
    gamma: new Float64Array(n),
    vega: new Float64Array(n),
    theta: new Float64Array(n),
  };
}

/**
 * Largest difference of two batch outputs relative to each quantity's scale in units of the forward
 * (as in test/reference/black76-quantlib.test.ts, with max(F, K) where the strike sets the size of the
 * price): price max(F, K), delta 1, gamma 1/(F s), vega F sqrt(T)/100, theta (F sigma / (2 sqrt T) +
 * |r| max(F, K)) / 365; for s = 0 (expiry) gamma and vega use the scales 1 and F. Every scale is
 * multiplied by the discount factor D = exp(-r T), since every output is D times an undiscounted
 * quantity and both kernels' rounding errors scale with it (with r = -0.2 and T = 50, D = e^10 made an
 * agreement to 1.6e-16 of D F read as 3.6e-12 of F).
 * Returns the maximum and the index where it occurs.
 */
export function maxScaledDifference(
  input: Black76BatchInput,
  a: Black76BatchOutput,
  b: Black76BatchOutput,
  start = 0,
  end = input.forward.length,
): { max: number; at: number } {
  let max = 0;
  let at = -1;
  for (let i = start; i < end; i++) {
    const F = input.forward[i] as number;
    const M = Math.max(F, input.strike[i] as number);
    const T = input.expiryYears[i] as number;
    const v = input.vol[i] as number;
    const r = typeof input.rate === 'number' ? input.rate : (input.rate[i] as number);
    const sqT = Math.sqrt(T);
    const s = v * sqT;
    const D = Math.exp(-r * T);
    const e = Math.max(
      Math.abs((a.price[i] as number) - (b.price[i] as number)) / (D * M),
      Math.abs((a.delta[i] as number) - (b.delta[i] as number)) / D,
      (Math.abs((a.gamma[i] as number) - (b.gamma[i] as number)) * (s > 0 ? F * s : 1)) / D,
      Math.abs((a.vega[i] as number) - (b.vega[i] as number)) / (D * (s > 0 ? (F * sqT) / 100 : F)),
      Math.abs((a.theta[i] as number) - (b.theta[i] as number)) /
        (D * ((F * (s > 0 ? v / (2 * sqT) : 0) + M * Math.abs(r)) / 365 || M)),
    );
    if (!(e <= max)) {
      max = e;
      at = i;
    }
  }
  return { max, at };
}
