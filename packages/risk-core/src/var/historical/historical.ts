import { RiskInputError } from '../../errors.ts';
import type { PortfolioDocument } from '../../portfolio/types.ts';
import type { DailyClose } from '../../scenarios/prices-csv.ts';
import { compilePortfolio, portfolioAxes } from '../compile/compile.ts';
import { PortfolioRevaluer, revalueScenarios } from '../engine/revaluer.ts';
import { staleDays, staleHistoryWarnings } from '../input/covariance.ts';
import { historyWindow } from '../input/history.ts';
import { checkConfidences, checkHorizon, checkInteger, checkLambda } from '../input/params.ts';
import type { VarLevel, VarResult } from '../result.ts';
import { quantileLevels, splitContributions } from '../result.ts';
import { tailRiskOfSample } from '../tail/sample.ts';
import { weightedTail } from './weighted-tail.ts';
import { ageWeights, volatilityWeighted } from './weights.ts';

/** How a multi-day horizon is built from daily returns. */
export type HorizonScaling =
  /** Sums of h consecutive daily log returns (overlapping windows): keeps fat tails and clustering; needs integer h. */
  | 'overlapping'
  /** Daily log returns x sqrt(h) (square-root-of-time; assumes i.i.d. returns). */
  | 'sqrt';

/** Parameters of {@link runHistorical}. */
export interface HistoricalParams {
  /** Daily closes of every simulated token (`parseDailyCloses` rows). */
  history: readonly DailyClose[];
  /** Horizon h in days (> 0; an integer with `overlapping`); default 1. */
  horizonDays?: number;
  /** Default [0.99]. */
  confidences?: number[];
  /** Daily returns in the window (default 500). */
  lookback?: number;
  /** Last date used (default: the day before the valuation date). */
  asOf?: string;
  /** Default `overlapping`. */
  horizonScaling?: HorizonScaling;
  /** Boudoukh-Richardson-Whitelaw age weighting with this decay (e.g. 0.98). */
  ageWeighting?: { lambda: number };
  /** Hull-White volatility weighting with an EWMA of this decay (default 0.94) and burn-in (default 100 days). */
  volatilityWeighting?: { lambda?: number; burnIn?: number };
}

/** Leading returns used only to start the Hull-White EWMA. */
const DEFAULT_BURN_IN = 100;

/**
 * Historical-simulation VaR/ES with full revaluation: the last `lookback` real daily log returns of
 * the portfolio's tokens (no gap allowed) make the scenarios; scenario s moves every spot and
 * forward of token i by exp(r_s,i) (the realized return, no drift correction), shortens expiries by
 * h/365 and revalues every position exactly (`PortfolioRevaluer`, every distinct option contract
 * priced by Black-76). Horizon h > 1: overlapping h-day sums (lookback - h + 1 scenarios; they are
 * autocorrelated, so the effective sample is ~lookback/h) or sqrt(h) scaling. Optional weights: age
 * (BRW; VaR/ES are then probability-weighted, `weightedTail`) and volatility (Hull-White rescaling).
 * Unweighted VaR/ES follow numpy's inverted_cdf and `loss >= VaR` exactly (`tailRiskOfSample`).
 * VaR contributions are those of the VaR scenario; ES contributions the (weighted) mean over the tail.
 *
 * @throws RiskInputError for missing history (`history.<TOKEN>`, gaps, too short for `lookback`),
 *   `horizonDays` <= 0 or not an integer with overlapping windows, confidences outside (0, 1), a
 *   lambda outside (0, 1), fewer than 20 scenarios (field `lookback`).
 */
