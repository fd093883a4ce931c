import { RiskInputError } from '../errors.ts';
import { correlationToCovariance, covarianceToCorrelation } from './correlation.ts';
import { fromEigen, symmetricEigen } from './eigen.ts';
import type { Matrix } from './matrix.ts';
import { nearestCorrelation, rescaleToUnitDiagonal } from './nearest-correlation.ts';
import { difference, symmetrize } from './symmetric.ts';

/** Repair methods of {@link repairCovariance}. */
export type RepairMethod =
  /** Higham (2002) nearest correlation matrix (Frobenius-optimal), see {@link nearestCorrelation}. */
  | 'higham'
  /**
   * Spectral method (Rebonato & Jaeckel, "The most general methodology to create a valid
   * correlation matrix", 1999): clip the correlation's eigenvalues at the floor, rescale to unit
   * diagonal. One eigen-decomposition, not Frobenius-optimal.
   */
  | 'clip';

/** Options of {@link repairCovariance}. */
export interface RepairOptions {
  method?: RepairMethod;
  /**
   * Smallest eigenvalue wanted for the CORRELATION matrix (default 1e-8), so that Cholesky succeeds.
   * A matrix already at or above it is returned unchanged.
   */
  minEigenvalue?: number;
  /** Matrix name in errors (default `covariance`). */
  name?: string;
}

/** Repaired covariance and a report of the change. */
export interface RepairReport {
  covariance: Matrix;
  method: RepairMethod;
  /** False when the input already met the eigenvalue floor (returned as is, symmetrized). */
  changed: boolean;
  /** ||repaired - input||_F on the covariance. */
  frobeniusChange: number;
  /** frobeniusChange / ||input||_F. */
  relativeFrobeniusChange: number;
  /** max_ij |repaired_ij - input_ij| on the covariance. */
  maxAbsChange: number;
  /** Largest change of a correlation coefficient. */
  maxCorrelationChange: number;
  /** Smallest eigenvalue of the input's correlation matrix. */
  minEigenvalueBefore: number;
  /** Smallest eigenvalue of the repaired correlation matrix. */
  minEigenvalueAfter: number;
  /** Higham iterations (0 for `clip` or an unchanged input). */
  iterations: number;
}

/**
 * Makes a covariance matrix positive definite while keeping every variance: C = D R D with
 * D = diag(sigma), the correlation R replaced by a valid one (`higham` or `clip`), and reports how
 * much changed. Use after {@link validateCovariance} fails with a PSD error on user input, or on
 * pairwise-estimated (gappy) covariances.
 *
 * @throws RiskInputError for a non-square/non-finite/non-symmetric input (naming the entry), a
 *   variance that is not > 0 (`name[i][i]`), or minEigenvalue outside [0, 1).
 */
export function repairCovariance(cov: Matrix, options: RepairOptions = {}): RepairReport {
  const name = options.name ?? 'covariance';
  const method = options.method ?? 'higham';
  if (method !== 'higham' && method !== 'clip') {
    throw new RiskInputError('UNSUPPORTED', 'method', method, "must be 'higham' or 'clip'");
  }
  const floor = options.minEigenvalue ?? 1e-8;
  if (!(floor >= 0 && floor < 1))
    throw new RiskInputError('OUT_OF_DOMAIN', 'minEigenvalue', floor, 'must be in [0, 1)');
  const sym = symmetrize(cov, name);
  const { correlation, volatilities } = covarianceToCorrelation(sym, name);
  const eig = symmetricEigen(correlation);
  const minBefore = eig.values[0] as number;
  let repaired: Matrix;
  let iterations = 0;
  if (minBefore >= floor) {
    repaired = correlation;
  } else if (method === 'higham') {
    const r = nearestCorrelation(correlation, { minEigenvalue: floor, name });
    repaired = r.correlation;
    iterations = r.iterations;
  } else {
    repaired = rescaleToUnitDiagonal(fromEigen(eig, (v) => Math.max(v, floor)));
  }
  const changed = minBefore < floor;
  const out = changed ? correlationToCovariance(repaired, volatilities) : sym;
  const d = difference(out, sym);
  let norm = 0;
  for (let i = 0; i < sym.data.length; i++) norm += (sym.data[i] as number) ** 2;
  return {
    covariance: out,
    method,
    changed,
    frobeniusChange: d.frobenius,
    relativeFrobeniusChange: d.frobenius / Math.sqrt(norm),
    maxAbsChange: d.maxAbs,
    maxCorrelationChange: difference(repaired, correlation).maxAbs,
    minEigenvalueBefore: minBefore,
    minEigenvalueAfter: changed ? (symmetricEigen(repaired).values[0] as number) : minBefore,
    iterations,
  };
}
