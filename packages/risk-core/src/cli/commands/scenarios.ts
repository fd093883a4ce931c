import { BUILTIN_STRESS, builtinStress } from '../../scenarios/builtin-stress.ts';
import type { GridCell, ScenarioGrid } from '../../scenarios/grid.ts';
import { defaultGridAxes, scenarioGrid } from '../../scenarios/grid.ts';
import { prepareRevaluation } from '../../scenarios/revalue.ts';
import type { MissingTokenPolicy, StressResult } from '../../scenarios/stress.ts';
import { runShock, runStress } from '../../scenarios/stress.ts';
import { parseArgs } from '../args.ts';
import { parseAxis, parseShock } from '../axis.ts';
import type { CliCommand } from '../command.ts';
import { loadPortfolio } from '../load-portfolio.ts';
import type { Column } from '../table.ts';
import { formatNumber, renderTable, section } from '../table.ts';
import { CliUsageError } from '../usage-error.ts';

const NAMES = BUILTIN_STRESS.scenarios.map((s) => s.name);

const HELP = `dte scenarios [PORTFOLIO] [options]

Full-revaluation P&L (USD) of the portfolio under spot x vol moves, historical stresses and
user shocks. Spot moves apply to spot and every forward of a token (relative, 0.1 = +10%);
vol moves are relative shifts (0.5 = vols x 1.5); time is unchanged (no theta). "total" moves
all non-stable tokens together; per-token columns move only that token.
  PORTFOLIO          portfolio document; stdin when absent or "-"
  --spot AXIS        spot moves, FROM:TO:COUNT or a comma list
                     (default Deribit-style: -0.16:0.16:9)
  --vol AXIS         vol shifts (default 0.5,0,-0.25: up / same / down)
  --extended AXIS    extra spot moves on the vol-up shift only
                     (default -0.66,-0.33,0.5,1,2,3,4,5; "none" to skip)
  --no-grid          skip the grid
  --stress NAME|all  historical stress (repeatable): ${NAMES.join(', ')}
  --stress-vol V     relative vol shift applied with stresses and shocks (default 0)
  --missing POLICY   token without data in a stress: btc (use BTC's move, default) | zero | error
  --shock T=M,...    user-defined shock, e.g. BTC=-0.2,ETH=-0.3 (repeatable)
  --json             JSON output (default: tables)
`;

function gridTable(g: ScenarioGrid): string {
  const cols: Column<GridCell>[] = [
    { header: 'vol shift', cell: (c) => `${formatNumber(c.volShift * 100, 0)}%` },
    { header: 'spot move', cell: (c) => `${formatNumber(c.spotMove * 100, 1)}%` },
    { header: 'total P&L', cell: (c) => c.pnlUsd },
    ...g.tokens.map((t) => ({ header: `${t} only`, cell: (c: GridCell) => c.byToken[t] })),
  ];
  return renderTable([...g.cells, ...g.extended], cols);
}

function stressTable(results: StressResult[]): string {
  const tokens = [...new Set(results.flatMap((r) => Object.keys(r.moves)))];
  const cols: Column<StressResult>[] = [
    { header: 'scenario', cell: (r) => r.name },
    { header: 'total P&L', cell: (r) => r.pnlUsd },
    ...tokens.map((t) => ({
      header: `${t} move`,
      cell: (r: StressResult) => {
        const m = r.moves[t];
        return m ? `${formatNumber(m.move * 100, 1)}%${m.source === 'fallback-btc' ? ' (btc)' : ''}` : '-';
      },
    })),
    ...tokens.map((t) => ({ header: `${t} P&L`, cell: (r: StressResult) => r.byToken[t] })),
    {
      header: 'min HF after',
      cell: (r) =>
        r.healthFactors.length === 0 ? undefined : Math.min(...r.healthFactors.map((h) => h.after)),
      digits: 4,
    },
  ];
  return renderTable(results, cols);
}

/** `dte scenarios`: P&L grid, historical stresses and user shocks. */
export const scenariosCommand: CliCommand = {
  name: 'scenarios',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, {
      json: 'boolean',
      spot: 'string',
      vol: 'string',
      extended: 'string',
      'no-grid': 'boolean',
      stress: 'list',
      'stress-vol': 'string',
      missing: 'string',
      shock: 'list',
    });
    const v = args.values;
    if (v.help) return io.stdout(HELP);
    const axes = defaultGridAxes();
    if (typeof v.spot === 'string') axes.spotMoves = parseAxis(v.spot, '--spot');
    if (typeof v.vol === 'string') axes.volShifts = parseAxis(v.vol, '--vol');
    if (typeof v.extended === 'string') axes.extendedMoves = parseAxis(v.extended, '--extended');
    const volShift =
      typeof v['stress-vol'] === 'string' ? (parseAxis(v['stress-vol'], '--stress-vol')[0] ?? 0) : 0;
    const missing = (v.missing ?? 'btc') as string;
    if (!['btc', 'zero', 'error'].includes(missing)) {
      throw new CliUsageError(`--missing: expected btc | zero | error, got "${missing}"`);
    }
    const requested = ((v.stress as string[] | undefined) ?? []).flatMap((s) => s.split(','));
    const names = requested.includes('all') ? NAMES : requested;
    const scenarios = names.map((n) => {
      const s = builtinStress(n);
      if (!s) throw new CliUsageError(`--stress: unknown scenario "${n}" (one of ${NAMES.join(', ')}, all)`);
      return s;
    });
    const shocks = ((v.shock as string[] | undefined) ?? []).map(parseShock);

    const doc = await loadPortfolio(args.positionals[0], io);
    const rv = prepareRevaluation(doc);
    const grid = v['no-grid'] ? null : scenarioGrid(rv, axes);
    const stress = [
      ...scenarios.map((s) => runStress(rv, s, { missing: missing as MissingTokenPolicy, volShift })),
      ...shocks.map((m, i) => runShock(rv, m, { name: `shock-${i + 1}`, volShift })),
    ];
    if (v.json) {
      io.stdout(`${JSON.stringify({ valuationTime: doc.valuationTime, grid, stress }, null, 2)}\n`);
      return;
    }
    const parts: string[] = [];
    if (grid) {
      parts.push(section('P&L grid (USD; rows after the grid: extended moves on vol up)', gridTable(grid)));
      if (grid.worst) {
        const w = grid.worst;
        parts.push(
          `worst: ${formatNumber(w.pnlUsd)} USD at spot ${formatNumber(w.spotMove * 100, 1)}%, vol ${formatNumber(w.volShift * 100, 0)}%\n`,
        );
      }
    }
    if (stress.length > 0) parts.push(section('stress scenarios (USD)', stressTable(stress)));
    io.stdout(parts.join('\n'));
  },
};
