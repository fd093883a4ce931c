import type { PortfolioDocument } from '../../portfolio/types.ts';
import { normInv, normPdf } from '../../stats/normal.ts';
import { staleHistoryWarnings } from '../input/covariance.ts';
import type { Contributions, VarResult } from '../result.ts';
import { quantileLevels } from '../result.ts';
import type { ParametricParams } from './prepare.ts';
import { prepareParametric } from './prepare.ts';

function matVec(m: Float64Array, v: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (m[i * d + j] as number) * (v[j] as number);
    out[i] = s;
  }
  return out;
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (y[i] as number);
  return s;
}

/**
 * Delta-normal VaR/ES (RiskMetrics Technical Document, 4th ed., 1996, section 6.2; Jorion, Value at
 * Risk, 3rd ed., 2007, ch. 7): the P&L is linearised in the log returns, P&L ~ delta'x with delta_i
 * the USD delta of token i (P&L per unit relative move) and x ~ N(0, h Sigma), zero mean. Then
 * sigma = sqrt(delta' h Sigma delta), VaR_a = z_a sigma, ES_a = sigma phi(z_a) / (1 - a), and the
 * Euler allocations are component VaR_k = z_a delta_k' h Sigma delta / sigma (ES: phi(z_a)/(1-a)
 * instead of z_a), adding up exactly to VaR and ES. Options contribute only their delta: see the
 * breakdown notes in docs/var.md.
 *
 * @throws RiskInputError as `prepareParametric`.
 */
export function runDeltaNormal(doc: PortfolioDocument, params: ParametricParams = {}): VarResult {
  const p = prepareParametric(doc, params);
  const d = p.tokens.length;
  const sa = matVec(p.horizonCov, p.total.a, d);
  const sigma = Math.sqrt(Math.max(0, dot(p.total.a, sa)));
  const alloc = (parts: readonly { a: Float64Array }[], names: readonly string[], factor: number) =>
    Object.fromEntries(
      names.map((n, k) => [
        n,
        sigma > 0 ? (factor * dot((parts[k] as { a: Float64Array }).a, sa)) / sigma : 0,
      ]),
    );
  const split = (factor: number): Contributions => ({
    byToken: alloc(p.byToken, p.tokens, factor),
    byAccount: alloc(p.byAccount, p.accounts, factor),
  });
  const { daily: _daily, ...covariance } = p.covariance;
  return {
    method: 'delta-normal',
    horizonDays: p.horizonDays,
    tokens: p.tokens,
    accounts: p.accounts,
    paths: null,
    levels: p.confidences.map((a) => {
      const z = normInv(a);
      const esFactor = normPdf(z) / (1 - a);
      return {
        confidence: a,
        var: z * sigma,
        es: esFactor * sigma,
        stdErrVar: null,
        contributions: { var: split(z), es: split(esFactor) },
      };
    }),
    distribution: {
      meanPnl: 0,
      stdPnl: sigma,
      minPnl: null,
      maxPnl: null,
      lossQuantiles: quantileLevels(p.confidences, 0).map((level) => ({
        level,
        loss: normInv(level) * sigma,
      })),
      lossHistogram: null,
    },
    covariance,
    details: { deltaUsd: Object.fromEntries(p.tokens.map((t, i) => [t, p.total.a[i] as number])) },
    warnings: staleHistoryWarnings(p.covariance.window),
  };
}
