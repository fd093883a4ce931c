import { RiskInputError } from '../errors.ts';
import { requirePositive } from '../math/guards.ts';
import { black76Range } from './black76-kernel.ts';
import type { Black76Input, Black76Result } from './types.ts';
import { requireOptionType, validateBlack76Market } from './validate-option.ts';

// One-element buffers: the scalar path runs the same kernel as the batch path (identical results).
const isCallBuf = new Uint8Array(1);
const forwardBuf = new Float64Array(1);
const strikeBuf = new Float64Array(1);
const expiryBuf = new Float64Array(1);
const volBuf = new Float64Array(1);
const priceBuf = new Float64Array(1);
const deltaBuf = new Float64Array(1);
const gammaBuf = new Float64Array(1);
const vegaBuf = new Float64Array(1);
const thetaBuf = new Float64Array(1);

/**
 * Black-76 value and greeks of a European option on a forward (F. Black, "The pricing of commodity
 * contracts", J. Financial Economics 3 (1976) 167-179), in DESIGN.md's conventions:
 * `price = e^{-rT} [F N(d1) - K N(d2)]` (call), put by parity, d1,2 = ln(F/K)/(sigma sqrt T) +- sigma sqrt(T)/2,
 * per 1 unit of underlying in the quote currency; `delta = dP/dF`, `gamma = d2P/dF2` (forward greeks),
 * `vega = dP/dsigma / 100` (per vol point), `theta = -(dP/dT) / 365` (per calendar day, F fixed, so it
 * includes the `r P` discounting term).
 *
 * `expiryYears = 0` returns the intrinsic value, delta 0 or +-1 (in the money), gamma = vega = 0 and
 * theta = r price / 365; exactly at the money (F = K) delta is +1/2 (call) / -1/2 (put), the mean of the
 * one-sided derivatives and the limit of N(d1) as T -> 0. The same zero-volatility limit applies when
 * sigma sqrt(T) underflows to 0.
 *
 * The time value is computed without the cancellation of F N(d1) - K N(d2) at short expiries and far
 * from the money (relative accuracy a few ulp times the conditioning; see docs/pricing.md).
 *
 * @throws {RiskInputError} `UNSUPPORTED` for an unknown `type`; `MISSING_FIELD` / `INVALID_NUMBER` /
 * `OUT_OF_DOMAIN` for a missing, NaN/Infinity, or out-of-domain input (forward, strike, vol <= 0;
 * expiryYears < 0; rate not finite), naming the field and value.
 */
export function black76(input: Black76Input): Black76Result {
  if (input === null || typeof input !== 'object') {
    throw new RiskInputError('MALFORMED_DOCUMENT', 'input', input, 'must be an object');
  }
  const isCall = requireOptionType('type', input.type) === 'call';
  const m = validateBlack76Market(input, false);
  const vol = requirePositive('vol', input.vol);
  isCallBuf[0] = isCall ? 1 : 0;
  forwardBuf[0] = m.forward;
  strikeBuf[0] = m.strike;
  expiryBuf[0] = m.expiryYears;
  volBuf[0] = vol;
  black76Range(
    isCallBuf,
    forwardBuf,
    strikeBuf,
    expiryBuf,
    volBuf,
    null,
    m.rate,
    priceBuf,
    deltaBuf,
    gammaBuf,
    vegaBuf,
    thetaBuf,
    0,
    1,
  );
  return {
    price: priceBuf[0] as number,
    delta: deltaBuf[0] as number,
    gamma: gammaBuf[0] as number,
    vega: vegaBuf[0] as number,
    theta: thetaBuf[0] as number,
  };
}
