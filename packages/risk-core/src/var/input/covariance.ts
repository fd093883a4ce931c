import { RiskInputError } from '../../errors.ts';
import type { PortfolioDocument } from '../../portfolio/types.ts';
import type { DailyClose } from '../../scenarios/prices-csv.ts';
import { sampleCovariance } from '../../stats/covariance.ts';
import { ewmaCovariance, RISKMETRICS_DAILY_LAMBDA } from '../../stats/ewma.ts';
import type { Matrix } from '../../stats/matrix.ts';
import { matrixFromRows, matrixToRows } from '../../stats/matrix.ts';
import type { RepairMethod } from '../../stats/repair-covariance.ts';
import { repairCovariance } from '../../stats/repair-covariance.ts';
import { validateCovariance } from '../../stats/validate-covariance.ts';
import { historyWindow } from './history.ts';
import { checkLambda } from './params.ts';

/** Estimator of the daily covariance from price history. */
export type CovarianceEstimator = 'sample' | 'ewma';

/** Where the covariance comes from and how it is estimated or repaired. */
export interface CovarianceOptions {
  /**
   * `auto` (default): `market.covariance` when the document has one, else estimated from `history`;
   * `market`: the document's (error when absent); `history`: estimated even if the document has one.
   */
  source?: 'auto' | 'market' | 'history';
  /** Estimator for history (default `ewma`). */
  estimator?: CovarianceEstimator;
  /** EWMA decay (default 0.94, RiskMetrics daily). */
  lambda?: number;
  /** Daily returns used by the estimator (default 500). */
  lookback?: number;
  /** Daily closes (`parseDailyCloses` rows); needed when the covariance is estimated. */
  history?: readonly DailyClose[];
  /** Last history date used (default: the valuation date's previous day). */
  asOf?: string;
  /**
   * Repair a given covariance that is not positive definite (Higham nearest correlation, variances
   * kept) instead of rejecting it; `true` = `higham`. Estimated covariances are always repaired when
   * needed (e.g. fewer returns than tokens) and the repair is reported.
   */
  repair?: boolean | RepairMethod;
}

/** Covariance of daily log returns of the risk tokens, ready for simulation. */
export interface ResolvedCovariance {
  /** Row/column order. */
  tokens: string[];
  /** Daily covariance (JSON rows). */
  daily: number[][];
  source: 'market' | 'sample' | 'ewma';
  /** Present when the matrix was repaired. */
  repair?: {
    method: RepairMethod;
    relativeFrobeniusChange: number;
    maxCorrelationChange: number;
    minEigenvalueBefore: number;
  };
  /**
   * History window used by an estimate; `staleDays` = calendar days from its last close to the
   * valuation date (results warn beyond STALE_HISTORY_DAYS).
   */
  window?: { from: string; to: string; returns: number; staleDays: number };
  lambda?: number;
}

function subMatrix(m: Matrix, index: readonly number[]): number[][] {
  return index.map((i) => index.map((j) => m.data[i * m.cols + j] as number));
}

/** History older than this (days before the valuation date) is flagged in results. */
export const STALE_HISTORY_DAYS = 7;

/** Calendar days from the date `last` (YYYY-MM-DD) to the valuation date. */
export function staleDays(last: string, valuationTime: string): number {
  const v = Date.parse(valuationTime.slice(0, 10));
  return Math.round((v - Date.parse(last)) / 86_400_000);
}

/** A warning when an estimate's history ends long before the valuation date, else none. */
export function staleHistoryWarnings(window: { to: string; staleDays: number } | undefined): string[] {
  if (window === undefined || window.staleDays <= STALE_HISTORY_DAYS) return [];
  return [`price history ends ${window.to}, ${window.staleDays} days before the valuation date`];
}

function previousDay(valuationTime: string): string {
  const t = Date.parse(valuationTime);
  return new Date(t - 86_400_000).toISOString().slice(0, 10);
}

/**
 * The daily covariance of `tokens` (the portfolio's risk tokens) for a VaR run.
 *
 * Given (`market.covariance`): validated with `validateCovariance` (square, finite, symmetric,
 * variances >= 0, |correlation| <= 1, positive semidefinite); a matrix that fails the PSD test is
 * rejected unless `repair` is set, then repaired with `repairCovariance` (Higham 2002 by default).
 * Estimated: the last `lookback` daily log returns up to `asOf` (no gap allowed), sample
 * covariance (ddof 1, numpy.cov) or EWMA (RiskMetrics 1996 eq. 5.3, normalized weights), repaired
 * when not positive definite.
 *
 * @throws RiskInputError `MISSING_MARKET_DATA` for a token absent from the covariance
 *   (`market.covariance.tokens`) or the history (`history.<TOKEN>`), no covariance and no history;
 *   the validation errors of `validateCovariance` naming `market.covariance.daily[i][j]` (with a
 *   hint to repair); `OUT_OF_DOMAIN` for a bad lambda/lookback.
 */
