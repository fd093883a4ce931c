import type { GroupDimension, GroupTotals } from '../../aggregation/aggregate.ts';
import { aggregateExposures } from '../../aggregation/aggregate.ts';
import type { ExpiryBucket } from '../../aggregation/expiry-bucket.ts';
import { EXPIRY_BUCKETS } from '../../aggregation/expiry-bucket.ts';
import { createMarketView } from '../../exposure/market-view.ts';
import { portfolioExposures } from '../../exposure/portfolio-exposure.ts';
import type { PositionExposure } from '../../exposure/types.ts';
import { parseArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { loadPortfolio } from '../load-portfolio.ts';
import type { Column } from '../table.ts';
import { renderTable, section } from '../table.ts';
import { CliUsageError } from '../usage-error.ts';

const DIMENSIONS: readonly GroupDimension[] = ['underlying', 'fund', 'account', 'venue', 'bucket'];

const HELP = `dte exposure [PORTFOLIO] [--json] [--by DIM[,DIM...]]

Per-position token exposure (token-equivalent quantity, USD notional, delta in tokens and USD,
gamma and cash gamma per 1%, vega per vol point, theta per day, market value, P&L, coin view)
and aggregates.
  PORTFOLIO   portfolio document (JSON, spec portfolio-format.md v1); stdin when absent or "-"
  --json      JSON output (default: tables)
  --by        extra grouping, dimensions joined by "," from: ${DIMENSIONS.join(', ')}
              (always output: total, and one grouping per dimension, each split by token)
Invalid document: exit 2, stderr names the position id, field and value.
`;

function parseDims(text: string): GroupDimension[] {
  return text.split(',').map((d) => {
    if (!(DIMENSIONS as readonly string[]).includes(d)) {
      throw new CliUsageError(`--by: unknown dimension "${d}" (one of ${DIMENSIONS.join(', ')})`);
    }
    return d as GroupDimension;
  });
}

const positionColumns: Column<PositionExposure>[] = [
  { header: 'id', cell: (e) => e.id },
  { header: 'account', cell: (e) => e.account },
  { header: 'kind', cell: (e) => (e.settlement ? `${e.kind}/${e.settlement}` : e.kind) },
  { header: 'bucket', cell: (e) => e.bucket },
  { header: 'token', cell: (e) => e.legs.map((l) => l.token).join('+') },
  { header: 'qty tokens', cell: (e) => sum(e, 'quantityTokens'), digits: 4 },
  { header: 'delta tokens', cell: (e) => sum(e, 'deltaTokens'), digits: 4 },
  { header: 'delta USD', cell: (e) => sum(e, 'deltaUsd') },
  { header: 'cash gamma/1%', cell: (e) => sum(e, 'cashGammaUsd') },
  { header: 'vega/pt', cell: (e) => sum(e, 'vegaUsd') },
  { header: 'theta/day', cell: (e) => sum(e, 'thetaUsd') },
  { header: 'value USD', cell: (e) => e.marketValueUsd },
];

function sum(
  e: PositionExposure,
  k: 'quantityTokens' | 'deltaTokens' | 'deltaUsd' | 'cashGammaUsd' | 'vegaUsd' | 'thetaUsd',
) {
  // Token amounts of different tokens do not add up: show them only for single-token positions.
  if ((k === 'quantityTokens' || k === 'deltaTokens') && e.legs.length !== 1) return undefined;
  return e.legs.reduce((a, l) => a + l[k], 0);
}

interface GroupRow {
  group: string;
  token: string;
  t: GroupTotals['tokens'][number];
}

function groupTable(groups: GroupTotals[], dims: readonly GroupDimension[]): string {
  const rows: GroupRow[] = groups.flatMap((g) =>
    g.tokens.map((t) => ({
      group: dims
        .filter((d) => d !== 'underlying')
        .map((d) => g.key[d])
        .join(' / '),
      token: t.token,
      t,
    })),
  );
  const cols: Column<GroupRow>[] = [
    ...(dims.some((d) => d !== 'underlying')
      ? [{ header: dims.filter((d) => d !== 'underlying').join(' / '), cell: (r: GroupRow) => r.group }]
      : []),
    { header: 'token', cell: (r) => (r.t.stable ? `${r.token} (stable)` : r.token) },
    { header: 'net delta tokens', cell: (r) => r.t.deltaTokens, digits: 4 },
    { header: 'net delta USD', cell: (r) => r.t.deltaUsd },
    { header: 'gross delta USD', cell: (r) => r.t.grossDeltaUsd },
    { header: 'notional USD', cell: (r) => r.t.notionalUsd },
    { header: 'cash gamma/1%', cell: (r) => r.t.cashGammaUsd },
    { header: 'vega/pt', cell: (r) => r.t.vegaUsd },
    { header: 'theta/day', cell: (r) => r.t.thetaUsd },
    { header: 'value USD', cell: (r) => r.t.marketValueUsd },
  ];
  return renderTable(rows, cols);
}

/** Groups with a bucket key in bucket order (perp/spot, <7d, ... >180d, expired); stable otherwise. */
function sortBuckets(groups: GroupTotals[]): GroupTotals[] {
  const rank = (g: GroupTotals) =>
    g.key.bucket === undefined ? 0 : EXPIRY_BUCKETS.indexOf(g.key.bucket as ExpiryBucket);
  return [...groups].sort((a, b) => rank(a) - rank(b));
}

/** `dte exposure`: per-position exposures and aggregates of a portfolio document. */
export const exposureCommand: CliCommand = {
  name: 'exposure',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, { json: 'boolean', by: 'string' });
    if (args.values.help) return io.stdout(HELP);
    const extra = typeof args.values.by === 'string' ? parseDims(args.values.by) : undefined;
    const doc = await loadPortfolio(args.positionals[0], io);
    const view = createMarketView(doc.valuationTime, doc.market);
    const positions = portfolioExposures(doc, view);
    const groupings: Record<string, GroupDimension[]> = {
      underlying: ['underlying'],
      fund: ['fund', 'underlying'],
      account: ['account', 'underlying'],
      venue: ['venue', 'underlying'],
      bucket: ['bucket', 'underlying'],
      ...(extra ? { [extra.join('+')]: [...extra.filter((d) => d !== 'underlying'), 'underlying'] } : {}),
    };
    const aggregates = Object.fromEntries(
      Object.entries(groupings).map(([k, dims]) => [
        k,
        sortBuckets(aggregateExposures(positions, dims, view.isStable)),
      ]),
    );
    const total = aggregateExposures(positions, [], view.isStable)[0] ?? null;
    if (args.values.json) {
      io.stdout(
        `${JSON.stringify({ valuationTime: doc.valuationTime, positions, total, aggregates }, null, 2)}\n`,
      );
      return;
    }
    const parts = [section(`positions at ${doc.valuationTime}`, renderTable(positions, positionColumns))];
    for (const [k, dims] of Object.entries(groupings)) {
      parts.push(section(`by ${k}`, groupTable(aggregates[k] ?? [], dims)));
    }
    if (total) {
      const u = total.usd;
      parts.push(
        section(
          'total (non-stable tokens; value over all)',
          renderTable(
            [u],
            [
              { header: 'net delta USD', cell: (r) => r.netDeltaUsd },
              { header: 'gross delta USD', cell: (r) => r.grossDeltaUsd },
              { header: 'notional USD', cell: (r) => r.notionalUsd },
              { header: 'cash gamma/1%', cell: (r) => r.cashGammaUsd },
              { header: 'vega/pt', cell: (r) => r.vegaUsd },
              { header: 'theta/day', cell: (r) => r.thetaUsd },
              { header: 'value USD', cell: (r) => r.marketValueUsd },
            ],
          ),
        ),
      );
    }
    const lending = positions.filter((p) => p.healthFactor !== undefined);
    if (lending.length > 0) {
      parts.push(
        section(
          'lending health factors',
          renderTable(lending, [
            { header: 'id', cell: (p) => p.id },
            { header: 'health factor', cell: (p) => p.healthFactor, digits: 4 },
            {
              header: 'liquidatable',
              cell: (p) => ((p.healthFactor ?? Number.POSITIVE_INFINITY) < 1 ? 'yes' : 'no'),
            },
          ]),
        ),
      );
    }
    io.stdout(parts.join('\n'));
  },
};
