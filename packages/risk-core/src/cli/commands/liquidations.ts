import { parseMarginSpec } from '../../liquidation/parse-margin.ts';
import { portfolioLiquidations } from '../../liquidation/portfolio-liquidations.ts';
import type { PositionLiquidation } from '../../liquidation/types.ts';
import { parsePortfolio } from '../../portfolio/parse-document.ts';
import { parseArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { parseJson, readInput } from '../io.ts';
import { formatNumber, renderTable, section } from '../table.ts';

const HELP = `dte liquidations [PORTFOLIO] [--json]

Liquidation price and distance of every position (docs/liquidation.md):
  futures/perpetuals  mark at which the margin account (cross: the venue account's collateral
                      positions + P&L; isolated: the position's isolatedMargin) falls to its
                      maintenance margin, that token moving alone; brackets from
                      maintenanceMarginRate / marginTiers; bankruptcy price
  lending             health factor, price of each token at which HF = 1 (others fixed), and the
                      Aave v3.3 liquidation just past the nearest trigger (close factor, bonus)
  others              none, with the reason (spot, collateral, options, leveraged tokens)
Distance = liquidation / current - 1, and liquidation - current in USD.
  PORTFOLIO   portfolio document (JSON) with the liquidation fields of docs/liquidation.md;
              stdin when absent or "-"
  --json      JSON output (default: tables)
Invalid document: exit 2, stderr names the position id, field and value.
`;

const pct = (x: number | undefined) => (x === undefined ? '-' : `${formatNumber(x * 100, 2)}%`);

function ratio(p: PositionLiquidation): string {
  if (p.margin) return pct(p.margin.marginRatio);
  if (p.lending) return `HF ${formatNumber(p.lending.healthFactor, 4)}`;
  return '-';
}

/** `dte liquidations`: per-position liquidation prices, distances and margin details. */
export const liquidationsCommand: CliCommand = {
  name: 'liquidations',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, { json: 'boolean' });
    if (args.values.help) return io.stdout(HELP);
    const path = args.positionals[0];
    const raw = parseJson(await readInput(path, io), path && path !== '-' ? path : 'stdin');
    const doc = parsePortfolio(raw);
    const result = portfolioLiquidations(doc, parseMarginSpec(raw, doc));
    if (args.values.json) {
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    const priced = result.positions.filter((p) => p.liquidationPrice !== null);
    const parts = [
      section(
        `liquidation prices at ${result.valuationTime} (margin ratio = maintenance / equity; liquidated at 100%)`,
        renderTable(priced, [
          { header: 'id', cell: (p) => p.id },
          { header: 'account', cell: (p) => p.margin?.account ?? p.account },
          { header: 'kind', cell: (p) => (p.margin ? `${p.kind}/${p.settlement}/${p.margin.mode}` : p.kind) },
          { header: 'token', cell: (p) => p.underlying },
          { header: 'current', cell: (p) => p.currentPrice },
          { header: 'liq price', cell: (p) => p.liquidationPrice ?? undefined },
          { header: 'distance', cell: (p) => pct(p.distance?.pct) },
          { header: 'distance USD', cell: (p) => p.distance?.usd },
          { header: 'equity USD', cell: (p) => p.margin?.equityUsd ?? p.lending?.collateralUsd },
          { header: 'maint. USD', cell: (p) => p.margin?.maintenanceUsd },
          { header: 'ratio / HF', cell: ratio },
          { header: 'bankruptcy', cell: (p) => p.margin?.bankruptcyPrice ?? undefined },
          { header: 'now', cell: (p) => (p.liquidatableNow ? 'LIQUIDATABLE' : 'ok') },
        ]),
      ),
    ];
    const lending = result.positions.filter((p) => p.lending);
    if (lending.length > 0) {
      const rows = lending.flatMap((p) =>
        (p.lending?.triggers ?? []).map((t) => ({
          id: p.id,
          t,
          at: p.lending?.atTrigger,
          lead: p.lending?.triggerToken,
        })),
      );
      parts.push(
        section(
          'lending triggers (HF = 1, other prices fixed); at the nearest: Aave v3.3 liquidation just past it',
          renderTable(rows, [
            { header: 'id', cell: (r) => r.id },
            { header: 'token', cell: (r) => r.t.token },
            { header: 'role', cell: (r) => r.t.role },
            { header: 'current', cell: (r) => r.t.currentPrice, digits: 4 },
            { header: 'trigger', cell: (r) => r.t.triggerPrice ?? r.t.reason, digits: 4 },
            { header: 'move', cell: (r) => (r.t.move === null ? '-' : pct(r.t.move)) },
            { header: 'close factor', cell: (r) => (r.t.token === r.lead ? r.at?.closeFactor : undefined) },
            {
              header: 'debt repaid USD',
              cell: (r) => (r.t.token === r.lead ? r.at?.debtRepaidUsd : undefined),
            },
            {
              header: 'collateral taken',
              cell: (r) => (r.t.token === r.lead ? r.at?.collateralTaken : undefined),
              digits: 4,
            },
            { header: 'bonus USD', cell: (r) => (r.t.token === r.lead ? r.at?.bonusUsd : undefined) },
            {
              header: 'HF after',
              cell: (r) => (r.t.token === r.lead ? r.at?.healthFactorAfter : undefined),
              digits: 4,
            },
          ]),
        ),
      );
    }
    if (result.accounts.length > 0) {
      parts.push(
        section(
          'cross-margin accounts: move of each token (alone) that liquidates the account',
          renderTable(
            result.accounts.flatMap((a) => a.moves.map((m) => ({ a, m }))),
            [
              { header: 'account', cell: (r) => r.a.account },
              { header: 'equity USD', cell: (r) => r.a.equityUsd },
              { header: 'maint. USD', cell: (r) => r.a.maintenanceUsd },
              { header: 'token', cell: (r) => r.m.token },
              { header: 'down', cell: (r) => (r.m.down === null ? 'none' : pct(r.m.down)) },
              { header: 'up', cell: (r) => (r.m.up === null ? 'none' : pct(r.m.up)) },
            ],
          ),
        ),
      );
    }
    const none = result.positions.filter((p) => p.liquidationPrice === null);
    if (none.length > 0) {
      parts.push(
        section(
          'no liquidation price',
          renderTable(none, [
            { header: 'id', cell: (p) => p.id },
            { header: 'kind', cell: (p) => p.kind },
            { header: 'reason', cell: (p) => p.reason },
          ]),
        ),
      );
    }
    io.stdout(parts.join('\n'));
  },
};
