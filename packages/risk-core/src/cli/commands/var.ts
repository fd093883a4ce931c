import { fileURLToPath } from 'node:url';
import type { PortfolioDocument } from '../../portfolio/types.ts';
import type { DailyClose } from '../../scenarios/prices-csv.ts';
import { parseDailyCloses } from '../../scenarios/prices-csv.ts';
import type { HistoricalParams } from '../../var/historical/historical.ts';
import type { CovarianceOptions } from '../../var/input/covariance.ts';
import { mergeMonteCarlo } from '../../var/mc/merge.ts';
import { DEFAULT_STREAM_PATHS, planMonteCarloRun } from '../../var/mc/plan.ts';
import type { MonteCarloParams } from '../../var/mc/types.ts';
import type { MonteCarloPool } from '../../var/parallel/pool.ts';
import { createMonteCarloPool, defaultThreads, IN_CLI_BUNDLE } from '../../var/parallel/pool.ts';
import type { VarLevel, VarResult } from '../../var/result.ts';
import { parseArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';
import { readInput } from '../io.ts';
import { loadPortfolio } from '../load-portfolio.ts';
import { formatNumber, renderTable, section } from '../table.ts';
import { CliUsageError } from '../usage-error.ts';

/** The package directory, relative to this module: src/cli/commands/, or dist/cli/ in the bundle. */
const PACKAGE_ROOT = IN_CLI_BUNDLE ? '../../' : '../../../';

/** The repository's copy of the real daily closes (packages/db/data/prices-daily.csv). */
export const DEFAULT_HISTORY = fileURLToPath(
  new URL(`${PACKAGE_ROOT}../db/data/prices-daily.csv`, import.meta.url),
);

const HELP = `dte var [PORTFOLIO] [options]

Value at Risk and Expected Shortfall of a portfolio document (USD, loss positive), with
per-token and per-account contributions (Euler allocation).
  --method M           mc (default) | historical | delta-normal | delta-gamma
  --confidence A[,A]   confidence level(s) in (0,1), e.g. 0.95,0.99 (default 0.99)
  --horizon H          horizon in days, > 0 (default 1)
  --json               JSON output (default: tables)
Monte Carlo (spec semantics: x ~ N(0, h Cov) or Student-t, spot and forwards x exp(x - h var/2),
vols kept, expiries shortened by h/365, full revaluation):
  --paths N            paths (default 100000)
  --seed S             seed (default 7); results depend on (seed, paths, --stream-paths) only
  --dist normal|t      return distribution (default normal); --nu NU for t (> 2, default 5)
  --antithetic         antithetic pairs (x, -x)
  --pricing exact|grid option revaluation: exact (default; every distinct contract priced on
                       every path) or grid (per-token cubic Hermite grid of full
                       revaluations, interpolation error reported)
  --threads N          compute threads (default: one per core, started only when the run is
                       long enough to repay the ~0.35 s start-up of a worker); never changes
                       the result
  --stream-paths N     paths per random stream segment (default 4096)
Covariance (Monte Carlo and parametric): market.covariance when the document has one, else
estimated from --history:
  --covariance SRC     market | sample | ewma (estimate even if the document has one)
  --lambda L           EWMA decay (default 0.94)
  --lookback N         daily returns for estimates and historical simulation (default 500)
  --repair-covariance  repair a non-PSD market.covariance (Higham) instead of failing
Historical simulation (real daily returns, full revaluation):
  --history FILE       date,token,close_usd CSV (default: the repository's prices-daily.csv)
  --as-of DATE         last history date used (default: the day before the valuation date)
  --horizon-scaling S  overlapping (default; h-day sums) | sqrt
  --age-weighting L    Boudoukh-Richardson-Whitelaw age weights with decay L (e.g. 0.98)
  --vol-weighting L    Hull-White volatility weighting with an EWMA of decay L (e.g. 0.94)
A progress bar is shown on stderr for Monte Carlo when stderr is a terminal.
`;

const FLAGS = {
  method: 'string',
  confidence: 'string',
  horizon: 'string',
  paths: 'string',
  seed: 'string',
  dist: 'string',
  nu: 'string',
  antithetic: 'boolean',
  pricing: 'string',
  history: 'string',
  threads: 'string',
  'stream-paths': 'string',
  covariance: 'string',
  lambda: 'string',
  lookback: 'string',
  'repair-covariance': 'boolean',
  'as-of': 'string',
  'horizon-scaling': 'string',
  'age-weighting': 'string',
  'vol-weighting': 'string',
  json: 'boolean',
} as const;

/** Parses a number option; undefined when absent. @throws CliUsageError when not a number. */
export function numberOption(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(x)) {
    throw new CliUsageError(`--${name}: expected a number, got "${String(v)}"`);
  }
  return x;
}

