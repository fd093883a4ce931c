import type { ImpactModel } from './types.ts';

/** Price move (log) per unit of `g(|V| / D)`: a flow of one depth moves the price by ~1%. */
export const LOG_MOVE_PER_DEPTH = 0.01;

/**
 * Log price move caused by a cumulative net flow of `flowUsd` (USD at the pre-shock price,
 * positive = buying): `sign(V) x 0.01 x g(|V| / depth)` with `g` linear or square root
 * (the "square-root law" of market impact); 0 for `none`. Exponentiated, prices stay positive.
 */
export function impactLogMove(model: ImpactModel, flowUsd: number): number {
  if (model.model === 'none' || flowUsd === 0) return 0;
  const x = Math.abs(flowUsd) / model.depthUsd;
  const g = model.model === 'linear' ? x : Math.sqrt(x);
  return Math.sign(flowUsd) * LOG_MOVE_PER_DEPTH * g;
}