export function runHistorical(doc: PortfolioDocument, params: HistoricalParams): VarResult {
  const h = checkHorizon(params.horizonDays ?? 1);
  const confidences = checkConfidences(params.confidences ?? [0.99]);
  const lookback = checkInteger('lookback', params.lookback ?? 500, 20);
  const scaling = params.horizonScaling ?? 'overlapping';
  if (scaling !== 'overlapping' && scaling !== 'sqrt') {
    throw new RiskInputError('UNSUPPORTED', 'horizonScaling', scaling, "must be 'overlapping' or 'sqrt'");
  }
  if (scaling === 'overlapping' && !Number.isInteger(h)) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'horizonDays',
      h,
      'must be a whole number of days with overlapping windows',
    );
  }
  const ageLambda = params.ageWeighting
    ? checkLambda('ageWeighting.lambda', params.ageWeighting.lambda)
    : null;
  const vw = params.volatilityWeighting;
  const volLambda = vw ? checkLambda('volatilityWeighting.lambda', vw.lambda ?? 0.94) : null;
  const burnIn = vw ? checkInteger('volatilityWeighting.burnIn', vw.burnIn ?? DEFAULT_BURN_IN, 1) : 0;

  const { tokens, accounts } = portfolioAxes(doc);
  if (tokens.length === 0) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'positions',
      doc.positions.length,
      'no position depends on a non-stable token',
    );
  }
  const asOf = params.asOf ?? new Date(Date.parse(doc.valuationTime) - 86_400_000).toISOString().slice(0, 10);
  const window = historyWindow(params.history, tokens, { lookback: lookback + burnIn, asOf });
  const daily =
    volLambda === null ? window.returns : volatilityWeighted(window.returns, burnIn, volLambda).returns;
  const dates = window.dates.slice(burnIn);
  const d = tokens.length;
  const n = scaling === 'overlapping' ? lookback - h + 1 : lookback;
  if (n < 20) {
    throw new RiskInputError(
      'OUT_OF_DOMAIN',
      'lookback',
      lookback,
      `gives ${n} scenarios for h = ${h}; need >= 20`,
    );
  }
  // Scenario log returns, n x d: scenario s ends on date index s + (h - 1) (overlapping).
  const logG = new Float64Array(n * d);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < d; i++) {
      if (scaling === 'sqrt') {
        logG[s * d + i] = Math.sqrt(h) * (daily.data[s * d + i] as number);
      } else {
        let sum = 0;
        for (let k = 0; k < h; k++) sum += daily.data[(s + k) * d + i] as number;
        logG[s * d + i] = sum;
      }
    }
  }
  const compiled = compilePortfolio(doc, { horizonDays: h, tokens, accounts });
  const { loss, contributions, components: k } = revalueScenarios(new PortfolioRevaluer(compiled), logG, n);

  const endDate = (s: number) => dates[scaling === 'overlapping' ? s + h - 1 : s] as string;
  const levels: VarLevel[] = [];
  let distribution: VarResult['distribution'];
  const lossMin = Math.min(...loss);
  const lossMax = Math.max(...loss);
  const edges = histogramEdges(lossMin, lossMax);
  if (ageLambda === null) {
    const levelsQ = quantileLevels(confidences, 0);
    for (const a of confidences) {
      const t = tailRiskOfSample(loss, a, { components: k, contributions });
      levels.push({
        confidence: a,
        var: t.var,
        es: t.es,
        stdErrVar: null,
        contributions: {
          var: splitContributions(t.varContributions, tokens, accounts),
          es: splitContributions(t.esContributions, tokens, accounts),
        },
        tailCount: t.tailCount,
        varPath: t.varPath,
      });
    }
    const all = tailRiskOfSample(loss, 0.5, { histogramEdges: edges });
    distribution = {
      meanPnl: -all.mean,
      stdPnl: all.std,
      minPnl: -lossMax,
      maxPnl: -lossMin,
      lossQuantiles: levelsQ.map((level) => ({ level, loss: tailRiskOfSample(loss, level).var })),
      lossHistogram: all.histogram,
    };
  } else {
    const ages = Array.from({ length: n }, (_, s) => n - 1 - s);
    const w = ageWeights(ages, ageLambda);
    for (const a of confidences) {
      const t = weightedTail(loss, w, contributions, k, a);
      levels.push({
        confidence: a,
        var: t.var,
        es: t.es,
        stdErrVar: null,
        contributions: {
          var: splitContributions(t.varContributions, tokens, accounts),
          es: splitContributions(t.esContributions, tokens, accounts),
        },
        tailCount: t.tailCount,
        varPath: t.varIndex,
      });
    }
    let mean = 0;
    for (let s = 0; s < n; s++) mean += (w[s] as number) * (loss[s] as number);
    let v = 0;
    for (let s = 0; s < n; s++) v += (w[s] as number) * ((loss[s] as number) - mean) ** 2;
    const all = tailRiskOfSample(loss, 0.5, { histogramEdges: edges });
    distribution = {
      meanPnl: -mean,
      stdPnl: Math.sqrt(v),
      minPnl: -lossMax,
      maxPnl: -lossMin,
      lossQuantiles: quantileLevels(confidences, 0).map((level) => ({
        level,
        loss: weightedTail(loss, w, contributions, k, level).var,
      })),
      lossHistogram: all.histogram,
    };
  }
  return {
    method: 'historical',
    horizonDays: h,
    tokens,
    accounts,
    paths: n,
    levels,
    distribution,
    details: {
      window: {
        from: window.startDates[burnIn],
        to: window.dates[window.dates.length - 1],
        dailyReturns: lookback,
      },
      horizonScaling: scaling,
      ageWeighting: ageLambda === null ? null : { lambda: ageLambda },
      volatilityWeighting: volLambda === null ? null : { lambda: volLambda, burnIn },
      varScenarioDates: levels.map((l) => endDate(l.varPath as number)),
      pricing: 'exact',
    },
    warnings: [
      ...(n < 250
        ? [`only ${n} scenarios: the ${Math.max(...confidences)} quantile rests on very few losses`]
        : []),
      ...staleHistoryWarnings({
        to: window.dates[window.dates.length - 1] as string,
        staleDays: staleDays(window.dates[window.dates.length - 1] as string, doc.valuationTime),
      }),
    ],
  };
}

/** 40 equal bins over [min, max] of the losses (one bin around a constant loss). */
function histogramEdges(lo: number, hi: number): number[] {
  const width = hi > lo ? hi - lo : Math.max(1, Math.abs(lo));
  const start = hi > lo ? lo : lo - width / 2;
  return Array.from({ length: 41 }, (_, i) => (i === 40 ? start + width : start + (width * i) / 40));
}