/**
 * Reads a `date,token,close_usd` CSV (default: the repository's prices-daily.csv).
 * @throws CliUsageError (unreadable file) or RiskInputError (malformed rows).
 */
export async function loadHistory(path: string | undefined, io: CliIo): Promise<DailyClose[]> {
  return parseDailyCloses(await readInput(path ?? DEFAULT_HISTORY, io));
}

function parseConfidences(v: unknown): number[] {
  if (v === undefined) return [0.99];
  return String(v)
    .split(',')
    .map((s) => {
      const x = Number(s);
      if (s.trim() === '' || Number.isNaN(x))
        throw new CliUsageError(`--confidence: expected numbers, got "${s}"`);
      return x;
    });
}

/** A progress bar on stderr, redrawn at most 10 times a second. */
function progressBar(total: number, io: CliIo): { update(done: number): void; done(): void } {
  const start = Date.now();
  let last = 0;
  const draw = (done: number) => {
    const f = Math.min(1, done / total);
    const width = 30;
    const bar = '#'.repeat(Math.round(f * width)).padEnd(width, '.');
    const s = ((Date.now() - start) / 1000).toFixed(1);
    io.stderr(
      `\r[${bar}] ${(f * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} paths ${s} s`,
    );
  };
  return {
    update(done) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done);
    },
    done() {
      io.stderr('\r\x1b[2K');
    },
  };
}

/** Chunks of an in-process run (`dte var`); the planner's default (16) suits queued workers. */
const CLI_CHUNKS = 32;

async function monteCarlo(
  doc: PortfolioDocument,
  v: Record<string, unknown>,
  common: { horizonDays: number; confidences: number[]; covariance: CovarianceOptions },
  pool: MonteCarloPool,
  io: CliIo,
): Promise<VarResult> {
  const dist = (v.dist as string | undefined) ?? 'normal';
  if (dist !== 'normal' && dist !== 't')
    throw new CliUsageError(`--dist: expected normal or t, got "${dist}"`);
  const pricing = (v.pricing as string | undefined) ?? 'exact';
  if (pricing !== 'grid' && pricing !== 'exact')
    throw new CliUsageError(`--pricing: expected grid or exact, got "${pricing}"`);
  const params: MonteCarloParams = {
    paths: numberOption(v.paths, 'paths') ?? 100_000,
    seed: numberOption(v.seed, 'seed') ?? 7,
    ...common,
    distribution:
      dist === 't' ? { kind: 'student-t', nu: numberOption(v.nu, 'nu') ?? 5 } : { kind: 'normal' },
    antithetic: v.antithetic === true,
    pricing,
  };
  const streamPaths = numberOption(v['stream-paths'], 'stream-paths');
  if (streamPaths !== undefined) params.streamPaths = streamPaths;
  // In-process chunks of ~1/32 of the run (whole segments; 4,096 paths at 100k): the threads take
  // them from one queue, so finer chunks leave less idle time at the end. Results never depend on it.
  const segment = params.streamPaths ?? DEFAULT_STREAM_PATHS;
  if (params.paths > 0 && segment > 0) {
    params.chunkPaths = Math.max(1, Math.ceil(params.paths / CLI_CHUNKS / segment)) * segment;
  }
  const { spec, chunks } = planMonteCarloRun(doc, params);
  const bar = process.stderr.isTTY === true && !v.json ? progressBar(spec.totalPaths, io) : null;
  const summaries = await pool.run(doc, spec, chunks, (done) => bar?.update(done));
  bar?.done();
  const result = mergeMonteCarlo(spec, summaries);
  result.details.threads = pool.threads;
  return result;
}

