import { dirname } from 'node:path';
import { parseCascadeScenario } from '../../cascade/parse-scenario.ts';
import { simulateCascade } from '../../cascade/simulate.ts';
import type { CascadeResult } from '../../cascade/types.ts';
import { parseArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { parseJson, readInput, resolveUserPath } from '../io.ts';
import { formatNumber, renderTable, section } from '../table.ts';
import { CliUsageError } from '../usage-error.ts';

const HELP = `dte cascade SCENARIO.json [--json] [--shock T=M,...] [--max-rounds N] [--events]

Inter-protocol liquidation cascade (docs/cascade-format.md): apply the scenario's shock, liquidate
every perpetual level, lending position (Aave v3.3 rules) and fund position it reaches, let
leveraged-token issuers rebalance, move prices through the impact model with the traded volume,
and repeat until nothing new is liquidated or the round limit.
  SCENARIO       scenario JSON (stdin when "-"); "portfolio" may be a file path, read relative
                 to the scenario file
  --shock T=M    override shocks, e.g. BTC=-0.08,ETH=-0.1 (others keep the file's)
  --max-rounds N override options.maxRounds
  --events       with --json: per-round event lists (perp level and lending position indices)
  --json         JSON output (default: tables)
Example: dte cascade packages/risk-core/examples/cascade-oct-2025.json
Invalid scenario: exit 2, stderr names the field and value.
`;

const m = (usd: number) => usd / 1e6;
const M = { digits: 1 };
const pct = (x: number) => `${formatNumber(x * 100, 2)}%`;

function parseShocks(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [token, value] = part.split('=');
    const v = Number(value);
    if (!token || value === undefined || value.trim() === '' || !Number.isFinite(v) || v <= -1) {
      throw new CliUsageError(`--shock: expected TOKEN=MOVE with MOVE > -1, e.g. BTC=-0.08 (got "${part}")`);
    }
    out[token] = v;
  }
  return out;
}

function tables(r: CascadeResult): string {
  const tokens = Object.keys(r.initialPrices).filter(
    (t) => r.amplification[t] !== null || r.totals.byToken[t],
  );
  const header = section(
    `cascade ${r.name ?? ''}: ${r.rounds.length} round(s), ${r.termination}`.replace('  ', ' '),
    renderTable(tokens, [
      { header: 'token', cell: (t) => t },
      { header: 'initial', cell: (t) => r.initialPrices[t] },
      { header: 'shocked', cell: (t) => r.shockedPrices[t] },
      { header: 'final', cell: (t) => r.finalPrices[t] },
      {
        header: 'shock',
        cell: (t) => pct((r.shockedPrices[t] as number) / (r.initialPrices[t] as number) - 1),
      },
      {
        header: 'final move',
        cell: (t) => pct((r.finalPrices[t] as number) / (r.initialPrices[t] as number) - 1),
      },
      { header: 'amplification', cell: (t) => r.amplification[t] ?? undefined },
      { header: 'liquidated M USD', cell: (t) => m(r.totals.byToken[t] ?? 0), ...M },
    ]),
  );
  const rounds = section(
    'rounds (prices at which the round liquidated; M USD)',
    renderTable(r.rounds, [
      { header: 'round', cell: (x) => x.round, digits: 0 },
      ...tokens.map((t) => ({ header: t, cell: (x: CascadeResult['rounds'][number]) => x.prices[t] })),
      { header: 'liquidated', cell: (x) => m(x.liquidatedUsd), ...M },
      { header: 'perp', cell: (x) => m(x.byKind.perp), ...M },
      { header: 'lending', cell: (x) => m(x.byKind.lending), ...M },
      { header: 'fund', cell: (x) => m(x.byKind.fund), ...M },
      { header: 'LT rebal.', cell: (x) => m(x.rebalanceUsd), ...M },
      { header: 'bad debt', cell: (x) => m(x.badDebtUsd), ...M },
      { header: 'levels', cell: (x) => x.counts.perpLevels, digits: 0 },
      { header: 'loans', cell: (x) => x.counts.lendingPositions, digits: 0 },
      { header: 'fund positions liquidated', cell: (x) => x.fundLiquidated.join(', ') || '-' },
    ]),
  );
  const protocols = Object.entries(r.totals.byProtocol).sort((a, b) => b[1] - a[1]);
  const byProtocol = section(
    `totals: ${formatNumber(m(r.totals.liquidatedUsd), 1)} M USD liquidated, bad debt ${formatNumber(m(r.totals.badDebtUsd), 1)} M USD, LT rebalancing ${formatNumber(m(r.totals.rebalanceUsd), 1)} M USD`,
    renderTable(protocols, [
      { header: 'protocol / venue', cell: ([p]) => p },
      { header: 'liquidated M USD', cell: ([, v]) => m(v), ...M },
    ]),
  );
  const fund =
    r.fundLiquidated.length === 0
      ? 'fund: no position liquidated\n'
      : section(
          'fund positions liquidated',
          renderTable(r.fundLiquidated, [
            { header: 'id', cell: (f) => f.id },
            { header: 'round', cell: (f) => f.round, digits: 0 },
          ]),
        );
  return [header, rounds, byProtocol, fund].join('\n');
}

/** `dte cascade`: runs a liquidation-cascade scenario. */
export const cascadeCommand: CliCommand = {
  name: 'cascade',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, {
      json: 'boolean',
      shock: 'list',
      'max-rounds': 'string',
      events: 'boolean',
    });
    if (args.values.help) return io.stdout(HELP);
    const path = args.positionals[0];
    if (path === undefined) throw new CliUsageError('cascade needs a SCENARIO file (see dte cascade --help)');
    const raw = parseJson(await readInput(path, io), path === '-' ? 'stdin' : path);
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      const doc = raw as Record<string, unknown>;
      if (typeof doc.portfolio === 'string') {
        const base = path === '-' ? io.cwd : dirname(resolveUserPath(path, io));
        const file = doc.portfolio.startsWith('/') ? doc.portfolio : `${base}/${doc.portfolio}`;
        doc.portfolio = parseJson(await readInput(file, io), file);
      }
      for (const s of (args.values.shock as string[] | undefined) ?? []) {
        doc.shock = { ...((doc.shock as Record<string, unknown> | undefined) ?? {}), ...parseShocks(s) };
      }
      const rounds = args.values['max-rounds'];
      if (typeof rounds === 'string') {
        const n = Number(rounds);
        if (!Number.isInteger(n) || n < 1)
          throw new CliUsageError(`--max-rounds: expected an integer >= 1 (got "${rounds}")`);
        doc.options = { ...((doc.options as Record<string, unknown> | undefined) ?? {}), maxRounds: n };
      }
      if (args.values.events)
        doc.options = { ...((doc.options as Record<string, unknown> | undefined) ?? {}), recordEvents: true };
    }
    const result = simulateCascade(parseCascadeScenario(raw));
    io.stdout(args.values.json ? `${JSON.stringify(result, null, 2)}\n` : tables(result));
  },
};