export function resolveCovariance(
  doc: PortfolioDocument,
  tokens: readonly string[],
  options: CovarianceOptions = {},
): ResolvedCovariance {
  const source = options.source ?? 'auto';
  const given = doc.market.covariance;
  if (source === 'market' || (source === 'auto' && given !== undefined)) {
    if (given === undefined) {
      throw new RiskInputError(
        'MISSING_MARKET_DATA',
        'market.covariance',
        given,
        'the document has no covariance',
      );
    }
    return fromMarket(given, tokens, options.repair ?? false);
  }
  if (options.history === undefined) {
    throw new RiskInputError(
      'MISSING_MARKET_DATA',
      'market.covariance',
      undefined,
      'no covariance in the document and no price history to estimate it from',
    );
  }
  return fromHistory(doc, tokens, options);
}

function fromMarket(
  given: { tokens: string[]; daily: number[][] },
  tokens: readonly string[],
  repair: boolean | RepairMethod,
): ResolvedCovariance {
  const name = 'market.covariance.daily';
  const index = tokens.map((t) => {
    const i = given.tokens.indexOf(t);
    if (i < 0) {
      throw new RiskInputError(
        'MISSING_MARKET_DATA',
        'market.covariance.tokens',
        given.tokens,
        `has no row for ${t}, a token of the portfolio`,
      );
    }
    return i;
  });
  const m = matrixFromRows(given.daily, name);
  if (repair === false) {
    try {
      const v = validateCovariance(m, { name, tokens: given.tokens });
      return { tokens: [...tokens], daily: subMatrix(v.covariance, index), source: 'market' };
    } catch (e) {
      if (e instanceof RiskInputError && e.code === 'OUT_OF_DOMAIN' && e.field === name) {
        const msg = e.message.slice(name.length + 2).replace(/ \(got .*\)$/s, '');
        throw new RiskInputError(
          e.code,
          e.field,
          e.value,
          `${msg}; pass repair (CLI --repair-covariance) to repair it`,
        );
      }
      throw e;
    }
  }
  const method: RepairMethod = repair === true ? 'higham' : repair;
  const r = repairCovariance(m, { method, name });
  validateCovariance(r.covariance, { name, tokens: given.tokens });
  return {
    tokens: [...tokens],
    daily: subMatrix(r.covariance, index),
    source: 'market',
    ...(r.changed
      ? {
          repair: {
            method,
            relativeFrobeniusChange: r.relativeFrobeniusChange,
            maxCorrelationChange: r.maxCorrelationChange,
            minEigenvalueBefore: r.minEigenvalueBefore,
          },
        }
      : {}),
  };
}

function fromHistory(
  doc: PortfolioDocument,
  tokens: readonly string[],
  options: CovarianceOptions,
): ResolvedCovariance {
  const estimator = options.estimator ?? 'ewma';
  if (estimator !== 'sample' && estimator !== 'ewma') {
    throw new RiskInputError('UNSUPPORTED', 'estimator', estimator, "must be 'sample' or 'ewma'");
  }
  const lambda = checkLambda('lambda', options.lambda ?? RISKMETRICS_DAILY_LAMBDA);
  const window = historyWindow(options.history ?? [], tokens, {
    lookback: options.lookback ?? 500,
    asOf: options.asOf ?? previousDay(doc.valuationTime),
  });
  const est =
    estimator === 'sample'
      ? sampleCovariance(window.returns)
      : ewmaCovariance(window.returns, { lambda }).covariance;
  const r = repairCovariance(est, { name: `${estimator} covariance` });
  return {
    tokens: [...tokens],
    daily: matrixToRows(r.covariance),
    source: estimator,
    ...(estimator === 'ewma' ? { lambda } : {}),
    window: {
      from: window.startDates[0] as string,
      to: window.dates[window.dates.length - 1] as string,
      returns: window.returns.rows,
      staleDays: staleDays(window.dates[window.dates.length - 1] as string, doc.valuationTime),
    },
    ...(r.changed
      ? {
          repair: {
            method: r.method,
            relativeFrobeniusChange: r.relativeFrobeniusChange,
            maxCorrelationChange: r.maxCorrelationChange,
            minEigenvalueBefore: r.minEigenvalueBefore,
          },
        }
      : {}),
  };
}
