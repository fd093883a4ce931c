import type { BacktestMethod, BacktestParams, BacktestSeries } from '../../var/backtest/rolling.ts';
import { runRollingBacktest } from '../../var/backtest/rolling.ts';
import { parseArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { formatNumber, renderTable, section } from '../table.ts';
import { CliUsageError } from '../usage-error.ts';
import { DEFAULT_HISTORY, loadHistory, numberOption } from './var.ts';

const HELP = `dte backtest [options]

Rolling 1-day VaR backtest on real daily closes: each day's VaR is forecast from the days
before it only, the realized loss of a book of constant USD exposures is compared with it,
and the exceptions are tested (Kupiec POF, Christoffersen independence and conditional
coverage, Basel traffic light of the last 250 days).
  --history FILE       date,token,close_usd CSV (default: ${DEFAULT_HISTORY.replace(/.*\/packages\//, 'packages/')})
  --holdings T=USD,... constant USD exposure per token (default BTC=1000000,ETH=1000000)
  --window N           estimation window in days (default 500)
  --confidence A[,A]   default 0.99,0.95
  --method M[,M]       historical, ewma-normal (default both)
  --lambda L           EWMA decay (default 0.94)
  --from DATE          first close used (default 2018-01-10, after the Korean-premium period)
  --to DATE            last close used (default: end of the data)
  --json               JSON output (with the daily losses and VaRs)
`;

function parseHoldings(v: unknown): Record<string, number> {
  if (v === undefined) return { BTC: 1_000_000, ETH: 1_000_000 };
  const out: Record<string, number> = {};
  for (const part of String(v).split(',')) {
    const [token, amount] = part.split('=');
    const x = Number(amount);
    if (!token || amount === undefined || amount.trim() === '' || !Number.isFinite(x)) {
      throw new CliUsageError(`--holdings: expected TOKEN=USD,..., got "${part}"`);
    }
    out[token.trim()] = x;
  }
  return out;
}

function pValue(p: number): string {
  return Number.isNaN(p) ? '-' : p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
}

/** `dte backtest`: rolling VaR backtests with exceptions and coverage tests. */
export const backtestCommand: CliCommand = {
  name: 'backtest',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, {
      history: 'string',
      holdings: 'string',
      window: 'string',
      confidence: 'string',
      method: 'string',
      lambda: 'string',
      from: 'string',
      to: 'string',
      json: 'boolean',
    });
    const v = args.values;
    if (v.help) return io.stdout(HELP);
    if (args.positionals.length > 0) throw new CliUsageError(`unexpected argument "${args.positionals[0]}"`);
    const params: BacktestParams = {
      history: await loadHistory(v.history as string | undefined, io),
      holdings: parseHoldings(v.holdings),
    };
    const window = numberOption(v.window, 'window');
    if (window !== undefined) params.window = window;
    if (v.confidence !== undefined) {
      params.confidences = String(v.confidence)
        .split(',')
        .map((s) => numberOption(s, 'confidence') as number);
    }
    if (v.method !== undefined) params.methods = String(v.method).split(',') as BacktestMethod[];
    const lambda = numberOption(v.lambda, 'lambda');
    if (lambda !== undefined) params.lambda = lambda;
    if (typeof v.from === 'string') params.historyFrom = v.from;
    if (typeof v.to === 'string') params.to = v.to;
    const r = runRollingBacktest(params);
    if (v.json) {
      io.stdout(`${JSON.stringify(r, null, 2)}\n`);
      return;
    }
    const book = Object.entries(r.holdings)
      .map(([t, u]) => `${t} ${formatNumber(u, 0)}`)
      .join(', ');
    const head = `rolling 1-day VaR backtest: ${book} USD; window ${r.window} days; ${r.dates[0]}..${
      r.dates[r.dates.length - 1]
    } (${r.dates.length} days)`;
    const table = renderTable<BacktestSeries>(r.series, [
      { header: 'method', cell: (s) => s.method },
      { header: 'conf', cell: (s) => `${formatNumber(s.confidence * 100, 1)}%` },
      { header: 'mean VaR', cell: (s) => s.meanVar, digits: 0 },
      { header: 'exceptions', cell: (s) => s.exceptions, digits: 0 },
      { header: 'expected', cell: (s) => s.expectedExceptions, digits: 1 },
      { header: 'rate', cell: (s) => `${formatNumber((100 * s.exceptions) / s.days, 2)}%` },
      { header: 'Kupiec LR', cell: (s) => s.kupiec.statistic, digits: 3 },
      { header: 'p', cell: (s) => pValue(s.kupiec.pValue) },
      { header: 'indep. LR', cell: (s) => s.independence.statistic, digits: 3 },
      { header: 'p', cell: (s) => pValue(s.independence.pValue) },
      { header: 'cond. cov. LR', cell: (s) => s.conditionalCoverage.statistic, digits: 3 },
      { header: 'p', cell: (s) => pValue(s.conditionalCoverage.pValue) },
      {
        header: 'last 250d',
        cell: (s) => `${s.trafficLight.exceptions} ${s.trafficLight.zone}`,
      },
    ]);
    io.stdout(
      section(head, table) +
        '\nexceptions: realized loss > VaR; p-values: chi-square(1) for Kupiec and independence, chi-square(2) for\n' +
        'conditional coverage (reject at 5% when p < 0.05); traffic light: BCBS 1996 zones of the last 250 days.\n',
    );
  },
};
