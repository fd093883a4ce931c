import { requireMove } from '../instruments/guards.ts';
import type { Revaluation } from './revalue.ts';
import { revalue } from './revalue.ts';
import { uniformShock } from './shock.ts';

/**
 * Default spot axis: Deribit portfolio margin's price range +-16% in 9 buckets including 0
 * (notes/contract-specs.md, support.deribit.com "Portfolio Margin").
 */
export const DEFAULT_SPOT_MOVES: readonly number[] = [-0.16, -0.12, -0.08, -0.04, 0, 0.04, 0.08, 0.12, 0.16];

/**
 * Default vol axis, relative shifts up / same / down: Deribit's simulation API example
 * `volatility_range_up 0.5`, `volatility_range_down 0.25` read as relative shifts (vols x 1.5 and
 * x 0.75). Deribit dampens the shift by expiry (vega power); this tool applies it flat.
 */
export const DEFAULT_VOL_SHIFTS: readonly number[] = [0.5, 0, -0.25];

/** Deribit's extended moves, evaluated with the vol-up shift only (not dampened here). */
export const EXTENDED_SPOT_MOVES: readonly number[] = [-0.66, -0.33, 0.5, 1, 2, 3, 4, 5];

/** Grid axes. */
export interface GridAxes {
  spotMoves: readonly number[];
  volShifts: readonly number[];
  /** Extra spot moves evaluated at `extendedVolShift` only; `[]` for none. */
  extendedMoves: readonly number[];
  extendedVolShift: number;
}

/** One grid cell: P&L when every token moves together, and per token when only that token moves. */
export interface GridCell {
  spotMove: number;
  volShift: number;
  /** USD P&L, all non-stable tokens moved by `spotMove`, all their vols by `volShift`. */
  pnlUsd: number;
  /** USD P&L when only this token (spot, forwards, vols) moves. */
  byToken: Record<string, number>;
}

export interface ScenarioGrid {
  tokens: string[];
  spotMoves: number[];
  volShifts: number[];
  /** Row-major: for each vol shift, each spot move. */
  cells: GridCell[];
  extended: GridCell[];
  /** Worst (lowest) total P&L over `cells` and `extended`. */
  worst: GridCell | null;
}

/** The default axes (Deribit-style). */
export function defaultGridAxes(): GridAxes {
  return {
    spotMoves: DEFAULT_SPOT_MOVES,
    volShifts: DEFAULT_VOL_SHIFTS,
    extendedMoves: EXTENDED_SPOT_MOVES,
    extendedVolShift: DEFAULT_VOL_SHIFTS[0] ?? 0,
  };
}

/**
 * Full-revaluation P&L grid: for each (spot move, vol shift), every position is repriced with
 * spot and forwards x (1 + move) and vols x (1 + shift), time unchanged. `pnlUsd` moves all tokens
 * together (perfect correlation); `byToken[t]` moves only `t`, so `sum(byToken) != pnlUsd` in
 * general (quanto cross terms). Stablecoins never move.
 *
 * @throws RiskInputError `OUT_OF_DOMAIN` for a move or shift <= -1 (field `spotMoves[i]` / `volShifts[j]`).
 */
export function scenarioGrid(rv: Revaluation, axes: GridAxes = defaultGridAxes()): ScenarioGrid {
  const axisNames = ['spotMoves', 'volShifts', 'extendedMoves'] as const;
  for (const name of axisNames) {
    for (const [i, m] of axes[name].entries()) requireMove(`${name}[${i}]`, m);
  }
  requireMove('extendedVolShift', axes.extendedVolShift);
  const cell = (spotMove: number, volShift: number): GridCell => {
    const byToken: Record<string, number> = {};
    for (const t of rv.tokens) byToken[t] = revalue(rv, uniformShock([t], spotMove, volShift)).pnlUsd;
    return {
      spotMove,
      volShift,
      pnlUsd: revalue(rv, uniformShock(rv.tokens, spotMove, volShift)).pnlUsd,
      byToken,
    };
  };
  const cells = axes.volShifts.flatMap((v) => axes.spotMoves.map((m) => cell(m, v)));
  const extended = axes.extendedMoves.map((m) => cell(m, axes.extendedVolShift));
  const worst = [...cells, ...extended].reduce<GridCell | null>(
    (w, c) => (w === null || c.pnlUsd < w.pnlUsd ? c : w),
    null,
  );
  return {
    tokens: rv.tokens,
    spotMoves: [...axes.spotMoves],
    volShifts: [...axes.volShifts],
    cells,
    extended,
    worst,
  };
}
