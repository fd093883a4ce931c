import { RiskInputError } from '../errors.ts';
import { leveragedTokenRebalance } from '../instruments/leveraged-token.ts';
import { requireFinite, requireNonNegative } from '../math/guards.ts';

/** Market-wide outstanding supply of one leveraged-token product. */
export interface LeveragedTokenSupply {
  underlying: string;
  /** Target leverage, non-zero (3, -3). */
  leverage: number;
  /** Outstanding NAV in USD (`supply x NAV per token`), >= 0. */
  outstandingUsd: number;
  /** Product name, informational (e.g. `BTC3L`). */
  name?: string;
}

/** Issuers' aggregate rebalance flow on one underlying. */
export interface IssuerFlow {
  underlying: string;
  move: number;
  /** Net USD traded, positive = buy. */
  netUsd: number;
  buyUsd: number;
  sellUsd: number;
  /** Net flow per product, in input order (products on other underlyings omitted). */
  byProduct: { name?: string; leverage: number; tradeUsd: number }[];
}

/**
 * Aggregate rebalance flow the issuers must trade after moves of the underlyings (DESIGN): each
 * product trades `outstanding x L (L - 1) r` USD, with the sign of the move for long (`L > 1`)
 * and short (`L < 0`) tokens alike, so long and short products add up: after a fall both sell.
 * Products whose NAV is wiped out (`1 + L r <= 0`) sell their whole remaining exposure
 * `outstanding x L (1 + r)` instead.
 *
 * @param moves relative move per underlying since the last rebalance (tokens absent: no flow).
 * @throws RiskInputError naming `supply[i].<field>` or `moves.<token>` for invalid values.
 */
export function issuerRebalanceFlows(
  supply: readonly LeveragedTokenSupply[],
  moves: Readonly<Record<string, number>>,
): IssuerFlow[] {
  const out = new Map<string, IssuerFlow>();
  supply.forEach((s, i) => {
    const leverage = requireFinite(`supply[${i}].leverage`, s.leverage);
    if (leverage === 0)
      throw new RiskInputError('OUT_OF_DOMAIN', `supply[${i}].leverage`, 0, 'must be non-zero');
    const outstanding = requireNonNegative(`supply[${i}].outstandingUsd`, s.outstandingUsd);
    const move = moves[s.underlying];
    if (move === undefined) return;
    requireFinite(`moves.${s.underlying}`, move);
    if (move <= -1) throw new RiskInputError('OUT_OF_DOMAIN', `moves.${s.underlying}`, move, 'must be > -1');
    const tradeUsd =
      1 + leverage * move > 0
        ? leveragedTokenRebalance({ holding: 1, nav: outstanding, leverage, move })
        : -outstanding * leverage * (1 + move);
    let f = out.get(s.underlying);
    if (!f) {
      f = { underlying: s.underlying, move, netUsd: 0, buyUsd: 0, sellUsd: 0, byProduct: [] };
      out.set(s.underlying, f);
    }
    f.netUsd += tradeUsd;
    if (tradeUsd > 0) f.buyUsd += tradeUsd;
    else f.sellUsd -= tradeUsd;
    f.byProduct.push({ ...(s.name === undefined ? {} : { name: s.name }), leverage, tradeUsd });
  });
  return [...out.values()];
}
