/**
 * Cash gamma per 1% move: `gamma x F^2 / 100` USD. It is the change of the USD delta
 * (`deltaTokens x F`) when the underlying moves +1%: `d(delta) = gamma x 0.01 F` tokens, times `F`.
 * (The P&L of a 1% move from gamma alone, `0.5 x gamma x (0.01 F)^2`, is `cashGamma / 200`.)
 *
 * @param gamma d2V/dF2 of the position, tokens per USD.
 * @param forward the underlying's forward (or spot) in USD.
 * @returns USD of delta change per +1% move.
 */
export function cashGammaPerPercent(gamma: number, forward: number): number {
  return (gamma * forward * forward) / 100;
}
