import { requireFinite, requirePositive } from '../math/guards.ts';
import type { Black76Result } from './types.ts';

/** Coin-denominated (inverse, coin-settled) view of an option valued in USD. */
export interface CoinSettledView {
  /** Premium in coin per 1 unit of underlying: price / F. */
  readonly coinPrice: number;
  /** Exposure of the coin-denominated value, in coin: delta - price / F. */
  readonly coinDelta: number;
}

/**
 * Inverse (coin-settled, e.g. Deribit BTC) view of a USD Black-76 result, DESIGN.md:
 * `coinPrice = price / F`, `coinDelta = delta - price / F` (the USD greeks are unchanged because the USD
 * value of the payoff is the same). Units: coin per unit of underlying.
 * @throws {RiskInputError} `INVALID_NUMBER` / `OUT_OF_DOMAIN` for a forward that is not finite and > 0
 * or a non-finite price/delta.
 */
export function coinSettledView(
  result: Pick<Black76Result, 'price' | 'delta'>,
  forward: number,
): CoinSettledView {
  const f = requirePositive('forward', forward);
  const price = requireFinite('price', result.price);
  const delta = requireFinite('delta', result.delta);
  const coinPrice = price / f;
  return { coinPrice, coinDelta: delta - coinPrice };
}
