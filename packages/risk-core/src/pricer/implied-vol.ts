import { RiskInputError } from '../errors.ts';
import { requireFinite } from '../math/guards.ts';
import { normalisedTotalVol } from './normalised-implied-vol.ts';
import type { OptionType } from './types.ts';
import { requireOptionType, validateBlack76Market } from './validate-option.ts';

/** Inputs of {@link impliedVol}: a Black-76 option price and its market. */
export interface ImpliedVolInput {
  /** 'call' or 'put'. */
  readonly type: OptionType;
  /** Present value per 1 unit of underlying, quote currency; strictly between the no-arbitrage bounds. */
  readonly price: number;
  /** Forward F (> 0). */
  readonly forward: number;
  /** Strike K (> 0). */
  readonly strike: number;
  /** Time to expiry T in years ACT/365 (> 0). */
  readonly expiryYears: number;
  /** Continuously compounded discount rate (finite). */
  readonly rate: number;
}

/** Implied volatility with solver diagnostics. */
export interface ImpliedVolResult {
  /** Black volatility sigma (annualised decimal). */
  readonly vol: number;
  /** Householder steps taken after the rational initial guess. */
  readonly iterations: number;
}

/**
 * Black-76 implied volatility with solver diagnostics; see {@link impliedVol}.
 * @throws {RiskInputError} as {@link impliedVol}.
 */
export function impliedVolDetailed(input: ImpliedVolInput): ImpliedVolResult {
  if (input === null || typeof input !== 'object') {
    throw new RiskInputError('MALFORMED_DOCUMENT', 'input', input, 'must be an object');
  }
  const isCall = requireOptionType('type', input.type) === 'call';
  const { forward: F, strike: K, expiryYears: T, rate } = validateBlack76Market(input, true);
  const price = requireFinite('price', input.price);
  const D = Math.exp(-rate * T);
  const intrinsic = isCall ? (F > K ? D * (F - K) : 0) : K > F ? D * (K - F) : 0;
  const upper = isCall ? D * F : D * K;
  if (!(price > intrinsic)) {
    throw new RiskInputError(
      'NO_SOLUTION',
      'price',
      price,
      `no implied volatility: price must exceed the intrinsic value (lower bound) ${intrinsic}`,
    );
  }
  if (!(price < upper)) {
    throw new RiskInputError(
      'NO_SOLUTION',
      'price',
      price,
      `no implied volatility: price must be below the upper bound ${upper} (discounted ${isCall ? 'forward' : 'strike'})`,
    );
  }
  // Normalise to the out-of-the-money call b(x, s), x = -|ln(F/K)| (parity and b(x,s,put) = b(-x,s,call)).
  const x = -Math.abs(Math.log(F / K));
  const scale = D * Math.sqrt(F) * Math.sqrt(K);
  const beta = (price - intrinsic) / scale;
  const betaComplement = (upper - price) / scale;
  if (!(beta > 0 && betaComplement > 0)) {
    throw new RiskInputError(
      'NO_SOLUTION',
      'price',
      price,
      `no implied volatility: the time value is not representable between the bounds [${intrinsic}, ${upper}]`,
    );
  }
  const { s, iterations } = normalisedTotalVol(x, beta, betaComplement);
  return { vol: s / Math.sqrt(T), iterations };
}

/**
 * Black-76 implied volatility: the sigma with `black76({...input, vol: sigma}).price === price`, to machine
 * accuracy for every price strictly inside the no-arbitrage bounds (intrinsic value, discounted forward
 * for calls / discounted strike for puts), including far out of the money and tiny time values.
 * Method: P. Jaeckel, "Let's Be Rational", Wilmott (2015) 40-53 (four-branch rational initial guess,
 * Householder steps on transformed objectives), written for this project; see
 * normalised-implied-vol.ts and docs/pricing.md. Units: annualised decimal volatility.
 * @throws {RiskInputError} `NO_SOLUTION` when the price is not strictly between the bounds (the message
 * names the bound); `UNSUPPORTED` for an unknown type; `MISSING_FIELD` / `INVALID_NUMBER` /
 * `OUT_OF_DOMAIN` for invalid inputs (forward, strike, expiryYears must be finite > 0; price, rate finite).
 */
export function impliedVol(input: ImpliedVolInput): number {
  return impliedVolDetailed(input).vol;
}
