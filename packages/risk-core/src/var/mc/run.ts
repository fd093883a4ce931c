import type { PortfolioDocument } from '../../portfolio/types.ts';
import type { ContractPricerFactory } from '../engine/pricer.ts';
import type { VarResult } from '../result.ts';
import { prepareMonteCarlo, runMonteCarloChunk } from './chunk.ts';
import { mergeMonteCarlo } from './merge.ts';
import { planMonteCarloRun } from './plan.ts';
import type { MonteCarloParams } from './types.ts';

/** Options of {@link runMonteCarlo}. */
export interface MonteCarloRunOptions {
  /** Called with the paths done so far (all chunks). */
  onProgress?: (pathsDone: number, totalPaths: number) => void;
  pricerFactory?: ContractPricerFactory;
}

/**
 * Monte Carlo VaR/ES in this thread: plan, every chunk in turn on one compiled engine, merge.
 * Identical (bit for bit) to any distributed execution of the same plan parameters.
 *
 * @throws RiskInputError as {@link planMonteCarloRun} and `runMonteCarloChunk`.
 */
export function runMonteCarlo(
  doc: PortfolioDocument,
  params: MonteCarloParams,
  options: MonteCarloRunOptions = {},
): VarResult {
  const { spec, chunks } = planMonteCarloRun(doc, params);
  const engine = prepareMonteCarlo(doc, spec, options.pricerFactory);
  let before = 0;
  const summaries = chunks.map((chunk) => {
    const s = runMonteCarloChunk(engine, spec, chunk, {
      onProgress: (n) => options.onProgress?.(before + n, spec.totalPaths),
    });
    before += chunk.count;
    return s;
  });
  return mergeMonteCarlo(spec, summaries);
}