function pct(a: number): string {
  return `${formatNumber(a * 100, a * 1000 === Math.round(a * 1000) ? 1 : 3)}%`;
}

function contributionTable(names: readonly string[], level: VarLevel, key: 'byToken' | 'byAccount'): string {
  return renderTable(names.slice(), [
    { header: key === 'byToken' ? 'token' : 'account', cell: (n) => n },
    { header: 'VaR contribution', cell: (n) => level.contributions.var[key][n] },
    { header: 'ES contribution', cell: (n) => level.contributions.es[key][n] },
  ]);
}

function title(r: VarResult): string {
  const days = `${r.horizonDays} day${r.horizonDays === 1 ? '' : 's'}`;
  const d = r.details;
  if (r.method === 'monte-carlo') {
    const dist = d.distribution as { kind: string; nu?: number };
    return `Monte Carlo VaR/ES, horizon ${days}, ${formatNumber(r.paths ?? 0, 0)} paths (${
      dist.kind === 'student-t' ? `Student-t nu=${dist.nu}` : 'normal'
    }${d.antithetic ? ', antithetic' : ''}, seed ${d.seed}, ${d.pricing} pricing, ${d.threads} thread${d.threads === 1 ? '' : 's'})`;
  }
  if (r.method === 'historical') {
    const w = d.window as { from: string; to: string };
    return `Historical VaR/ES, horizon ${days}, ${r.paths} scenarios (${w.from}..${w.to}, ${d.horizonScaling})`;
  }
  return `${r.method === 'delta-normal' ? 'Delta-normal' : 'Delta-gamma (Cornish-Fisher)'} VaR/ES, horizon ${days}`;
}

/** Human-readable rendering of a VaR result. */
export function renderVar(r: VarResult): string {
  const parts = [
    section(
      title(r),
      renderTable(r.levels, [
        { header: 'confidence', cell: (l) => pct(l.confidence) },
        { header: 'VaR', cell: (l) => l.var },
        { header: 'ES', cell: (l) => l.es },
        { header: 'std err VaR', cell: (l) => l.stdErrVar ?? undefined },
      ]),
    ),
  ];
  for (const l of r.levels) {
    parts.push(
      section(
        `contributions at ${pct(l.confidence)} (USD, Euler allocation)`,
        `${contributionTable(r.tokens, l, 'byToken')}\n\n${contributionTable(r.accounts, l, 'byAccount')}`,
      ),
    );
  }
  const dd = r.distribution;
  const stats = [
    `mean P&L ${formatNumber(dd.meanPnl)}  std ${formatNumber(dd.stdPnl)}` +
      (dd.minPnl !== null
        ? `  min ${formatNumber(dd.minPnl)}  max ${formatNumber(dd.maxPnl ?? undefined)}`
        : ''),
    renderTable(dd.lossQuantiles, [
      { header: 'loss quantile', cell: (q) => pct(q.level) },
      { header: 'loss', cell: (q) => q.loss },
    ]),
  ];
  parts.push(section('P&L distribution (USD)', stats.join('\n')));
  const grid = r.details.optionGrid as
    | { tokens: { symbol?: string; cells: number; maxMidpointError: number }[]; exactContracts: number }
    | null
    | undefined;
  if (r.method === 'monte-carlo' && r.details.pricing === 'exact') {
    parts.push(
      section(
        'option revaluation',
        'exact: every distinct contract revalued in full (Black-76) on every path (--pricing grid for the grid)',
      ),
    );
  }
  if (grid) {
    const worst = Math.max(0, ...grid.tokens.map((t) => t.maxMidpointError));
    parts.push(
      section(
        'option revaluation',
        `grid of full revaluations per token (${grid.tokens.map((t) => `${t.symbol} ${t.cells} cells`).join(', ')}), ` +
          `largest interpolation error at the cell midpoints ${worst.toExponential(1)} USD; ` +
          `${grid.exactContracts} contracts priced exactly on every path (--pricing exact for all)`,
      ),
    );
  }
  if (r.warnings.length > 0) parts.push(section('warnings', r.warnings.join('\n')));
  return parts.join('\n');
}

