/**
 * Scenarios on the selected fund's book (risk-core full revaluation): `scenarioGrid` (spot x vol
 * grid, Deribit-style defaults), `stressScenarios` (the named historical windows) and `stressTest`
 * (named scenarios and/or custom per-token shocks).
 */
import {
  BUILTIN_STRESS,
  builtinStress,
  DEFAULT_SPOT_MOVES,
  DEFAULT_VOL_SHIFTS,
  EXTENDED_SPOT_MOVES,
  type GridCell,
  type MissingTokenPolicy,
  runShock,
  runStress,
  type ScenarioGrid,
  type StressResult,
  type StressScenario,
  scenarioGrid,
} from '@dte/risk-core';
import { builder } from '../builder.ts';
import { BadUserInputError, QueryTooComplexError } from '../errors.ts';
import { loadRiskBook, type RiskBook } from '../risk/book.ts';
import { riskCall } from '../risk/errors.ts';
import { finiteOrNull, tokenValues } from '../risk/numbers.ts';
import { checkInt, checkText } from '../validation.ts';
import {
  BookSourceEnum,
  checkMove,
  checkTokenMoves,
  RiskSnapshotRef,
  TokenMoveInput,
  TokenValueRef,
} from './exposure-common.ts';

/**
 * Most position revaluations one request may run (positions x scenarios x (tokens + 1): every
 * scenario is revalued with all tokens moved and with each token alone). risk-core is synchronous, so
 * a larger grid or stress set would hold the api's event loop for seconds: it answers
 * QUERY_TOO_COMPLEX asking for fewer points (a risk run is the place for big grids).
 */
export const REVALUATION_BUDGET = 250_000;

/** Throws QUERY_TOO_COMPLEX when `positions x scenarios x (tokens + 1)` exceeds the budget. */
export function checkRevaluationBudget(what: string, risk: RiskBook, scenarios: number): void {
  const cost = risk.doc.positions.length * scenarios * (risk.revaluation().tokens.length + 1);
  if (cost > REVALUATION_BUDGET)
    throw new QueryTooComplexError(
      `${what} needs ${cost} position revaluations (${risk.doc.positions.length} positions x ${scenarios} scenarios x ${
        risk.revaluation().tokens.length + 1
      }), more than the ${REVALUATION_BUDGET} a request may run: ask for fewer points or scenarios`,
    );
}

/** Axis sizes: a grid costs (spot moves x vol shifts + extended) x (tokens + 1) revaluations. */
const MAX_SPOT_MOVES = 25;
const MAX_VOL_SHIFTS = 7;
const MAX_EXTENDED = 12;

const GridCellRef = builder.objectRef<GridCell>('ScenarioGridCell').implement({
  description: 'P&L (USD) of one (spot move, vol shift): all tokens together, and each token alone.',
  fields: (t) => ({
    spotMove: t.exposeFloat('spotMove'),
    volShift: t.exposeFloat('volShift'),
    pnlUsd: t.exposeFloat('pnlUsd', {
      description: 'Every non-stable token moved by spotMove, vols by volShift.',
    }),
    byToken: t.field({
      type: [TokenValueRef],
      description: 'P&L when only that token (spot, forwards, vols) moves.',
      resolve: (c) => tokenValues(c.byToken),
    }),
  }),
});

interface GridShape {
  risk: RiskBook;
  grid: ScenarioGrid;
  extendedVolShift: number;
}

const ScenarioGridRef = builder.objectRef<GridShape>('ScenarioGridResult').implement({
  description:
    'Full-revaluation P&L grid (time unchanged; spot and forwards x (1 + move), vols x (1 + shift); stablecoins never move).',
  fields: (t) => ({
    valuationTime: t.field({ type: 'DateTime', resolve: (g) => g.risk.book.snapshot.asOf }),
    snapshot: t.field({ type: RiskSnapshotRef, resolve: (g) => g.risk.book.snapshot }),
    tokens: t.stringList({ resolve: (g) => g.grid.tokens }),
    spotMoves: t.floatList({ resolve: (g) => g.grid.spotMoves }),
    volShifts: t.floatList({ resolve: (g) => g.grid.volShifts }),
    extendedVolShift: t.float({ resolve: (g) => g.extendedVolShift }),
    cells: t.field({
      type: [GridCellRef],
      description: 'Row-major: for each vol shift, each spot move.',
      complexity: { field: 1, multiplier: 30 },
      resolve: (g) => g.grid.cells,
    }),
    extended: t.field({
      type: [GridCellRef],
      description: 'Extended spot moves at extendedVolShift.',
      resolve: (g) => g.grid.extended,
    }),
    worst: t.field({ type: GridCellRef, nullable: true, resolve: (g) => g.grid.worst }),
  }),
});

