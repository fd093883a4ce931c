import { createMarketView } from '../../exposure/market-view.ts';
import { portfolioExposures } from '../../exposure/portfolio-exposure.ts';
import type { DeltaHedge } from '../../hedging/delta-hedge.ts';
import { deltaHedge } from '../../hedging/delta-hedge.ts';
import { parseHedgeInstrument } from '../../hedging/hedge-instrument.ts';
import { parseArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { loadPortfolio } from '../load-portfolio.ts';
import { renderTable, section } from '../table.ts';
import { CliUsageError } from '../usage-error.ts';

const HELP = `dte hedge [PORTFOLIO] --with SPEC [--with SPEC ...] [--json]

Delta hedge per underlying: the whole contracts of the chosen instrument that neutralise the
portfolio's USD delta on that token, the residual delta, and the gamma/vega/theta that remain.
  --with SPEC   TOKEN:KIND:SIZE[:EXPIRY], KIND one of linear-perp, inverse-perp,
                linear-future, inverse-future, spot; SIZE in tokens (linear, spot) or USD face
                (inverse). Examples: BTC:inverse-perp:10  ETH:linear-perp:1
                BTC:linear-future:0.01:2027-03-26T08:00:00Z
                or JSON {"underlying","kind","settlement","contractSize","expiry"?}
  --json        JSON output (default: table)
`;

/** `dte hedge`: delta-neutralising trades in chosen instruments. */
export const hedgeCommand: CliCommand = {
  name: 'hedge',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, { json: 'boolean', with: 'list' });
    if (args.values.help) return io.stdout(HELP);
    const specs = (args.values.with as string[] | undefined) ?? [];
    if (specs.length === 0)
      throw new CliUsageError('hedge needs at least one --with SPEC (see dte hedge --help)');
    const instruments = specs.map(parseHedgeInstrument);
    const doc = await loadPortfolio(args.positionals[0], io);
    const view = createMarketView(doc.valuationTime, doc.market);
    const exposures = portfolioExposures(doc, view);
    const hedges = instruments.map((h) => deltaHedge(exposures, view, h));
    if (args.values.json) {
      io.stdout(`${JSON.stringify({ valuationTime: doc.valuationTime, hedges }, null, 2)}\n`);
      return;
    }
    const table = renderTable<DeltaHedge>(hedges, [
      { header: 'token', cell: (h) => h.underlying },
      {
        header: 'instrument',
        cell: (h) =>
          `${h.instrument.kind === 'spot' ? 'spot' : `${h.instrument.settlement}-${h.instrument.kind}`} x${h.contractSize}`,
      },
      { header: 'delta USD before', cell: (h) => h.before.deltaUsd },
      { header: 'contracts', cell: (h) => h.contracts, digits: 0 },
      { header: 'exact', cell: (h) => h.exactContracts, digits: 3 },
      { header: 'residual delta USD', cell: (h) => h.residual.deltaUsd },
      { header: 'residual tokens', cell: (h) => h.residual.deltaTokens, digits: 6 },
      { header: 'cash gamma/1%', cell: (h) => h.remaining.cashGammaUsd },
      { header: 'vega/pt', cell: (h) => h.remaining.vegaUsd },
      { header: 'theta/day', cell: (h) => h.remaining.thetaUsd },
    ]);
    io.stdout(section(`delta hedge at ${doc.valuationTime} (contracts > 0: buy)`, table));
  },
};