/** `dte var`: VaR/ES by Monte Carlo, historical simulation, delta-normal or delta-gamma. */
export const varCommand: CliCommand = {
  name: 'var',
  help: HELP,
  async run(argv, io) {
    const args = parseArgs(argv, FLAGS);
    const v = args.values;
    if (v.help) return io.stdout(HELP);
    const method = (v.method as string | undefined) ?? 'mc';
    if (!['mc', 'historical', 'delta-normal', 'delta-gamma'].includes(method)) {
      throw new CliUsageError(
        `--method: expected mc | historical | delta-normal | delta-gamma, got "${method}"`,
      );
    }
    const explicit = numberOption(v.threads, 'threads');
    const threads = explicit ?? defaultThreads();
    if (!Number.isInteger(threads) || threads < 1)
      throw new CliUsageError(`--threads: expected an integer >= 1, got ${threads}`);
    // An explicit --threads, or the bundled CLI (cheap workers), starts the workers first (their
    // start-up overlaps reading and planning); otherwise (tsx workers) they start only when the run
    // is long enough to repay their start-up.
    const adaptive = explicit === undefined && !IN_CLI_BUNDLE;
    const pool = method === 'mc' ? createMonteCarloPool({ threads, adaptive }) : null;
    try {
      const doc = await loadPortfolio(args.positionals[0], io);
      const confidences = parseConfidences(v.confidence);
      const horizonDays = numberOption(v.horizon, 'horizon') ?? 1;
      const lookback = numberOption(v.lookback, 'lookback');
      const asOf = v['as-of'] as string | undefined;
      const source = v.covariance as string | undefined;
      if (source !== undefined && !['market', 'sample', 'ewma'].includes(source)) {
        throw new CliUsageError(`--covariance: expected market | sample | ewma, got "${source}"`);
      }
      const needsHistory =
        method === 'historical' ||
        (source !== undefined && source !== 'market') ||
        (source === undefined && doc.market.covariance === undefined);
      const history = needsHistory ? await loadHistory(v.history as string | undefined, io) : undefined;
      const covariance: CovarianceOptions = {
        source: source === undefined ? 'auto' : source === 'market' ? 'market' : 'history',
        ...(source === 'sample' || source === 'ewma' ? { estimator: source } : {}),
        ...(v.lambda !== undefined ? { lambda: numberOption(v.lambda, 'lambda') as number } : {}),
        ...(lookback !== undefined ? { lookback } : {}),
        ...(history ? { history } : {}),
        ...(asOf ? { asOf } : {}),
        repair: v['repair-covariance'] === true,
      };
      const common = { horizonDays, confidences, covariance };
      let result: VarResult;
      if (method === 'mc') {
        result = await monteCarlo(doc, v, common, pool as MonteCarloPool, io);
      } else if (method === 'historical') {
        const hp: HistoricalParams = { history: history ?? [], horizonDays, confidences };
        if (lookback !== undefined) hp.lookback = lookback;
        if (asOf) hp.asOf = asOf;
        const scaling = v['horizon-scaling'] as string | undefined;
        if (scaling !== undefined) hp.horizonScaling = scaling as HistoricalParams['horizonScaling'];
        const age = numberOption(v['age-weighting'], 'age-weighting');
        if (age !== undefined) hp.ageWeighting = { lambda: age };
        const volW = numberOption(v['vol-weighting'], 'vol-weighting');
        if (volW !== undefined) hp.volatilityWeighting = { lambda: volW };
        // Methods other than Monte Carlo are loaded on demand (shorter start-up for each).
        const { runHistorical } = await import('../../var/historical/historical.ts');
        result = runHistorical(doc, hp);
      } else {
        result =
          method === 'delta-normal'
            ? (await import('../../var/parametric/delta-normal.ts')).runDeltaNormal(doc, common)
            : (await import('../../var/parametric/delta-gamma.ts')).runDeltaGamma(doc, common);
      }
      if (v.json) {
        const first = result.levels[0] as VarLevel;
        const out = {
          confidence: first.confidence,
          var: first.var,
          es: first.es,
          stdErrVar: first.stdErrVar,
          ...result,
        };
        io.stdout(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      io.stdout(renderVar(result));
    } finally {
      await pool?.close();
    }
  },
};
