/**
 * Scheduled per-fund computations (pure, run in compute threads): the risk snapshot (exposures,
 * parametric and historical VaR) and the measures of a fund's limits. Every measure that cannot be
 * computed (missing history, a book the engine refuses) is reported as a note, never thrown, so one
 * missing series does not cost the fund its whole snapshot or limit check.
 */
import {
  aggregateExposures,
  createMarketView,
  type DailyClose,
  type GroupTotals,
  type PortfolioDocument,
  type PositionExposure,
  parseMarginSpec,
  parsePortfolio,
  portfolioExposures,
  portfolioLiquidations,
  runDeltaGamma,
  runDeltaNormal,
  runHistorical,
  runMonteCarlo,
  type VarResult,
} from '@dte/risk-core';

/** Compact VaR figures kept in snapshots. */
export interface VarFigures {
  method: string;
  horizonDays: number;
  levels: { confidence: number; var: number; es: number; stdErrVar: number | null }[];
  contributions: { byToken: Record<string, number>; byAccount: Record<string, number> } | null;
  details: Record<string, unknown>;
  warnings: string[];
}

function figures(r: VarResult): VarFigures {
  return {
    method: r.method,
    horizonDays: r.horizonDays,
    levels: r.levels.map((l) => ({ confidence: l.confidence, var: l.var, es: l.es, stdErrVar: l.stdErrVar })),
    contributions: r.levels[0]?.contributions.var ?? null,
    details: r.details,
    warnings: r.warnings,
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** Runs `fn`; on an error records `label: message` in `notes` and returns null. */
function attempt<T>(notes: string[], label: string, fn: () => T): T | null {
  try {
    return fn();
  } catch (error) {
    notes.push(`${label}: ${describe(error)}`);
    return null;
  }
}

/** Arguments of {@link riskSnapshotTask}. */
export interface SnapshotArgs {
  document: unknown;
  history: DailyClose[];
  historyAsOf: string | null;
  /** `schedule.params`: `confidences`, `horizonDays`, `lookback` (history window). */
  params: { confidences?: number[]; horizonDays?: number; lookback?: number };
}

function groupJson(g: GroupTotals) {
  return { key: g.key, positions: g.positions, usd: g.usd, tokens: g.tokens };
}

/**
 * Exposures (whole fund, per account) and VaR: delta-normal, delta-gamma (Cornish-Fisher) and
 * historical simulation with full revaluation, all on the covariance / returns of the fund's price
 * history up to `historyAsOf`.
 */
export function riskSnapshotTask(args: SnapshotArgs): { exposures: unknown; risk: unknown; notes: string[] } {
  const notes: string[] = [];
  const doc = parsePortfolio(args.document);
  const view = createMarketView(doc.valuationTime, doc.market);
  const exposures = portfolioExposures(doc, view);
  const stable = (t: string) => view.isStable(t);
  const fund = aggregateExposures(exposures, [], stable)[0];
  const byAccount = aggregateExposures(exposures, ['account'], stable);
  const confidences = args.params.confidences ?? [0.95, 0.99];
  const horizonDays = args.params.horizonDays ?? 1;
  const lookback = args.params.lookback ?? 500;
  const covariance = {
    source: 'history' as const,
    history: args.history,
    lookback,
    ...(args.historyAsOf ? { asOf: args.historyAsOf } : {}),
  };
  const parametric = { horizonDays, confidences, covariance };
  const deltaNormal = attempt(notes, 'delta-normal', () => figures(runDeltaNormal(doc, parametric)));
  const deltaGamma = attempt(notes, 'delta-gamma', () => figures(runDeltaGamma(doc, parametric)));
  const historical = attempt(notes, 'historical', () =>
    figures(
      runHistorical(doc, {
        history: args.history,
        horizonDays,
        confidences,
        lookback,
        ...(args.historyAsOf ? { asOf: args.historyAsOf } : {}),
      }),
    ),
  );
  return {
    exposures: {
      valuationTime: doc.valuationTime,
      positions: exposures.length,
      fund: fund ? groupJson(fund) : null,
      byAccount: byAccount.map(groupJson),
    },
    risk: { deltaNormal, deltaGamma, historical, historyAsOf: args.historyAsOf, notes },
    notes,
  };
}

/** A limit as the measure needs it (numbers already converted). */
export interface LimitInput {
  id: string;
  name: string;
  kind: 'NET_DELTA' | 'GROSS_NOTIONAL' | 'VAR' | 'LEVERAGE' | 'LIQUIDATION_DISTANCE' | 'STOP_LEVEL';
  token: string | null;
  /** Account NAME (document accounts are names) the limit is narrowed to. */
  account: string | null;
  /** Position row id the limit is narrowed to. */
  positionId: string | null;
  threshold: number;
  warnAt: number | null;
  params: Record<string, unknown>;
}

/** A document position's database rows. */
export interface PositionRef {
  docId: string;
  source: string;
  rowIds: string[];
  account: string;
  /** Position rows: signed quantity and stop price. */
  quantity?: number;
  stopPrice?: number | null;
}

/** Arguments of {@link limitMeasuresTask}. */
export interface LimitArgs {
  document: unknown;
  /** The liquidation document (isolated positions in their own accounts), raw JSON. */
  liquidationDocument: unknown;
  refs: PositionRef[];
  limits: LimitInput[];
  history: DailyClose[];
  historyAsOf: string | null;
}

/** One measured (limit, subject). */
export interface Measure {
  limitId: string;
  /** What is measured: a token, a position id, or '' for the limit's whole scope. */
  subject: string;
  value: number;
  status: 'ok' | 'warning' | 'breach';
  message: string;
}

/** Limits whose value must stay below the threshold (the others must stay above it). */
const ABOVE = new Set(['NET_DELTA', 'GROSS_NOTIONAL', 'VAR', 'LEVERAGE']);

function classify(limit: LimitInput, value: number): Measure['status'] {
  if (ABOVE.has(limit.kind)) {
    if (value > limit.threshold) return 'breach';
    if (limit.warnAt !== null && value >= limit.warnAt * limit.threshold) return 'warning';
    return 'ok';
  }
  if (value < limit.threshold) return 'breach';
  const warnBelow =
    typeof limit.params.warnBelow === 'number'
      ? limit.params.warnBelow
      : limit.warnAt !== null
        ? limit.threshold / limit.warnAt
        : null;
  if (warnBelow !== null && value < warnBelow) return 'warning';
  return 'ok';
}

const fmt = (x: number) =>
  Math.abs(x) >= 1000
    ? x.toLocaleString('en-US', { maximumFractionDigits: 0 })
    : Number(x.toPrecision(4)).toString();

function measure(limit: LimitInput, subject: string, value: number, what: string): Measure {
  const status = classify(limit, value);
  const op = ABOVE.has(limit.kind) ? (status === 'breach' ? '>' : '<=') : status === 'breach' ? '<' : '>=';
  return {
    limitId: limit.id,
    subject,
    value,
    status,
    message: `${limit.name}: ${what} ${fmt(value)} ${op} threshold ${fmt(limit.threshold)}`,
  };
}

/**
 * Measures every limit: NET_DELTA (|net delta| per token, in tokens or USD with `params.unit`),
 * GROSS_NOTIONAL (sum of |notional| USD), VAR (VaR or ES of `params.method`: historical (default),
 * delta-normal, delta-gamma or monte-carlo), LEVERAGE (gross notional / equity, equity = market
 * value), LIQUIDATION_DISTANCE (per position: relative price move to its liquidation price),
 * STOP_LEVEL (per position: current price against the stop, which the limit's threshold gives for
 * the position it names, else each position's own stop price). A limit narrowed to a token, an
 * account or a position measures only that part of the book. `failed` lists the limits that could
 * not be measured (their alerts are left as they are).
 */
export function limitMeasuresTask(args: LimitArgs): {
  measures: Measure[];
  notes: string[];
  failed: string[];
} {
  const notes: string[] = [];
  const failed: string[] = [];
  const doc = parsePortfolio(args.document);
  const view = createMarketView(doc.valuationTime, doc.market);
  const exposures = portfolioExposures(doc, view);
  const stable = (t: string) => view.isStable(t);
  const refByDoc = new Map(args.refs.map((r) => [r.docId, r]));
  const inScope = (e: { id: string; account: string }, l: LimitInput) => {
    const ref = refByDoc.get(e.id);
    if (l.account !== null && (ref?.account ?? e.account) !== l.account) return false;
    if (l.positionId !== null && !(ref?.rowIds.includes(l.positionId) ?? false)) return false;
    return true;
  };
  const scoped = (l: LimitInput): PositionExposure[] => exposures.filter((e) => inScope(e, l));
  let liquidations: ReturnType<typeof portfolioLiquidations> | null | undefined;
  const liquidationsOf = () => {
    if (liquidations === undefined) {
      liquidations = attempt(notes, 'liquidations', () => {
        const ldoc = parsePortfolio(args.liquidationDocument);
        return portfolioLiquidations(ldoc, parseMarginSpec(args.liquidationDocument, ldoc));
      });
    }
    return liquidations;
  };
  const scopedDoc = (l: LimitInput): PortfolioDocument => ({
    ...doc,
    positions: doc.positions.filter((p) => inScope(p, l)),
  });

  const measures: Measure[] = [];
  for (const l of args.limits) {
    const label = `limit ${l.id} (${l.name})`;
    const out = attempt(notes, label, (): Measure[] => {
      switch (l.kind) {
        case 'NET_DELTA': {
          const usd = l.params.unit === 'USD';
          const absolute = l.params.absolute !== false;
          const tokens = aggregateExposures(scoped(l), [], stable)[0]?.tokens ?? [];
          return tokens
            .filter((t) => !t.stable && (l.token === null || t.token === l.token))
            .map((t) => {
              const raw = usd ? t.deltaUsd : t.deltaTokens;
              return measure(
                l,
                t.token,
                absolute ? Math.abs(raw) : raw,
                `${t.token} net delta${usd ? ' (USD)' : ''}`,
              );
            });
        }
        case 'GROSS_NOTIONAL': {
          const g = aggregateExposures(scoped(l), [], stable)[0];
          const tokens = (g?.tokens ?? []).filter(
            (t) => !t.stable && (l.token === null || t.token === l.token),
          );
          const value = tokens.reduce((s, t) => s + t.notionalUsd, 0);
          return [measure(l, '', value, 'gross notional USD')];
        }
        case 'LEVERAGE': {
          const g = aggregateExposures(scoped(l), [], stable)[0];
          const notional = g?.usd.notionalUsd ?? 0;
          const equity = g?.usd.marketValueUsd ?? 0;
          if (!(equity > 0)) {
            if (notional === 0) return [measure(l, '', 0, 'gross leverage')];
            return [
              {
                ...measure(l, '', 1e6, 'gross leverage'),
                message: `${l.name}: equity ${fmt(equity)} USD <= 0 with gross notional ${fmt(notional)} USD`,
              },
            ];
          }
          return [measure(l, '', notional / equity, 'gross leverage')];
        }
        case 'VAR': {
          const method = typeof l.params.method === 'string' ? l.params.method : 'historical';
          const confidence = typeof l.params.confidence === 'number' ? l.params.confidence : 0.99;
          const horizonDays = typeof l.params.horizonDays === 'number' ? l.params.horizonDays : 1;
          const lookback =
            typeof l.params.windowDays === 'number'
              ? l.params.windowDays
              : typeof l.params.lookback === 'number'
                ? l.params.lookback
                : 500;
          const es = l.params.measure === 'ES';
          const d = scopedDoc(l);
          const covariance = {
            source: 'history' as const,
            history: args.history,
            lookback,
            ...(args.historyAsOf ? { asOf: args.historyAsOf } : {}),
          };
          const common = { horizonDays, confidences: [confidence] };
          const r =
            method === 'delta-normal'
              ? runDeltaNormal(d, { ...common, covariance })
              : method === 'delta-gamma'
                ? runDeltaGamma(d, { ...common, covariance })
                : method === 'monte-carlo'
                  ? runMonteCarlo(d, {
                      ...common,
                      paths: typeof l.params.paths === 'number' ? l.params.paths : 20_000,
                      seed: typeof l.params.seed === 'number' ? l.params.seed : 7,
                      covariance,
                    })
                  : runHistorical(d, {
                      ...common,
                      history: args.history,
                      lookback,
                      ...(args.historyAsOf ? { asOf: args.historyAsOf } : {}),
                    });
          const level = r.levels[0];
          if (!level) return [];
          return [
            measure(
              l,
              '',
              es ? level.es : level.var,
              `${horizonDays}-day ${confidence * 100}% ${method} ${es ? 'ES' : 'VaR'} USD`,
            ),
          ];
        }
        case 'LIQUIDATION_DISTANCE': {
          const liq = liquidationsOf();
          if (!liq) return [];
          const out: Measure[] = [];
          for (const p of liq.positions) {
            const ref = refByDoc.get(p.id);
            if (!inScope({ id: p.id, account: ref?.account ?? p.account }, l)) continue;
            if (l.token !== null && p.underlying !== l.token) continue;
            const value = p.liquidatableNow ? 0 : p.distance ? Math.abs(p.distance.pct) : null;
            if (value === null) continue;
            out.push(measure(l, ref?.rowIds[0] ?? p.id, value, `distance to liquidation of ${p.id}`));
          }
          return out;
        }
        case 'STOP_LEVEL': {
          const out: Measure[] = [];
          for (const e of scoped(l)) {
            const ref = refByDoc.get(e.id);
            if (ref?.source !== 'POSITION' || ref.quantity === undefined || ref.quantity === 0) continue;
            if (l.token !== null && e.underlying !== l.token) continue;
            const stop = l.positionId !== null ? l.threshold : (ref.stopPrice ?? null);
            if (stop === null || !e.underlying) continue;
            const price = view.spot(e.underlying);
            const long =
              l.params.side === 'short' ? false : l.params.side === 'long' ? true : ref.quantity > 0;
            const hit = long ? price <= stop : price >= stop;
            out.push({
              limitId: l.id,
              subject: ref.rowIds[0] ?? e.id,
              value: price,
              status: hit ? 'breach' : 'ok',
              message: `${l.name}: ${e.underlying} at ${fmt(price)} ${hit ? (long ? '<=' : '>=') : long ? '>' : '<'} stop ${fmt(stop)} (${long ? 'long' : 'short'} ${e.id})`,
            });
          }
          return out;
        }
      }
    });
    if (out) measures.push(...out);
    else failed.push(l.id);
  }
  return { measures, notes, failed };
}