function checkAxis(
  field: string,
  values: readonly number[] | null | undefined,
  fallback: readonly number[],
  max: number,
) {
  if (values == null) return [...fallback];
  if (values.length > max)
    throw new BadUserInputError(field, `at most ${max} values (got ${values.length})`, values.length);
  return values.map((v, i) => checkMove(`${field}[${i}]`, v));
}

builder.queryField('scenarioGrid', (t) =>
  t.field({
    type: ScenarioGridRef,
    authScopes: { role: 'VIEWER' },
    description: `P&L grid of the selected fund. Defaults (Deribit-style): spotMoves ${DEFAULT_SPOT_MOVES.join(', ')}; volShifts ${DEFAULT_VOL_SHIFTS.join(', ')} (relative); extendedMoves ${EXTENDED_SPOT_MOVES.join(', ')} at extendedVolShift (default the first vol shift). Moves are relative, > -1 and <= 10.`,
    args: {
      snapshotId: t.arg.id({ required: false }),
      spotMoves: t.arg.floatList({ required: false }),
      volShifts: t.arg.floatList({ required: false }),
      extendedMoves: t.arg.floatList({ required: false, description: '[] for none.' }),
      extendedVolShift: t.arg.float({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const spotMoves = checkAxis('spotMoves', args.spotMoves, DEFAULT_SPOT_MOVES, MAX_SPOT_MOVES);
      const volShifts = checkAxis('volShifts', args.volShifts, DEFAULT_VOL_SHIFTS, MAX_VOL_SHIFTS);
      const extendedMoves = checkAxis('extendedMoves', args.extendedMoves, EXTENDED_SPOT_MOVES, MAX_EXTENDED);
      const extendedVolShift =
        args.extendedVolShift == null
          ? (volShifts[0] ?? 0)
          : checkMove('extendedVolShift', args.extendedVolShift);
      const risk = await loadRiskBook(ctx, args.snapshotId == null ? null : String(args.snapshotId));
      checkRevaluationBudget('this grid', risk, spotMoves.length * volShifts.length + extendedMoves.length);
      const grid = riskCall(() =>
        scenarioGrid(risk.revaluation(), { spotMoves, volShifts, extendedMoves, extendedVolShift }),
      );
      return { risk, grid, extendedVolShift };
    },
  }),
);

const StressMoveRef = builder
  .objectRef<{ token: string; move: number; source: string }>('StressMove')
  .implement({
    description: 'Move applied to a token and where it came from (data, fallback-btc, zero, user).',
    fields: (t) => ({
      token: t.exposeString('token'),
      move: t.exposeFloat('move'),
      source: t.exposeString('source'),
    }),
  });

const StressScenarioRef = builder.objectRef<StressScenario>('StressScenario').implement({
  description: 'A named historical stress window: close-to-close returns of real daily closes.',
  fields: (t) => ({
    name: t.exposeString('name'),
    title: t.exposeString('title'),
    from: t.exposeString('from', { description: 'Base close date (YYYY-MM-DD).' }),
    to: t.exposeString('to', { description: 'Last close date.' }),
    dates: t.exposeStringList('dates'),
    returns: t.field({ type: [TokenValueRef], resolve: (s) => tokenValues(s.returns) }),
    missing: t.exposeStringList('missing', {
      description: 'Tokens without a close on every date of the window.',
    }),
  }),
});

builder.queryField('stressScenarios', (t) =>
  t.field({
    type: [StressScenarioRef],
    authScopes: { role: 'VIEWER' },
    description: `The named historical stress scenarios (source: ${BUILTIN_STRESS.source.file}, sha256 ${BUILTIN_STRESS.source.sha256.slice(0, 12)}...).`,
    resolve: () => BUILTIN_STRESS.scenarios,
  }),
);

interface StressShape {
  risk: RiskBook;
  result: StressResult;
}

const PositionPnlRef = builder
  .objectRef<{ risk: RiskBook; id: string; pnlUsd: number }>('PositionPnl')
  .implement({
    description: 'P&L of one position of the risk document under a scenario.',
    fields: (t) => ({
      id: t.id({ resolve: (p) => p.id }),
      source: t.field({
        type: BookSourceEnum,
        nullable: true,
        resolve: (p) => p.risk.mapped.refs.get(p.id)?.source ?? null,
      }),
      positionId: t.id({
        nullable: true,
        resolve: (p) => {
          const ref = p.risk.mapped.refs.get(p.id);
          return ref?.source === 'POSITION' ? (ref.rowIds[0] ?? null) : null;
        },
      }),
      pnlUsd: t.exposeFloat('pnlUsd'),
    }),
  });

const HealthFactorChangeRef = builder
  .objectRef<StressResult['healthFactors'][number]>('HealthFactorChange')
  .implement({
    description: 'Health factor of a lending group before and after the scenario (null: no debt).',
    fields: (t) => ({
      id: t.exposeID('id'),
      before: t.float({ nullable: true, resolve: (h) => finiteOrNull(h.before) }),
      after: t.float({ nullable: true, resolve: (h) => finiteOrNull(h.after) }),
    }),
  });

const StressResultRef = builder.objectRef<StressShape>('StressTestResult').implement({
  description: 'Full-revaluation P&L of the fund under one stress (time unchanged).',
  fields: (t) => ({
    name: t.string({ resolve: (s) => s.result.name }),
    title: t.string({ resolve: (s) => s.result.title }),
    from: t.string({ nullable: true, resolve: (s) => s.result.from ?? null }),
    to: t.string({ nullable: true, resolve: (s) => s.result.to ?? null }),
    pnlUsd: t.float({ resolve: (s) => s.result.pnlUsd }),
    volShift: t.float({ resolve: (s) => s.result.volShift }),
    byToken: t.field({ type: [TokenValueRef], resolve: (s) => tokenValues(s.result.byToken) }),
    moves: t.field({
      type: [StressMoveRef],
      resolve: (s) => Object.entries(s.result.moves).map(([token, m]) => ({ token, ...m })),
    }),
    healthFactors: t.field({ type: [HealthFactorChangeRef], resolve: (s) => s.result.healthFactors }),
    worstPositions: t.field({
      type: [PositionPnlRef],
      description: 'The positions with the lowest P&L (at most 100).',
      args: { first: t.arg.int({ required: false, defaultValue: 10 }) },
      complexity: (args) => ({ field: 1, multiplier: Math.min(args.first ?? 10, 100) }),
      resolve: (s, args) => {
        const first = checkInt('first', args.first ?? 10, 0, 100);
        return Object.entries(s.result.byPosition)
          .sort((a, b) => a[1] - b[1])
          .slice(0, first)
          .map(([id, pnlUsd]) => ({ risk: s.risk, id, pnlUsd }));
      },
    }),
  }),
});

const CustomShockInput = builder.inputType('CustomShockInput', {
  description: 'A user-defined stress: per-token relative moves (tokens not named stay unchanged).',
  fields: (t) => ({
    name: t.string({ required: true }),
    moves: t.field({ type: [TokenMoveInput], required: true }),
    volShift: t.float({ required: false, description: 'Relative vol shift (default 0).' }),
  }),
});

const MissingPolicyEnum = builder.enumType('StressMissingTokenPolicy', {
  description:
    'Tokens without data in a historical scenario: BTC (take BTC’s move), ZERO (unchanged), ERROR.',
  values: ['BTC', 'ZERO', 'ERROR'] as const,
});

builder.queryField('stressTest', (t) =>
  t.field({
    type: [StressResultRef],
    authScopes: { role: 'VIEWER' },
    description:
      'Applies named historical scenarios and/or custom shocks to the selected fund (all named scenarios when neither is given).',
    args: {
      snapshotId: t.arg.id({ required: false }),
      names: t.arg.stringList({ required: false }),
      shocks: t.arg({ type: [CustomShockInput], required: false }),
      volShift: t.arg.float({
        required: false,
        description: 'Relative vol shift with the historical scenarios.',
      }),
      missingTokens: t.arg({ type: MissingPolicyEnum, required: false, defaultValue: 'BTC' }),
    },
    complexity: { field: 5, multiplier: 10 },
    resolve: async (_root, args, ctx) => {
      const names = args.names ?? [];
      const shocks = args.shocks ?? [];
      if (names.length + shocks.length > 20)
        throw new BadUserInputError(
          'names',
          `at most 20 scenarios and shocks (got ${names.length + shocks.length})`,
        );
      const scenarios = names.map((raw, i) => {
        const name = checkText(`names[${i}]`, raw, 64);
        const found = builtinStress(name);
        if (!found)
          throw new BadUserInputError(
            `names[${i}]`,
            `unknown stress scenario ${JSON.stringify(name)} (see stressScenarios)`,
            name,
          );
        return found;
      });
      const custom = shocks.map((s, i) => ({
        name: checkText(`shocks[${i}].name`, s.name, 64),
        moves: checkTokenMoves(`shocks[${i}].moves`, s.moves),
        volShift: s.volShift == null ? 0 : checkMove(`shocks[${i}].volShift`, s.volShift),
      }));
      const volShift = args.volShift == null ? 0 : checkMove('volShift', args.volShift);
      const missing = (args.missingTokens ?? 'BTC').toLowerCase() as MissingTokenPolicy;
      const risk = await loadRiskBook(ctx, args.snapshotId == null ? null : String(args.snapshotId));
      const rv = risk.revaluation();
      const all = names.length + shocks.length === 0 ? BUILTIN_STRESS.scenarios : scenarios;
      checkRevaluationBudget('this stress test', risk, all.length + custom.length);
      const results: StressShape[] = all.map((s) => ({
        risk,
        result: riskCall(() => runStress(rv, s, { missing, volShift })),
      }));
      for (const s of custom)
        results.push({
          risk,
          result: riskCall(() => runShock(rv, s.moves, { name: s.name, volShift: s.volShift })),
        });
      return results;
    },
  }),
);
