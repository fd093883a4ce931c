import type { TokenRisk } from './exposure-types.ts';
import { linearTokenRisk } from './exposure-types.ts';
import { requireFinite, requirePositive } from './guards.ts';

/** A spot or collateral balance: `quantity` tokens held (negative = owed). */
export interface SpotInput {
  /** Tokens held, signed. */
  quantity: number;
  /** Spot price of the token in USD, > 0. */
  price: number;
}

/** Spot/collateral balance risk: delta = quantity tokens, market value = quantity x price. */
export interface SpotExposure extends TokenRisk {
  marketValueUsd: number;
}

/**
 * Exposure of a spot or collateral balance (DESIGN: "spot and collateral balances are positions
 * too"): `deltaTokens = quantity`, `deltaUsd = marketValueUsd = quantity x price`, no gamma/vega/theta.
 *
 * @throws RiskInputError `INVALID_NUMBER` for non-finite quantity/price, `OUT_OF_DOMAIN` for price <= 0.
 */
export function spotExposure(input: SpotInput): SpotExposure {
  const quantity = requireFinite('quantity', input.quantity);
  const price = requirePositive('price', input.price);
  return { ...linearTokenRisk(quantity, price), marketValueUsd: quantity * price };
}
