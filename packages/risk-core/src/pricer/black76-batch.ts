import { RiskInputError } from '../errors.ts';
import { black76Range } from './black76-kernel.ts';

/** Structure-of-arrays inputs of {@link black76Batch}; element i describes option i. */
export interface Black76BatchInput {
  /** 1 for a call, 0 for a put. */
  readonly isCall: Uint8Array;
  /** Forwards F (> 0, quote currency per unit of underlying). */
  readonly forward: Float64Array;
  /** Strikes K (> 0). */
  readonly strike: Float64Array;
  /** Times to expiry in years ACT/365 (>= 0). */
  readonly expiryYears: Float64Array;
  /** Black volatilities (> 0, decimal). */
  readonly vol: Float64Array;
  /** Continuously compounded rates: one per option, or one number for all. */
  readonly rate: Float64Array | number;
}

/** Caller-provided outputs of {@link black76Batch} (same units as {@link Black76Result}). */
export interface Black76BatchOutput {
  readonly price: Float64Array;
  readonly delta: Float64Array;
  readonly gamma: Float64Array;
  readonly vega: Float64Array;
  readonly theta: Float64Array;
}

function requireLength(field: string, array: ArrayLike<number>, n: number): void {
  if (array.length < n) {
    throw new RiskInputError('OUT_OF_DOMAIN', `${field}.length`, array.length, `must be >= ${n}`);
  }
}

/**
 * Checks what every batch pricer needs before its loop: `start`/`end` integers with
 * `0 <= start <= end`, every input and output array at least `end` long, and a finite scalar rate.
 * Element values are validated by the kernels themselves (naming `<field>[i]`).
 *
 * @returns the rate as an array (or null) and as a scalar (0 when an array is given).
 * @throws {RiskInputError} `OUT_OF_DOMAIN` (`start`, `<field>.length`), `INVALID_NUMBER` (`rate`).
 */
export function validateBatchShape(
  input: Black76BatchInput,
  out: Black76BatchOutput,
  start: number,
  end: number,
): { rateArray: Float64Array | null; rateScalar: number } {
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end)) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'start',
      [start, end],
      'start and end must be integers, 0 <= start <= end',
    );
  }
  const { isCall, forward, strike, expiryYears, vol, rate } = input;
  const fields: [string, ArrayLike<number>][] = [
    ['isCall', isCall],
    ['forward', forward],
    ['strike', strike],
    ['expiryYears', expiryYears],
    ['vol', vol],
    ['price', out.price],
    ['delta', out.delta],
    ['gamma', out.gamma],
    ['vega', out.vega],
    ['theta', out.theta],
  ];
  for (const [field, array] of fields) requireLength(field, array, end);
  const rateArray = typeof rate === 'number' ? null : rate;
  if (rateArray !== null) requireLength('rate', rateArray, end);
  const rateScalar = typeof rate === 'number' ? rate : 0;
  if (rateArray === null && !Number.isFinite(rateScalar)) {
    throw new RiskInputError('INVALID_NUMBER', 'rate', rate, 'must be a finite number');
  }
  return { rateArray, rateScalar };
}

/**
 * Black-76 price, delta, gamma, vega, theta of many options over typed arrays, writing into the
 * caller's arrays; no allocation. Same formulas, conventions and results (bit for bit) as
 * {@link black76}: DESIGN.md "Options", Black (1976).
 *
 * Processes indices `start <= i < end` (default: all of `forward.length`), so a caller can split the
 * work (e.g. across worker threads over shared buffers).
 *
 * @throws {RiskInputError} `OUT_OF_DOMAIN` (`<field>.length`) when an array is shorter than `end`;
 * `INVALID_NUMBER` / `OUT_OF_DOMAIN` naming `<field>[i]` for the first invalid element (forward, strike,
 * vol not finite > 0; expiryYears not finite >= 0; rate not finite; isCall not 0/1). Elements are
 * processed in blocks of 256: outputs of the blocks before the invalid element's block are written.
 */
export function black76Batch(
  input: Black76BatchInput,
  out: Black76BatchOutput,
  start = 0,
  end: number = input.forward.length,
): void {
  const { isCall, forward, strike, expiryYears, vol } = input;
  const { price, delta, gamma, vega, theta } = out;
  const { rateArray, rateScalar } = validateBatchShape(input, out, start, end);
  black76Range(
    isCall,
    forward,
    strike,
    expiryYears,
    vol,
    rateArray,
    rateScalar,
    price,
    delta,
    gamma,
    vega,
    theta,
    start,
    end,
  );
}
